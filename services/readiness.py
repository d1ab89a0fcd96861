"""Whether this process can serve readers: the checks behind `/readyz`.

Each check returns a `Check` (ok, and a short detail for the operator): the database answers
`SELECT 1`; Redis answers PING when `REDIS_URL` is set; the database's Alembic revision is the
migration scripts' head. The scripts are read once per process (they only change with a new
release, which restarts it); the database's revision is looked up again after
`READY_CACHE_SECONDS`, so a probe every second costs one `SELECT 1` and a PING.
"""

import time
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from limits.storage import Storage, storage_from_string
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from models import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
KEY = "plainly.readiness"
REDIS_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str

    def as_json(self) -> dict:
        return {"status": "ok" if self.ok else "error", "detail": self.detail}


@dataclass
class _State:
    heads: frozenset[str] | None = None
    revision_checked: float = float("-inf")
    revision: Check | None = None
    redis: Storage | None = None


def _state() -> _State:
    return current_app.extensions.setdefault(KEY, _State())


def script_heads() -> frozenset[str]:
    """The revisions the migration scripts end in (read once per process)."""
    state = _state()
    if state.heads is None:
        scripts = ScriptDirectory(str(MIGRATIONS))
        state.heads = frozenset(scripts.get_heads())
    return state.heads


def database() -> Check:
    """The database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        return Check(False, f"unreachable ({type(error).__name__})")
    return Check(True, "reachable")


def migrations(now: float | None = None) -> Check:
    """The database's Alembic revision is the scripts' head (cached `READY_CACHE_SECONDS`)."""
    state, now = _state(), time.monotonic() if now is None else now
    if state.revision is None or now - state.revision_checked >= _cache_seconds():
        state.revision, state.revision_checked = _compare_revisions(), now
    return state.revision


def _cache_seconds() -> int:
    return current_app.config["READY_CACHE_SECONDS"]


def _compare_revisions() -> Check:
    try:
        current = frozenset(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()
        return Check(False, "no migration has been applied: run `flask db upgrade`")
    heads = script_heads()
    if current == heads:
        return Check(True, f"at head {', '.join(sorted(heads))}")
    return Check(
        False,
        f"database at {', '.join(sorted(current)) or 'nothing'}, scripts at "
        f"{', '.join(sorted(heads))}: run `flask db upgrade`",
    )


def redis() -> Check | None:
    """Redis answers PING; None when no `REDIS_URL` is configured."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    state = _state()
    if state.redis is None:
        # A probe must answer quickly even when Redis's host does not answer at all.
        timeouts = {"socket_timeout": REDIS_TIMEOUT_SECONDS}
        timeouts["socket_connect_timeout"] = REDIS_TIMEOUT_SECONDS
        state.redis = storage_from_string(url, **timeouts)
    return Check(True, "reachable") if state.redis.check() else Check(False, "unreachable")


def report() -> tuple[bool, dict[str, dict]]:
    """(ready?, every check by name) for `/readyz`."""
    checks = {"database": database()}
    if checks["database"].ok:
        checks["migrations"] = migrations()
    else:
        checks["migrations"] = Check(False, "not checked: the database is unreachable")
    if (redis_check := redis()) is not None:
        checks["redis"] = redis_check
    ready = all(check.ok for check in checks.values())
    return ready, {name: check.as_json() for name, check in checks.items()}
