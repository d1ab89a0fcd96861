"""Read-only links to a reader's saved list, for a carer or family member.

The token is shown once, when the link is made; only its SHA-256 hash is stored, so a copy
of the database cannot be turned back into working links.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from models import ShareLink, db
from models.base import utcnow
from services import security_log
from services.errors import DomainError

TOKEN_BYTES = 32
EXPIRY_DAYS = (7, 30, 90)
EXPIRY_MESSAGE = "Choose when the link stops working."


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(
    user_id: int,
    *,
    include_notes: bool,
    expires_in_days: int | None,
    now: datetime | None = None,
) -> tuple[ShareLink, str]:
    """Add a share link (not committed). Returns the link and its token, which is not stored.

    `expires_in_days` is one of EXPIRY_DAYS, or None for a link that works until revoked.
    Raises DomainError otherwise.
    """
    if expires_in_days is not None and expires_in_days not in EXPIRY_DAYS:
        raise DomainError({"expires": EXPIRY_MESSAGE})
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(
        user_id=user_id,
        token_hash=hash_token(token),
        include_notes=include_notes,
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


def find_active(token: str, now: datetime | None = None) -> ShareLink | None:
    """The link for `token` while it works: not revoked and not expired."""
    if not token or len(token) > 200:
        return None
    link = db.session.scalar(select(ShareLink).where(ShareLink.token_hash == hash_token(token)))
    return link if link is not None and link.is_active(now or utcnow()) else None


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
