"""Plainly: medical research in plain language. `create_app` is the application factory."""

import sqlite3
from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

import blueprints
import config as configuration
from blueprints import body_limits, request_log, wsgi
from extensions import (
    LoginCounters,
    Passwords,
    cache,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
)
from services import background, rows, search_index, security_log, topic_counts


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL cannot corrupt the database; a power cut may lose the last
        # commits, never an application crash. FULL waits for the disk on every commit,
        # and every article view commits (its view count and read mark).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app, configured by `config.load` (raises config.ConfigError on an unsafe setting)."""
    app = Flask(__name__, instance_relative_config=True)
    configuration.private_instance_folder(app.instance_path)
    configuration.load(app, dict(config or {}))
    request_log.init_app(app)  # reads no body: it only names and times the request
    body_limits.init_app(app)  # first: before CSRF or anything else reads the body
    db.init_app(app)
    rows.init_app(app)  # after db: ends a read-only request's transaction before its removal
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    Passwords.init_app(app)
    LoginCounters.init_app(app)
    security_log.init_app(app)
    background.init_app(app)
    search_index.init_app(app)
    cache.init_app(app)
    topic_counts.init_app(app)
    blueprints.register(app)
    wsgi.wrap(app)
    return app
