"""Settings: the defaults, the secret key, and the checks that refuse an unsafe start.

`load(app, overrides)` fills `app.config` from the defaults, then the environment (`SECRET_KEY`,
`DATABASE_URL`, `REDIS_URL`, `WEB_CONCURRENCY` and every `PLAINLY_*` setting), then
`overrides`. In production mode (`PRODUCTION`) a setting that would leave the site unsafe
stops the start with a `ConfigError` that says what to set; docs/operations.md lists them all.
"""

import os
import secrets
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

MIN_SECRET_BYTES = 32
KEY_FILE_NAME = "secret_key"
# Everything the app creates (database, outbox, secret key, files written later) is readable
# by its own user only: 0600 for files, 0700 for folders.
PRIVATE_UMASK = 0o077
# The largest body an ordinary form may send; the editor's uploads declare their own limit.
FORM_MAX_BYTES = 64 * 1024
MAX_FORM_PARTS = 200
LOG_FORMATS = ("text", "json")
# ProxyFix's hop counts: X-Forwarded-For, -Proto and -Host (werkzeug's x_for, x_proto, x_host).
PROXY_HEADERS = ("PROXY_FIX_FOR", "PROXY_FIX_PROTO", "PROXY_FIX_HOST")


class ConfigError(RuntimeError):
    """A setting that would make the app unsafe to run; the message says how to fix it."""


