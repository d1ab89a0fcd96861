"""Gunicorn settings for Plainly: `gunicorn --config gunicorn.conf.py 'app:create_app()'`.

Every value can be changed from the environment (docs/deploy.md, "Web processes"):

- `WEB_CONCURRENCY`: worker processes; default 2 × CPU cores + 1, at most `MAX_WORKERS`. The
  app reads the same variable, so its production check (more than one process needs
  `REDIS_URL`) sees the same number.
- `PLAINLY_WEB_THREADS`: threads per worker (gthread); 1 means plain sync workers.
- `PLAINLY_BIND`: the address to listen on, `127.0.0.1:8000` by default (the reverse proxy
  is the only client); `unix:/run/plainly/web.sock` works too.
- `PLAINLY_WEB_TIMEOUT`, `PLAINLY_WEB_GRACEFUL_TIMEOUT`, `PLAINLY_WEB_KEEPALIVE` (seconds).
- `PLAINLY_WEB_MAX_REQUESTS`: a worker is replaced after that many requests (plus a random
  jitter of up to a tenth, so they never all restart together); 0 turns it off.
- `PLAINLY_WEB_PRELOAD`: load the app once in the master before forking (default on: less
  memory, and a bad setting stops the start at once instead of in every worker).
- `PLAINLY_ACCESS_LOG`: also write gunicorn's own access log to stdout (off by default: the
  app logs every request itself, with its request id and duration and with the tokens of
  links masked, which gunicorn's line would show).
- `PLAINLY_LOG_FORMAT=json`: gunicorn's own messages become JSON lines like the app's.
"""

import multiprocessing
import os

MAX_WORKERS = 12


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise SystemExit(f"{name} must be a whole number of 0 or more, not {value!r}")
    return int(value)


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


def default_workers() -> int:
    """2 × cores + 1 (gunicorn's advice for a mostly waiting app), at most MAX_WORKERS."""
    return min(2 * multiprocessing.cpu_count() + 1, MAX_WORKERS)


wsgi_app = "app:create_app()"
bind = os.environ.get("PLAINLY_BIND", "127.0.0.1:8000").split(",")
workers = max(1, _number("WEB_CONCURRENCY", default_workers()))
threads = max(1, _number("PLAINLY_WEB_THREADS", 2))
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes longer than this is a stuck worker: it is killed and replaced.
timeout = _number("PLAINLY_WEB_TIMEOUT", 30)
graceful_timeout = _number("PLAINLY_WEB_GRACEFUL_TIMEOUT", 30)
# Behind a reverse proxy that keeps connections open to the app; a little longer than none.
keepalive = _number("PLAINLY_WEB_KEEPALIVE", 5)
max_requests = _number("PLAINLY_WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
preload_app = _flag("PLAINLY_WEB_PRELOAD", True)
# The proxy's own address: gunicorn believes X-Forwarded-* only for the scheme it reports
# in its log; the app's ProxyFix (PLAINLY_TRUSTED_PROXIES) decides what the app believes.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Gunicorn's runtime control socket: one fixed path per user, which two sites on one host
# would fight over; `systemctl reload` (HUP) and `kill -TTIN/-TTOU` do the same work.
control_socket_disable = True

errorlog = "-"
loglevel = os.environ.get("PLAINLY_WEB_LOG_LEVEL", "info")
_ACCESS_LOG = _flag("PLAINLY_ACCESS_LOG", False)
accesslog = "-" if _ACCESS_LOG else None
# Client (as the proxy forwarded it), time, request without the query string, status, size,
# duration in milliseconds and the request id the app sent back.
access_log_format = (
    '%({x-forwarded-for}i)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s'
)

_JSON = os.environ.get("PLAINLY_LOG_FORMAT", "").strip().lower() == "json"
# Every record (gunicorn's and the app's) goes to stderr through the root logger, as text
# or as JSON; the app finds the handler in place and adds none of its own.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["stdout"] if _ACCESS_LOG else [],
            "propagate": False,
        },
        "alembic": {"level": "WARNING"},  # /readyz reads the migration scripts once
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "main",
            "stream": "ext://sys.stderr",
        },
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "stream": "ext://sys.stdout",
        },
    },
    "formatters": {
        "main": (
            {"()": "services.log_format.JsonFormatter"}
            if _JSON
            else {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"}
        ),
        "access": {"format": "%(message)s"},
    },
}


def post_fork(_server, worker) -> None:
    """With preload_app, the master built the app and its database engines: each worker
    drops the pooled connections it inherited (without closing the master's), so no two
    processes ever share a database connection."""
    if not preload_app:
        return
    from models import db  # the app's own modules load only once gunicorn has set up

    flask_app = worker.app.wsgi()
    with flask_app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
