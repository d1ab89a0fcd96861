"""Plainly: medical research in plain language. `create_app` is the application factory."""

import os
import secrets
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

import blueprints
from extensions import Passwords, csrf, db, limiter, login_manager, migrate
from services import search_index, security_log


def database_url(url: str | None, instance_path: str) -> str:
    """The SQLAlchemy URL: `DATABASE_URL` (psycopg 3 for PostgreSQL) or a SQLite file."""
    if not url:
        return f"sqlite:///{Path(instance_path) / 'plainly.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret(instance_path: str) -> str:
    """A secret key generated once and kept in the instance folder."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
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
        RATELIMIT_HEADERS_ENABLED=True,
        PRODUCTION=False,
        ARGON2_PROFILE="RFC_9106_LOW_MEMORY",
        # Links in emails are absolute and built from this address, never from a request.
        BASE_URL="http://127.0.0.1:5000",
        # Without MAIL_SERVER, emails are written to instance/outbox/ instead of being sent.
        MAIL_SERVER=None,
        MAIL_PORT=25,
        MAIL_USE_TLS=False,
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
        MAIL_FROM="Plainly <plainly@localhost>",
        # The largest body a request may have: room for the biggest upload (an import of up
        # to 5 MB, checked with its own message) and its form; more gets the friendly 413.
        MAX_CONTENT_LENGTH=6 * 1024 * 1024,
    )
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config.from_prefixed_env("PLAINLY")
    if config:
        app.config.from_mapping(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(app.instance_path)
    if app.config["PRODUCTION"]:
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)

    db.init_app(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    Passwords.init_app(app)
    security_log.init_app(app)
    search_index.init_app(app)
    blueprints.register(app)
    return app