def database_url(url: str | None, instance_path: str) -> str:
    """The SQLAlchemy URL: `DATABASE_URL` (psycopg 3 for PostgreSQL) or a SQLite file."""
    if not url:
        return f"sqlite:///{Path(instance_path) / 'plainly.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def defaults(app: Flask) -> dict[str, Any]:
    """Every setting the app reads, with its default (docs/operations.md says why each)."""
    return dict(
        SQLALCHEMY_DATABASE_URI=database_url(os.environ.get("DATABASE_URL"), app.instance_path),
        CONTENT_DIR=str(Path(app.root_path) / "content"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        # Readers may leave a form open for a long time; the token lives as long as the session.
        WTF_CSRF_TIME_LIMIT=None,
        AUTH_RATE_LIMIT="10 per minute; 60 per hour",
        FEEDBACK_RATE_LIMIT="5 per minute; 30 per day",
        CONTACT_RATE_LIMIT="3 per minute; 20 per day",
        RATELIMIT_STORAGE_URI=os.environ.get("REDIS_URL") or "memory://",
        # Redis, shared by every process: rate limits, the RQ job queue (mail, digests run in
        # `flask jobs work` workers), cached counts; checked by /readyz when set.
        REDIS_URL=os.environ.get("REDIS_URL") or None,
        # Seconds before each retry of a failed job (RQ), one per retry.
        JOB_RETRY_INTERVALS=[10, 60, 300],
        RATELIMIT_HEADERS_ENABLED=True,
        # Cached counts (services.cached): shared through Redis when REDIS_URL is set, else
        # kept in each process, which stays correct because every value carries a version
        # token from the database.
        CACHE_TYPE="RedisCache" if os.environ.get("REDIS_URL") else "SimpleCache",
        CACHE_REDIS_URL=os.environ.get("REDIS_URL"),
        CACHE_KEY_PREFIX="plainly:",
        # How many server processes share the work (gunicorn reads WEB_CONCURRENCY too).
        WORKERS=os.environ.get("WEB_CONCURRENCY") or 1,
        # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none).
        TRUSTED_PROXIES=0,
        # Per header, when the proxies differ (None: TRUSTED_PROXIES); Prefix is off by default.
        PROXY_FIX_FOR=None,
        PROXY_FIX_PROTO=None,
        PROXY_FIX_HOST=None,
        PROXY_FIX_PREFIX=0,
        # "text" (the default) or "json": one JSON object per line for a log collector.
        LOG_FORMAT="text",
        # How long /readyz trusts its last look at the database's migration revision.
        READY_CACHE_SECONDS=5,
        # Host names requests may carry; in production mode it defaults to BASE_URL's host.
        TRUSTED_HOSTS=None,
        PRODUCTION=False,
        ARGON2_PROFILE="RFC_9106_LOW_MEMORY",
        # Every absolute link (emails, share links) is built from this address, never from a
        # request's Host header.
        BASE_URL="http://127.0.0.1:5000",
        # Without MAIL_SERVER, emails are written to instance/outbox/ instead of being sent.
        MAIL_SERVER=None,
        MAIL_PORT=25,
        MAIL_USE_TLS=False,
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
        MAIL_FROM="Plainly <plainly@localhost>",
        # Ordinary forms are small; a bigger body gets the friendly 413 page unread.
        MAX_CONTENT_LENGTH=FORM_MAX_BYTES,
        MAX_FORM_MEMORY_SIZE=FORM_MAX_BYTES,
        MAX_FORM_PARTS=MAX_FORM_PARTS,
        # The two pages of the page benchmarks (blueprints/bench.py); never in production.
        BENCH_ROUTES=False,
    )


def load(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Fill `app.config`; raises ConfigError for a setting that is unsafe or malformed."""
    config = app.config
    config.from_mapping(defaults(app))
    if os.environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    config.from_prefixed_env("PLAINLY")
    config.from_mapping(overrides or {})
    for name in ("WORKERS", "TRUSTED_PROXIES", "PROXY_FIX_PREFIX", "READY_CACHE_SECONDS"):
        config[name] = whole_number(config, name)
    for name in PROXY_HEADERS:  # unset: as many as TRUSTED_PROXIES
        config[name] = (
            config["TRUSTED_PROXIES"] if config[name] is None else whole_number(config, name)
        )
    config["LOG_FORMAT"] = log_format(config["LOG_FORMAT"])
    if config["LOG_FORMAT"] == "json":
        config.setdefault("SECURITY_LOG_JSON", True)
    if config["PRODUCTION"]:
        check_production(config)
        config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
        if config["TRUSTED_HOSTS"] is None:
            config["TRUSTED_HOSTS"] = [urlsplit(config["BASE_URL"]).hostname]
    if isinstance(config["TRUSTED_HOSTS"], str):  # PLAINLY_TRUSTED_HOSTS=a.example,b.example
        config["TRUSTED_HOSTS"] = [h.strip() for h in config["TRUSTED_HOSTS"].split(",")]
    if config.get("SECRET_KEY"):
        config["SECRET_KEY"] = checked_secret(config["SECRET_KEY"], "SECRET_KEY")
    else:
        config["SECRET_KEY"] = instance_secret(app.instance_path)


def log_format(value: Any) -> str:
    """`LOG_FORMAT`: "text" or "json" (any case); anything else is a ConfigError."""
    name = value.strip().lower() if isinstance(value, str) else value
    if name not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {value!r}.")
    return name


def whole_number(config: dict[str, Any], name: str) -> int:
    """A setting that must be a whole number of zero or more (from the environment: a string)."""
    value = config[name]
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or isinstance(value, bool):
        raise ConfigError(f"{name} must be a whole number (0 or more), not {value!r}.")
    return number


def check_production(config: dict[str, Any]) -> None:
    """Refuse to run in production mode without what keeps readers' accounts safe."""
    if not config.get("SECRET_KEY"):
        raise ConfigError(
            "Production mode needs SECRET_KEY (or PLAINLY_SECRET_KEY): set it to a random value "
            f"of at least {MIN_SECRET_BYTES} bytes, the same for every server process, e.g. "
            '`python -c "import secrets; print(secrets.token_hex(32))"`.'
        )
    if config["BENCH_ROUTES"]:
        raise ConfigError(
            "Production mode refuses BENCH_ROUTES (PLAINLY_BENCH_ROUTES): its pages are for "
            "bench/pages.py on a generated database. Leave it unset."
        )
    workers = config["WORKERS"]
    if workers > 1 and config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        raise ConfigError(
            f"Production mode with {workers} server processes (WORKERS / WEB_CONCURRENCY) needs "
            "REDIS_URL: without it each process counts log-in attempts on its own, and the "
            "rate limits let several times too many through. Set REDIS_URL, or run one process."
        )


def checked_secret(key: str | bytes, where: str) -> str | bytes:
    """`key`, when it is long enough to sign sessions and links; else a ConfigError."""
    if not isinstance(key, str | bytes):  # PLAINLY_SECRET_KEY is read as JSON when it parses
        raise ConfigError(f"The secret key in {where} must be text, not {type(key).__name__}.")
    size = len(key.encode() if isinstance(key, str) else key)
    if size < MIN_SECRET_BYTES:
        raise ConfigError(
            f"The secret key in {where} is {size} bytes long; use at least {MIN_SECRET_BYTES} "
            "random bytes, e.g. the output of "
            '`python -c "import secrets; print(secrets.token_hex(32))"`.'
        )
    return key


def instance_secret(instance_path: str) -> str:
    """A secret key generated once and kept in the instance folder (mode 0600).

    Several server processes may start at once on a fresh folder: each writes a complete key
    to a temporary file and links it into place, which fails if another got there first, so
    all of them read the one key that won and none ever sees a partly written file.
    """
    path = Path(instance_path) / KEY_FILE_NAME
    if not path.exists():
        _write_once(path, secrets.token_hex(MIN_SECRET_BYTES))
    key = path.read_text().strip()
    checked_secret(key, str(path))
    return key


def _write_once(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        with suppress(FileExistsError):  # another process's key is in place: use that one
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def private_instance_folder(instance_path: str) -> None:
    """Make the instance folder (0700) and let the process create only private files."""
    os.umask(PRIVATE_UMASK)
    folder = Path(instance_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    # A folder made by an older version, or by hand, may be open to other users of the host.
    with suppress(PermissionError):
        folder.chmod(0o700)
