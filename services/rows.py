"""Row helpers for "once per user" rules backed by a unique constraint."""

import functools

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from models import db


def dialect_name() -> str:
    """The kind of database in use: "sqlite" or "postgresql"."""
    return db.session.get_bind().dialect.name


_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def dialect_insert():
    """`insert()` of the database in use, which knows ON CONFLICT (SQLite and PostgreSQL)."""
    return _INSERTS[dialect_name()]


def add_once(model: type, **key) -> bool:
    """Insert `model(**key)` unless the unique constraint already holds such a row.

    Returns True when a row was added. INSERT … ON CONFLICT DO NOTHING needs no savepoint,
    and a parallel request that inserts the same row first simply wins.
    """
    return db.session.execute(_insert_once_stmt(dialect_name(), model), key).first() is not None


@functools.cache
def _insert_once_stmt(dialect: str, model: type):
    """Built once per database kind and model; the row's values come with each call. A Core
    statement on the table: the ORM's insert cost more than the database's work for it."""
    table = model.__table__
    insert = _INSERTS[dialect]
    # RETURNING rather than rowcount, which psycopg does not report for this statement.
    return insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)


def remove(model: type, **key) -> bool:
    """Delete the rows matching `key`. Returns True when something was deleted."""
    conditions = [getattr(model, name) == value for name, value in key.items()]
    return bool(db.session.execute(delete(model).where(*conditions)).rowcount)
