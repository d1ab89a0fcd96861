"""Shared fixtures: a fresh database per test, a test client with CSRF left on, and helpers.

Tests run on SQLite by default; set TEST_DATABASE_URL to run the same suite on PostgreSQL.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from app import create_app
from models import db

pytest_plugins = ["tests.smtp"]

ROOT = Path(__file__).resolve().parent.parent
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def database_url(tmp_path: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


def make_app(tmp_path: Path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "CONTENT_DIR": str(ROOT / "content"),
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        **overrides,
    }
    return create_app(config)


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def ctx(app):
    """An application context for tests that call services directly."""
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, page: str = "/login") -> str:
    """The CSRF token of the client's session, read from a page's form like a browser would.

    Redirects are followed: a logged-in reader is sent on from /login to a page whose
    header carries the log-out form and its token.
    """
    match = CSRF_INPUT.search(client.get(page, follow_redirects=True).get_data(as_text=True))
    assert match, f"no CSRF token on {page}"
    return match[1]


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST a form the way the browser does: with the session's CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


class Auth:
    """Sign up, log in and log out through the real forms."""

    PASSWORD = "a calm long passphrase"

    def __init__(self, client):
        self.client = client

    def signup(self, email="reader@example.com", password=PASSWORD, role="patient", **kw):
        data = {"email": email, "password": password, "role": role}
        return post(self.client, "/signup", data, **kw)

    def login(self, email="reader@example.com", password=PASSWORD, **kw):
        return post(self.client, "/login", {"email": email, "password": password}, **kw)

    def logout(self, **kw):
        return post(self.client, "/logout", **kw)


@pytest.fixture
def auth(client):
    return Auth(client)


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect every SQL statement run on the app's engine inside the block."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
