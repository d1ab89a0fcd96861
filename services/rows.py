"""Row helpers for "once per user" rules backed by a unique constraint."""

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from models import db


def add_once(model: type, **key) -> bool:
    """Insert `model(**key)` unless such a row exists. Returns True when a row was added.

    A parallel request may insert the same row between the check and the insert; the unique
    constraint then refuses it inside a savepoint and the outer transaction carries on.
    """
    if db.session.scalar(select(exists().where(*_match(model, key)))):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(model(**key))
    except IntegrityError:
        return False
    return True


def remove(model: type, **key) -> bool:
    """Delete the rows matching `key`. Returns True when something was deleted."""
    return bool(db.session.execute(delete(model).where(*_match(model, key))).rowcount)


def _match(model: type, key: dict) -> list:
    return [getattr(model, name) == value for name, value in key.items()]
