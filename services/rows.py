"""Row helpers: Core statements on the session's connection, "once per user" rules backed
by a unique constraint, and how a request that only read ends its transaction (PostgreSQL)."""

import functools

from flask import Flask
from sqlalchemy import ARRAY, ColumnElement, Integer, bindparam, delete, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.selectable import CompoundSelect, Select
from sqlalchemy.types import TypeEngine

from models import db

# Set on a database connection by any statement but a compiled SELECT (with or without a
# WITH), until its transaction ends.
_WROTE = "plainly_wrote"


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


def unseen_by_planner(name: str, type_: TypeEngine, dialect: str) -> ColumnElement:
    """A parameter bound as `name` that PostgreSQL's planner cannot see: a one-row subquery.

    PostgreSQL plans a prepared statement once for all its values only when that plan looks
    no costlier than one for the values at hand. A keyset cursor, a topic or a reader whose
    follows or saves it can count makes a plan for that value look cheaper, so it planned
    such a page each time, which cost more than running it (bench/RESULTS.md). Unseen,
    every value costs the same and one plan serves them all; the plan's shape stays the
    same. SQLite plans each statement once anyway: there the value stays a parameter.
    """
    value = bindparam(name, type_=type_)
    return select(value).scalar_subquery() if dialect == "postgresql" else value


def unseen_ids(name: str, dialect: str):
    """A list of ids bound as `name`, for `IN (...)`: on PostgreSQL the rows of an array the
    planner cannot see into, so one statement and one plan serve any number of ids (see
    `unseen_by_planner`); on SQLite an expanding parameter, one `?` per id."""
    if dialect == "postgresql":
        return select(func.unnest(bindparam(name, type_=ARRAY(Integer()))))
    return bindparam(name, expanding=True)


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


def _note_write(conn, cursor, statement: str, parameters, context, executemany) -> None:
    statement_object = getattr(getattr(context, "compiled", None), "statement", None)
    if not isinstance(statement_object, Select | CompoundSelect):
        conn.info[_WROTE] = True


def _transaction_ended(conn) -> None:
    conn.info.pop(_WROTE, None)


def _commit_read_only(error: BaseException | None) -> None:
    """End a request's transaction that only read with COMMIT rather than ROLLBACK.

    Both end it the same way, but psycopg forgets every prepared statement on a rollback,
    so PostgreSQL planned each statement of a page that wrote nothing again on every
    request; kept, a statement it has seen a few times is planned once for any values (a
    generic plan), which for a feed page cost more than running it. A transaction that
    wrote anything, has changes waiting, or ended in an error is rolled back as before.
    """
    if error is not None or not db.session.registry.has():
        return
    session = db.session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    try:
        if not session.connection().info.get(_WROTE):
            # Objects read stay readable after the context ends, as after a rollback.
            session.expire_on_commit = False
            session.commit()
    except Exception:  # noqa: BLE001  # the session's removal rolls back what is left
        return


def init_app(app: Flask) -> None:
    """PostgreSQL only (SQLite keeps no prepared statements). Registered after
    Flask-SQLAlchemy: teardowns run last-registered first, so this ends the transaction
    before the session is removed."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _transaction_ended)
    event.listen(engine, "rollback", _transaction_ended)
    app.teardown_appcontext(_commit_read_only)
