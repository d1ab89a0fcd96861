"""Log lines for a log collector: one JSON object per line, and the request ids they carry.

With `LOG_FORMAT=json` (`PLAINLY_LOG_FORMAT=json`) every record that reaches the root logger
is written by `JsonFormatter` to standard error: `time` (UTC), `level`, `logger`, `message`,
`pid`, and during a request its `request_id`, `method` and `path` (a link's token masked);
fields a caller passes in `extra={"fields": {...}}` (a request's `status` and
`duration_ms`) are added as they are.
"""

import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

# A proxy's or a client's id is kept when it is short and plain; anything else (spaces,
# quotes, control characters that could forge a log line) is replaced by a new one.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
REQUEST_ID_HEADER = "X-Request-ID"


def valid_request_id(value: str | None) -> str | None:
    """`value` when it may serve as a request id in logs and headers, else None."""
    return value if value and REQUEST_ID.fullmatch(value) else None


def new_request_id() -> str:
    """A fresh request id (32 hex digits)."""
    return uuid.uuid4().hex


def request_id() -> str:
    """The current request's id: the valid `X-Request-ID` it came with, or a new one."""
    if "request_id" not in g:
        g.request_id = valid_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
    return g.request_id


def loggable_path() -> str:
    """The current request's path, with the token of a link (reset, share, digest) masked:
    a log is read by more people than the link was meant for."""
    path = request.path
    if token := (request.view_args or {}).get("token"):
        path = path.replace(str(token), "<token>")
    return path


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON (never more: newlines in messages are escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        if has_request_context():
            entry.update(request_id=request_id(), method=request.method, path=loggable_path())
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the time (a test may have replaced it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def init_app(app: Flask) -> None:
    """With `LOG_FORMAT=json`, send the root logger's records to stderr as JSON lines.

    One handler per process however many apps are built; the app's own logger hands its
    records to it instead of Flask's text handler. The security log keeps its own handler
    and writes its events as JSON objects too (`SECURITY_LOG_JSON` follows `LOG_FORMAT`).
    """
    if app.config["LOG_FORMAT"] != "json":
        return
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = StderrHandler()
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    if root.getEffectiveLevel() > logging.INFO:
        root.setLevel(logging.INFO)
    app.logger.removeHandler(default_handler)
