"""Signed tokens for links in emails.

Each purpose has its own salt, so a token made for one link never works for another. The
issue time travels inside the signed payload and is checked against a `now` the caller may
pass, which keeps expiry testable without waiting.
"""

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from models.base import utcnow

VERIFY_EMAIL = "verify-email"
# The purpose of a token, not a password:
RESET_PASSWORD = "reset-password"  # noqa: S105  # nosec B105
DIGEST_CLICK = "digest-click"
UNSUBSCRIBE = "unsubscribe"


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"plainly-{purpose}")


def make(purpose: str, payload: dict[str, Any], now: datetime | None = None) -> str:
    """A URL-safe signed token carrying `payload` and the time it was made."""
    issued = int((now or utcnow()).timestamp())
    return _serializer(purpose).dumps({**payload, "t": issued})


def load(
    purpose: str,
    token: str,
    max_age: timedelta | None = None,
    now: datetime | None = None,
) -> dict[str, Any] | None:
    """The payload of a genuine, unexpired token for `purpose`, otherwise None."""
    try:
        payload = _serializer(purpose).loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), int):
        return None
    if max_age is not None:
        age = (now or utcnow()).timestamp() - payload["t"]
        if age > max_age.total_seconds() or age < -60:
            return None
    return payload


def int_field(payload: dict[str, Any] | None, key: str) -> int | None:
    """An integer field of a payload, or None when missing or of the wrong type."""
    value = (payload or {}).get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
