"""Row helpers: Core statements on the session's connection, and "once per user" rules
backed by a unique constraint."""

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


def run_core(stmt, params=None):
    """Run a Core statement (it reads or writes columns, never ORM objects) on the session's
    own connection, in its transaction, without the ORM's work around each statement, which
    cost more than SQLite's own for a list page's queries (bench/RESULTS.md).

    Unlike `db.session.execute` it does not flush pending objects first: use it only where
    nothing this request added or changed, and did not flush yet, can change the result.
    """
    return db.session.connection().execute(stmt, params)


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
