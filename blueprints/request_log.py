"""Every request gets an id and one log line: `X-Request-ID` in, out, and in the logs.

The id is the valid `X-Request-ID` the request came with (so a proxy's id follows the request
through), or a new one; it is sent back in the answer's `X-Request-ID` header, which
gunicorn's access log shows (gunicorn.conf.py). The `plainly.request` logger writes one line
per request with its status and duration, a link's token masked in the path: it is the
access log (gunicorn's own is off by default, as it would show tokens); with
`LOG_FORMAT=json` it is a JSON object.
"""

import logging
import time

from flask import Flask, g, request
from werkzeug.wrappers import Response

from services import log_format

log = logging.getLogger("plainly.request")


def _start() -> None:
    g.request_started = time.perf_counter()
    log_format.request_id()


def _finish(response: Response) -> Response:
    rid = response.headers[log_format.REQUEST_ID_HEADER] = log_format.request_id()
    started = g.get("request_started")
    duration = None if started is None else round((time.perf_counter() - started) * 1000, 1)
    path, status = log_format.loggable_path(), response.status_code
    fields = {"status": status, "duration_ms": duration}
    log.info(
        "%s %s %s %sms id=%s", request.method, path, status, duration, rid, extra={"fields": fields}
    )
    return response


def init_app(app: Flask) -> None:
    """Name and time every request; set up JSON logs when `LOG_FORMAT` asks for them."""
    log_format.init_app(app)
    app.before_request(_start)
    app.after_request(_finish)
