"""Row helpers for "once per user" rules backed by a unique constraint."""

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from models import db


def dialect_name() -> str:
    """The kind of database in use: "sqlite" or "postgresql"."""
    return db.session.get_bind().dialect.name


def dialect_insert():
    """`insert()` of the database in use, which knows ON CONFLICT (SQLite and PostgreSQL)."""
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect_name()]


def add_once(model: type, **key) -> bool:
    """Insert `model(**key)` unless the unique constraint already holds such a row.

    Returns True when a row was added. INSERT … ON CONFLICT DO NOTHING needs no savepoint,
    and a parallel request that inserts the same row first simply wins.
    """
    stmt = dialect_insert()(model).values(**key).on_conflict_do_nothing()
    # RETURNING rather than rowcount, which psycopg does not report for this statement.
    stmt = stmt.returning(*model.__table__.primary_key.columns)
    return db.session.execute(stmt).first() is not None


def remove(model: type, **key) -> bool:
    """Delete the rows matching `key`. Returns True when something was deleted."""
    conditions = [getattr(model, name) == value for name, value in key.items()]
    return bool(db.session.execute(delete(model).where(*conditions)).rowcount)


def article_ids_with_row(model: type, user_id: int, article_ids: Iterable[int]) -> set[int]:
    """Which of `article_ids` have a `model` row for this reader (saved, read…), in one query."""
    ids = list(article_ids)
    if not ids:
        return set()
    stmt = select(model.article_id).where(model.user_id == user_id, model.article_id.in_(ids))
    return set(db.session.scalars(stmt))
