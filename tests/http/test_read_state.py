"""Read state: opening an article marks it read; the feed shows new and read, and can hide read."""

from datetime import timedelta

from sqlalchemy import select

from models import ArticleRead, db
from tests import factories
from tests.conftest import post


def read_rows(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(ArticleRead.article_id)))


def test_opening_an_article_marks_it_read_once(client, reader, items, app):
    client.get(f"/articles/{items[0].slug}")
    client.get(f"/articles/{items[0].slug}")
    assert read_rows(app) == [items[0].id]


def test_visitors_leave_no_read_state(client, items, app):
    assert client.get(f"/articles/{items[0].slug}").status_code == 200
    assert read_rows(app) == []


def test_feed_marks_new_and_read_and_can_hide_read(client, reader, items, seed):
    post(client, "/topics/ebv/follow")
    with seed():
        factories.last_saw_feed(reader, timedelta(days=3650))  # before the articles came out
    page = client.get("/").get_data(as_text=True)
    assert page.count("New to you") == 3
    client.get(f"/articles/{items[1].slug}")
    page = client.get("/").get_data(as_text=True)
    assert page.count("New to you") == 2
    assert page.count('<span class="tag tag-read">Read</span>') == 1
    hidden = client.get("/?hide_read=1").get_data(as_text=True)
    assert items[1].title not in hidden
    assert items[0].title in hidden and items[2].title in hidden
    assert "Show all articles" in hidden


def test_all_caught_up(client, reader, items):
    post(client, "/topics/ebv/follow")
    for item in items:
        client.get(f"/articles/{item.slug}")
    page = client.get("/?hide_read=1").get_data(as_text=True)
    assert "You&#39;re all caught up" in page or "You're all caught up" in page


def test_unknown_article_is_the_friendly_404(client, reader):
    response = client.get("/articles/no-such-article")
    assert response.status_code == 404
    assert "find that page" in response.get_data(as_text=True)
