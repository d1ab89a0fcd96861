"""Shared fixtures: a fresh database per test, a test client with CSRF left on, and helpers.

Tests run on SQLite by default; set TEST_DATABASE_URL to run the same suite on PostgreSQL.
"""

import json
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pyotp
import pytest
from flask import url_for
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import event

from app import create_app
from models import db
from services import accounts, background, security_log
from services.accounts import find_by_email

pytest_plugins = ["tests.smtp", "tests.job_queue", "tests.system.processes"]

ROOT = Path(__file__).resolve().parent.parent
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def database_url(tmp_path: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


class SharedBytecode(BytecodeCache):
    """Compiled templates, kept in memory for every app the tests build.

    Each app has a Jinja environment of its own, which compiles each template it renders;
    with this cache only the first app does, and the others load the compiled code. The
    source's checksum is stored with the code, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self.code: dict[tuple, bytes] = {}
        self.hits = self.misses = 0

    @staticmethod
    def _key(bucket: Bucket) -> tuple:
        # Every test app configures Jinja alike; keyed on the extensions all the same.
        return bucket.key, tuple(sorted(bucket.environment.extensions))

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(self._key(bucket))
        if code is not None:
            bucket.bytecode_from_string(code)
        if bucket.code is None:
            self.misses += 1
        else:
            self.hits += 1

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[self._key(bucket)] = bucket.bytecode_to_string()


TEMPLATE_BYTECODE = SharedBytecode()


def make_app(tmp_path: Path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-of-at-least-32-bytes",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "CONTENT_DIR": str(ROOT / "content"),
        # Real argon2, at its cheapest cost, so the suite stays quick.
        "ARGON2_PROFILE": "CHEAPEST",
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        **overrides,
    }
    app = create_app(config)
    app.jinja_env.bytecode_cache = TEMPLATE_BYTECODE  # read when a template is first loaded
    app.test_client_class = ServerLikeClient
    _apps.append(app)
    return app


class ServerLikeClient(FlaskClient):
    """Reads each response whole and closes it, as a real server does, and then waits for
    the work the request handed to the background queue, so it has happened when a
    request returns. Set `wait_for_background = False` to time requests alone."""

    wait_for_background = True

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        response = super().open(*args, **kwargs)
        if self.wait_for_background:
            background.wait(self.application)
        return response


_apps: list = []


@pytest.fixture(autouse=True)
def _close_connections():
    """Close every pooled connection of the apps a test built, so none is left to the GC."""
    yield
    while _apps:
        with _apps.pop().app_context():
            db.session.remove()
            db.engine.dispose()


@contextmanager
def app_with_tables(tmp_path: Path, **config) -> Iterator:
    """An app (see make_app) whose tables exist for the block and are dropped after it."""
    app = make_app(tmp_path, **config)
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    with app_with_tables(tmp_path) as app:
        yield app


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


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.events: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.events.append(json.loads(record.getMessage()))


@pytest.fixture
def security_events(app):
    """The security events the test causes, as dicts (the app logs them as JSON)."""
    app.config["SECURITY_LOG_JSON"] = True
    handler = _Collect()
    security_log.log.addHandler(handler)
    yield handler.events
    security_log.log.removeHandler(handler)


def rule_url(rule, text: str, number: int = 1) -> str:
    """Build `rule`'s URL with every parameter filled in: numbers for int parts, else `text`."""
    from werkzeug.routing import IntegerConverter

    values = {
        name: number if isinstance(rule._converters[name], IntegerConverter) else text
        for name in rule.arguments
    }
    return url_for(rule.endpoint, **values)


_TOKEN_VALUE = re.compile(r'(csrf_token" type="hidden" value=")[^"]+"')


def without_tokens(html: str) -> str:
    """`html` with its CSRF tokens masked: they are signed with the time, so two renders of
    one page a second apart differ there."""
    return _TOKEN_VALUE.sub(r'\1…"', html)


def tampered(token: str) -> str:
    """`token` with the first character of its signature changed: all six bits of that
    character count, unlike the last one, which may only pad."""
    at = token.rindex(".") + 1
    return token[:at] + ("B" if token[at] != "B" else "C") + token[at + 1 :]


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
        """Sign up and follow the confirmation link in this browser, as a new reader does:
        the response is the link's (a redirect to the topics page, logged in)."""
        response = self.sign_up_form(email, password, role)
        if response.headers.get("Location") != "/signup/sent":
            return response
        return self.client.get(self.confirmation_link(email), **kw)

    def sign_up_form(self, email="reader@example.com", password=PASSWORD, role="patient", **kw):
        """Only send the sign-up form (the answer is the same for a taken address)."""
        data = {"email": email, "password": password, "role": role}
        return post(self.client, "/signup", data, **kw)

    def confirmation_link(self, email="reader@example.com") -> str:
        """The link the confirmation email for this browser's sign-up holds."""
        with self.client.session_transaction() as session:
            nonce = session["signed_up"]["nonce"]
        with self.client.application.app_context():
            user = find_by_email(email)
            assert user is not None, f"no account for {email}"
            return f"/verify/{accounts.verification_token(user, nonce)}"

    def login(self, email="reader@example.com", password=PASSWORD, **kw):
        return post(self.client, "/login", {"email": email, "password": password}, **kw)

    def logout(self, **kw):
        return post(self.client, "/logout", **kw)


@pytest.fixture
def auth(client):
    return Auth(client)


def next_totp_code(app, email: str, secret: str | None = None) -> str:
    """A code from the account's authenticator app that the site has not seen used yet.

    Codes work once per 30-second step; the next step's code is accepted too (clock drift),
    so a second log-in within the same step uses that one.
    """
    with app.app_context():
        user = find_by_email(email)
        assert user is not None and user.totp_secret, f"{email} has no two-step secret"
        secret, last = secret or user.totp_secret, user.totp_last_step
    totp = pyotp.TOTP(secret)
    step = totp.timecode(datetime.now(UTC))
    if last is not None and last >= step:
        step = last + 1
    return totp.generate_otp(step)


def login_staff(client, email: str = "editor@example.com", secret: str | None = None, **kw):
    """Log in through the real forms: password, then a code from the authenticator app.

    `secret` defaults to the account's stored one (factories.make_staff sets it). Returns the
    response of the code step (a 302 to the feed, or to `next=` when given).
    """
    data = {"email": email, "password": Auth.PASSWORD}
    if "next" in kw:
        data["next"] = kw.pop("next")
    first = post(client, "/login", data)
    assert first.status_code == 302, "the password step did not work"
    assert first.headers["Location"] == "/login/code", "the account has no two-step sign-in"
    code = next_totp_code(client.application, email, secret)
    response = post(client, "/login/code", {"code": code}, **kw)
    assert response.status_code == 302, "the code step did not work"
    return response


@contextmanager
def count_queries(engine=None) -> Iterator[list[str]]:
    """Collect every SQL statement run on the engine (default: the app's) inside the block.

    Pass the engine when counting requests made with the test client, so the block needs no
    application context of its own (requests push theirs, as in production).
    """
    engine = engine or db.engine
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
