"""A reader's private Atom feed: their own feed at a secret address, for a feed reader app.

The secret is shown once, when the address is made; only its SHA-256 hash is stored (as for
share links), so a copy of the database cannot be turned back into working addresses. Making
a new address replaces the hash, so the old address stops working at once.
"""

import hmac
import re
import secrets

from sqlalchemy import select

from models import User, db
from services.shares import hash_token

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-]; anything else is not ours.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def create(user: User) -> str:
    """Give the reader a new private feed address (not committed); returns its secret part.

    An address made before stops working.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    user.feed_token_hash = hash_token(token)
    db.session.flush()
    return token


def turn_off(user: User) -> bool:
    """Remove the reader's private feed address. False when they had none."""
    if user.feed_token_hash is None:
        return False
    user.feed_token_hash = None
    db.session.flush()
    return True


def reader_for(token: str) -> User | None:
    """The reader whose private feed address has this secret part, or None."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    hashed = hash_token(token)
    user = db.session.scalar(select(User).where(User.feed_token_hash == hashed))
    # The lookup matched on the hash; compare again in constant time before trusting it.
    if user is None or not hmac.compare_digest(user.feed_token_hash or "", hashed):
        return None
    return user
