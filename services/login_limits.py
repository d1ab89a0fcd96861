"""Failed log-ins counted per account, with a growing wait after too many.

After `FREE_FAILURES` wrong passwords for one email address, each further try must wait:
1, 2, 4, 8 … minutes, never more than `MAX_WAIT`, so the account's real owner is never kept
out for long, and resetting the password stays open all along (and clears the count). A
successful log-in clears it too; the count is forgotten `MEMORY` after the first failure.

Addresses with no account are counted the same way, so neither the wait nor its message
tells whether an account exists. The counts live in the rate limits' storage (`REDIS_URL`
in production), shared by every server process, under a keyed hash of the address.
"""

import hashlib
import hmac
import math
import time
from datetime import timedelta

from flask import current_app

from extensions import LoginCounters
from models import User
from services import accounts, security_log

FREE_FAILURES = 5
FIRST_WAIT = timedelta(minutes=1)
MAX_WAIT = timedelta(minutes=15)
MEMORY = timedelta(hours=24)


class TryLater(Exception):
    """Too many wrong passwords for this address: the next try must wait `wait`."""

    def __init__(self, wait: timedelta):
        self.wait = wait
        super().__init__(wait_message(wait))


def wait_message(wait: timedelta) -> str:
    """A calm message that names the wait and the way out, the same for every address."""
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        "For your safety, logging in to this account is paused after several tries that "
        f"did not match. Please try again in {minutes} {unit}, or reset your password now."
    )


def backoff(failures: int) -> timedelta:
    """How long to wait after `failures` wrong passwords in a row (zero while still free)."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(FIRST_WAIT * 2 ** (failures - FREE_FAILURES), MAX_WAIT)


def _key(kind: str, email: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(secret, accounts.normalize_email(email).encode(), hashlib.sha256)
    return f"plainly/login/{kind}/{digest.hexdigest()[:32]}"


def wait_for(email: str) -> timedelta:
    """How long this address must still wait before its password is checked again."""
    counters, key = LoginCounters.current(), _key("wait", email)
    if not counters.get(key):
        return timedelta(0)
    left = counters.get_expiry(key) - time.time()
    return timedelta(seconds=math.ceil(left)) if left > 0 else timedelta(0)


def record_failure(email: str) -> int:
    """Count a wrong password for this address and start its wait when one is due.

    The wait is a key that expires by itself, so it ends on time even if nothing else
    happens, and two processes counting at once cannot make it longer.
    """
    counters = LoginCounters.current()
    failures = counters.incr(_key("failures", email), int(MEMORY.total_seconds()))
    if wait := backoff(failures):
        key = _key("wait", email)
        counters.clear(key)
        counters.incr(key, int(wait.total_seconds()))
    return failures


def clear(email: str) -> None:
    """Forget this address's failures: after a successful log-in or password reset."""
    counters = LoginCounters.current()
    for kind in ("failures", "wait"):
        counters.clear(_key(kind, email))


def authenticate(email: str, password: str) -> User | None:
    """`accounts.authenticate` behind the per-account limit.

    Returns the user, or None for a wrong email or password (counted, `login.failed`).
    Raises TryLater without checking the password while the address waits
    (`login.throttled`). The caller commits (the password hash may have been renewed).
    """
    if wait := wait_for(email):
        account = accounts.find_by_email(email)
        security_log.record(
            "login.throttled",
            user_id=account.id if account else None,
            wait_seconds=int(wait.total_seconds()),
        )
        raise TryLater(wait)
    user = accounts.authenticate(email, password)
    if user is not None:
        clear(email)
        return user
    failures = record_failure(email)
    account = accounts.find_by_email(email)
    security_log.record(
        "login.failed",
        user_id=account.id if account else None,
        reason="password" if account else "no_account",
        failures=failures,
    )
    return None
