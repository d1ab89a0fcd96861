"""Data for the HTTP tests: a few articles in the database, committed before any request."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from models import SavedArticle, User, db
from tests import factories


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
