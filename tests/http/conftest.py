"""Helpers for HTTP tests.

Requests must not run inside a test's own app context: Flask would reuse it, so the
request would share the test's database session and flask-login's cached user. Test data
is therefore written in short `seed()` blocks that commit, and checked with `count_rows()`,
each in a context of its own, like a separate process looking at the database.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from models import SavedArticle, User, db
from tests import factories
from tests.factories import follow, make_user
from tests.staff_login import log_in_staff


@pytest.fixture
def seed(app) -> Callable:
    """`with seed(): make_topic(...)` runs factories in a fresh context and commits.

    Objects stay readable after the block (no expiry on commit), as detached snapshots.
    """

    @contextmanager
    def block():
        with app.app_context():
            db.session().expire_on_commit = False
            yield db.session
            db.session.commit()

    return block


@pytest.fixture
def count_rows(app) -> Callable[..., int]:
    """Number of committed rows of `model` matching `criteria`."""

    def count(model, *criteria) -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(model).where(*criteria))

    return count


@pytest.fixture
def login_as(seed, auth) -> Callable:
    """Create a reader (optionally following topics) and log in through the form."""

    def login(email="reader@example.com", role="patient", follows=(), verified=False, **kw):
        with seed():
            user = make_user(email, role, verified=verified)
            follow(user, *follows)
        response = auth.login(email, **kw)
        assert response.status_code == 302, "logging in did not work"
        return user

    return login


@pytest.fixture
def staff_login(seed, client) -> Callable:
    """Create a member of staff (factories.make_staff) and log `client` in with a code.

    `staff_login("reviewer", email="reviewer@example.com", name="Dr A. Example")` returns the
    user (a detached snapshot: `.id`, `.email`, `.totp_secret`). With `two_step=False` the
    account only logs in with its password, as staff who have not set it up yet do.
    """

    def login(role="editor", email=None, two_step=True, client=client, **kw):
        return log_in_staff(seed, client, role, email, two_step=two_step, **kw)

    return login


@dataclass(frozen=True)
class Item:
    id: int
    slug: str
    title: str


@pytest.fixture
def items(app) -> list[Item]:
    """Three visible articles in one topic, newest first."""
    with app.app_context():
        topic = factories.make_topic("ebv", "Epstein-Barr virus")
        made = [factories.make_article(topic) for _ in range(3)]
        db.session.commit()
        return [Item(a.id, a.slug, a.title) for a in made]


@pytest.fixture
def reader(auth):
    """A signed-up, logged-in reader (reader@example.com)."""
    auth.signup()
    return "reader@example.com"


def saved_rows(app, email: str = "reader@example.com") -> list[SavedArticle]:
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        stmt = select(SavedArticle).where(SavedArticle.user_id == user_id)
        rows = list(db.session.scalars(stmt.order_by(SavedArticle.id)))
        db.session.expunge_all()
        return rows
