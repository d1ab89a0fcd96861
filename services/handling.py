"""What staff have dealt with: rows (feedback, contact messages) with handled_at/handled_by_id."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, true, update

from models import db
from services.feed import Cursor

UNHANDLED, HANDLED, ALL = "unhandled", "handled", "all"


def shown_filter(model: type, show: str) -> ColumnElement[bool]:
    """The condition for HANDLED, ALL or (for anything else) UNHANDLED rows of `model`."""
    if show == HANDLED:
        return model.handled_at.is_not(None)
    if show == ALL:
        return true()
    return model.handled_at.is_(None)


def mark_handled(model: type, row_id: int, staff_id: int, now: datetime) -> bool | None:
    """Record that a member of staff dealt with one row of `model`.

    Returns True when it was marked, False when it had been handled already, None when no
    such row exists.
    """
    if db.session.get(model, row_id) is None:
        return None
    result = db.session.execute(
        update(model)
        .where(model.id == row_id, model.handled_at.is_(None))
        .values(handled_at=now, handled_by_id=staff_id)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def newest_page(
    model: type, stmt: Select, before: Cursor | None, limit: int, make: Callable[..., Any]
) -> tuple[list, Cursor | None]:
    """One page of `stmt`'s rows of `model`, newest first (keyset on created_at, id), made
    into `make(**row)`; and the cursor of the next, older page, if there is one."""
    if before is not None:
        stmt = stmt.where(before.older(model.created_at, model.id))
    rows = [make(**row._mapping) for row in db.session.execute(stmt.limit(limit + 1))]
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, Cursor(rows[-1].created_at, rows[-1].id)
