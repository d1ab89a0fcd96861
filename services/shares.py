"""Read-only links to a reader's saved list, for a carer or family member.

The token is shown once, when the link is made; only its SHA-256 hash is stored, so a copy
of the database cannot be turned back into working links.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from models import ShareLink, User, db
from models.base import utcnow
from models.saved import SHARE_LABEL_MAX_LENGTH
from services import security_log
from services.errors import DomainError

TOKEN_BYTES = 32
EXPIRY_DAYS = (7, 30, 90)
EXPIRY_MESSAGE = "Choose when the link stops working."
LABEL_HINT = (
    "Only you see it, in your list of links, for example “for Mum's neurologist”. "
    f"Up to {SHARE_LABEL_MAX_LENGTH} characters."
)
LABEL_MESSAGE = f"Keep the name of the link to {SHARE_LABEL_MAX_LENGTH} characters or fewer."
# Opening a link records the time at most this often, so a busy link costs no write per view.
OPENED_EVERY = timedelta(minutes=1)
# Against account pre-hijacking: someone who signs up with another person's address must not
# be able to hand out links to what that account saves before the owner can claim it.
UNCONFIRMED_MESSAGE = (
    "Please confirm your email address before making a share link: open the link we emailed "
    "you, or use “Send the link again” at the top of this page."
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(
    user_id: int,
    *,
    include_notes: bool,
    expires_in_days: int | None,
    label: str | None = "",
    now: datetime | None = None,
) -> tuple[ShareLink, str]:
    """Add a share link (not committed). Returns the link and its token, which is not stored.

    `expires_in_days` is one of EXPIRY_DAYS, or None for a link that works until revoked;
    `label` is the owner's optional name for it, up to SHARE_LABEL_MAX_LENGTH characters.
    Raises DomainError otherwise, and for an account whose email address is not confirmed.
    """
    errors = {}
    label = " ".join((label or "").split())
    if len(label) > SHARE_LABEL_MAX_LENGTH:
        errors["label"] = LABEL_MESSAGE
    user = db.session.get(User, user_id)
    if user is None or not user.is_verified:
        errors["confirm"] = UNCONFIRMED_MESSAGE
    if expires_in_days is not None and expires_in_days not in EXPIRY_DAYS:
        errors["expires"] = EXPIRY_MESSAGE
    if errors:
        raise DomainError(errors)
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(
        user_id=user_id,
        token_hash=hash_token(token),
        include_notes=include_notes,
        label=label,
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    db.session.add(link)
    db.session.flush()
    security_log.record(
        "share_link.created",
        user_id=user_id,
        link_id=link.id,
        with_annotations=include_notes,
        expires_in_days=expires_in_days,
    )
    return link, token


def find(token: str) -> ShareLink | None:
    """The link for `token`, whether it still works or not; None for an unknown token."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(ShareLink).where(ShareLink.token_hash == hash_token(token)))


def find_active(token: str, now: datetime | None = None) -> ShareLink | None:
    """The link for `token` while it works: not revoked and not expired."""
    link = find(token)
    return link if link is not None and link.is_active(now or utcnow()) else None


def open_link(token: str, now: datetime | None = None) -> ShareLink | None:
    """The link for `token` as a viewer opens it (not committed); None for an unknown token.

    A working link records when it was opened (`record_opened`); opening one that was
    turned off or ran out is logged, and the caller shows a page that says so.
    """
    link = find(token)
    if link is None:
        return None
    now = now or utcnow()
    if link.is_active(now):
        record_opened(link, now)
    else:
        reason = "revoked" if link.revoked_at else "expired"
        security_log.record(
            "share_link.closed_opened", user_id=link.user_id, link_id=link.id, reason=reason
        )
    return link


def record_opened(link: ShareLink, now: datetime | None = None) -> bool:
    """Note that `link` was just opened (not committed); True when this wrote the time.

    At most one write per link per OPENED_EVERY: the UPDATE only matches a link opened
    longer ago, so many viewers at once (or a reload storm) write once between them.
    """
    now = now or utcnow()
    stmt = (
        update(ShareLink)
        .where(
            ShareLink.id == link.id,
            ShareLink.last_opened_at.is_(None) | (ShareLink.last_opened_at <= now - OPENED_EVERY),
        )
        .values(last_opened_at=now)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(stmt).rowcount != 1:
        return False
    set_committed_value(link, "last_opened_at", now)  # written above; nothing left to flush
    security_log.record("share_link.opened", user_id=link.user_id, link_id=link.id)
    return True


def links_of(user_id: int) -> list[ShareLink]:
    """The reader's share links, newest first."""
    stmt = (
        select(ShareLink)
        .where(ShareLink.user_id == user_id)
        .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
    )
    return list(db.session.scalars(stmt))


def revoke(user_id: int, link_id: int, now: datetime | None = None) -> ShareLink | None:
    """Stop a link from working. None when the reader has no such link."""
    link = db.session.scalar(
        select(ShareLink).where(ShareLink.id == link_id, ShareLink.user_id == user_id)
    )
    if link is not None and link.revoked_at is None:
        link.revoked_at = now or utcnow()
        security_log.record("share_link.revoked", user_id=user_id, link_id=link.id)
    return link


def revoke_all(user_id: int, now: datetime | None = None) -> int:
    """Turn off every link of the reader that still works (not committed); returns how many."""
    now = now or utcnow()
    stmt = (
        update(ShareLink)
        .where(
            ShareLink.user_id == user_id,
            ShareLink.revoked_at.is_(None),
            (ShareLink.expires_at.is_(None)) | (ShareLink.expires_at > now),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(stmt).rowcount
