"""Values worth computing once per change (counts over the whole library), kept in the app's
cache: `extensions.cache`, Redis when REDIS_URL is set, in-process otherwise.

Each value has a name and a row in `cache_versions` whose token `changed(name)` replaces in
the caller's transaction. The value is stored under its name and the token, so once a change
commits every process asks for a key nobody has filled yet and computes the value afresh;
a process that computed it from data older than the change stores it under a token nobody
asks for any more. A value may also say until when it holds by itself (the moment a
scheduled article goes public). Without a token row (a database only bulk inserts have
written) the value is computed every time. Nothing is committed here.
"""

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from extensions import cache
from models import CacheVersion, db
from models.base import utcnow
from models.cache import TOKEN_LENGTH

T = TypeVar("T")
# Entries of old tokens are never asked for again; Redis drops them after this long.
TIMEOUT_SECONDS = 24 * 60 * 60
_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def changed(name: str, connection: Connection | None = None) -> None:
    """Make the cached value `name` stale from the moment the current transaction commits."""
    conn = connection or db.session.connection()
    token = secrets.token_hex(TOKEN_LENGTH // 2)
    stmt = _INSERT[conn.dialect.name](CacheVersion).values(name=name, token=token)
    conn.execute(stmt.on_conflict_do_update(index_elements=["name"], set_={"token": token}))


def value(
    name: str,
    compute: Callable[[datetime], tuple[T, datetime | None]],
    now: datetime | None = None,
) -> T:
    """The value `name` as of the last committed change: from the cache, or `compute(now)`.

    `compute` returns the value and the moment it stops holding by itself (or None).
    """
    now = now or utcnow()
    token = db.session.scalar(select(CacheVersion.token).where(CacheVersion.name == name))
    key = f"{name}:{token}"
    entry = cache.get(key) if token else None
    if entry is not None and (entry[1] is None or now < entry[1]):
        return entry[0]
    result, until = compute(now)
    if token:
        cache.set(key, (result, until), timeout=TIMEOUT_SECONDS)
    return result
