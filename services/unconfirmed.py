"""Accounts whose email address was never confirmed, and removing them after a grace period.

Against account pre-hijacking: someone may sign up with another person's address and wait.
An account left unconfirmed for PRUNE_AFTER is deleted with everything of it (follows,
saved articles, notes, share links, digest settings: the database cascades), so the owner of
the address can sign up with it. Staff accounts are never pruned.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from models import User, db
from models.base import utcnow
from services import security_log

PRUNE_AFTER = timedelta(days=7)


def stale_stmt(now: datetime | None = None, older_than: timedelta = PRUNE_AFTER):
    """The accounts made before `now - older_than` whose address is still unconfirmed."""
    cutoff = (now or utcnow()) - older_than
    return select(User).where(
        User.email_verified_at.is_(None),
        User.staff_role.is_(None),
        User.created_at < cutoff,
    )


def prune(
    now: datetime | None = None, *, older_than: timedelta = PRUNE_AFTER, dry_run: bool = False
) -> list[str]:
    """Delete the stale unconfirmed accounts (not committed); returns their addresses, oldest
    first. With `dry_run`, only says which they would be."""
    stmt = stale_stmt(now, older_than).order_by(User.created_at, User.id)
    stale = [(user.id, user.email) for user in db.session.scalars(stmt)]
    if dry_run or not stale:
        return [email for _id, email in stale]
    ids = [user_id for user_id, _email in stale]
    db.session.execute(
        delete(User).where(User.id.in_(ids)).execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    security_log.record("account.pruned", count=len(ids), user_ids=",".join(map(str, ids)))
    return [email for _id, email in stale]
