"""Security events, one structured log line each (docs/operations.md, "Security log").

`record("login.failed", user_id=7, reason="password")` writes who did what and from where to
the `plainly.security` logger: as `key=value` text, or as one JSON object per line when
`SECURITY_LOG_JSON` is on. A line never holds a password, token, code or note text: fields with
such names are refused, so a careless caller fails in tests rather than leaking in production.
"""

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, has_request_context, request

LOGGER_NAME = "plainly.security"
log = logging.getLogger(LOGGER_NAME)

EVENT_NAME = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z_]*)+")  # "area.what": login.failed
# A field is refused when any part of its name ("new_password" → new, password) is one of these.
SECRET_WORDS = frozenset({"password", "token", "secret", "code", "codes", "note", "notes", "totp"})


def init_app(app: Flask) -> None:
    """Send security events to standard error unless something already handles them."""
    app.config.setdefault("SECURITY_LOG_JSON", False)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def _client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def record(event: str, *, user_id: int | None = None, **fields: Any) -> dict:
    """Log one security event; returns what was logged (the test suite reads it too)."""
    if not EVENT_NAME.fullmatch(event):
        raise ValueError(f"event names look like 'area.what', not {event!r}")
    secret = [k for k in fields if SECRET_WORDS & set(k.lower().split("_"))]
    if secret:
        raise ValueError(f"security events never hold secrets or notes: {', '.join(secret)}")
    entry = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "event": event,
        "user_id": user_id,
        "ip": _client_ip(),
        **fields,
    }
    if current_app.config.get("SECURITY_LOG_JSON"):
        log.info(json.dumps(entry, default=str, sort_keys=False))
    else:
        log.info("security " + " ".join(f"{key}={value}" for key, value in entry.items()))
    return entry
