"""Who is due a digest now, and the period (local day or ISO week) it belongs to."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from models import DigestPreference, User, db
from models.digest import DAILY, OFF, WEEKLY
from services.timezones import zone


@dataclass(frozen=True)
class Candidate:
    """A reader whose send time has come, with the period their next digest belongs to."""

    user_id: int
    email: str
    frequency: str
    period: str
    max_articles: int
    paused_until: datetime | None = None
    token_version: int = 0  # goes into the unsubscribe link


def period_for(
    frequency: str,
    weekday: int,
    send_hour: int,
    timezone: str | None,
    now: datetime,
    force: bool = False,
) -> str | None:
    """The reader's current period if their local send time has come in it, else None.

    Daily digests belong to the local date ("2026-11-25"), weekly ones to the local ISO
    week ("2026-W48") and are due from the chosen weekday and hour on.
    """
    local = now.astimezone(zone(timezone))
    if frequency == DAILY:
        reached = local.hour >= send_hour
        period = local.date().isoformat()
    elif frequency == WEEKLY:
        reached = (local.weekday(), local.hour) >= (weekday, send_hour)
        year, week, _ = local.isocalendar()
        period = f"{year}-W{week:02d}"
    else:
        return None
    return period if reached or force else None


def candidates(
    now: datetime, *, force: bool = False, user_ids: Sequence[int] | None = None
) -> list[Candidate]:
    """Verified readers with digests on and not paused, whose send time has come.

    With `force`, every such reader counts as due now, whatever their send time; with
    `user_ids`, only those readers are looked at (one batch of a run, in a worker).
    """
    P = DigestPreference
    stmt = (
        select(
            User.id,
            User.email,
            P.frequency,
            P.weekday,
            P.send_hour,
            P.timezone,
            P.max_articles,
            P.paused_until,
            P.token_version,
        )
        .join(P, P.user_id == User.id)
        .where(
            P.frequency != OFF,
            User.email_verified_at.is_not(None),
            or_(P.paused_until.is_(None), P.paused_until <= now),
        )
        .order_by(User.id)
    )
    if user_ids is not None:
        stmt = stmt.where(User.id.in_(user_ids))
    found = []
    for row in db.session.execute(stmt):
        period = period_for(row.frequency, row.weekday, row.send_hour, row.timezone, now, force)
        if period:
            found.append(
                Candidate(
                    row.id,
                    row.email,
                    row.frequency,
                    period,
                    row.max_articles,
                    row.paused_until,
                    row.token_version,
                )
            )
    return found
