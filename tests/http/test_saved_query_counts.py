"""List pages run a fixed, small number of statements, however many articles they show.

Saved and read flags come from one `IN (...)` query per page, never one query per item.
"""

import pytest

import services.feed
from models import db
from tests import factories
from tests.conftest import Auth, count_queries

SAVED_BUTTON = 'save-button" aria-pressed="true"'


@pytest.fixture
def two_readers(app, monkeypatch):
    """small@ follows a topic with 5 articles, big@ one with 50; each saved all of theirs."""
    monkeypatch.setattr(services.feed, "PAGE_SIZE", 50)
    with app.app_context():
        for email, slug, n in (("small@example.com", "small", 5), ("big@example.com", "big", 50)):
            user = factories.make_user(email)
            topic = factories.make_topic(slug)
            factories.follow(user, topic)
            for _ in range(n):
                article = factories.make_article(topic)
                factories.save(user, article, note="A note.")
                factories.read(user, article)
        db.session.commit()
        return db.engine


def statements_for(app, engine, email: str, url: str) -> list[str]:
    client = app.test_client()
    Auth(client).login(email=email)
    assert client.get(url).status_code == 200  # warm caches before counting
    with count_queries(engine) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return statements


# The statements each page runs today for a signed-in reader ("<slug>": the reader's
# topic). One more is a new query: if it is meant, raise the number in the same commit.
MAX_STATEMENTS = {
    # Both count what the reader's muted topics hide, in one statement (services.mutes).
    "/": 7,
    "/topics/<slug>": 7,
    "/saved": 3,
    "/saved?topic=<slug>": 4,
    "/saved/print": 2,
}
MARKERS = {"/saved/print": 'class="sheet-item"'}


@pytest.mark.parametrize("page", MAX_STATEMENTS)
def test_list_pages_run_the_same_few_statements_for_5_and_50_items(app, two_readers, page):
    small_url, big_url = page.replace("<slug>", "small"), page.replace("<slug>", "big")
    marker = MARKERS.get(page, SAVED_BUTTON)
    small = statements_for(app, two_readers, "small@example.com", small_url)
    big = statements_for(app, two_readers, "big@example.com", big_url)
    assert len(small) == len(big), (small, big)
    assert len(big) <= MAX_STATEMENTS[page], big
    assert sum("saved_articles" in s for s in big) >= 1
    # and the big page really shows 50 items, each with its state
    client = app.test_client()
    Auth(client).login(email="big@example.com")
    page = client.get(big_url).get_data(as_text=True)
    assert page.count(marker) == 50


def test_feed_and_topic_pages_ask_for_saved_flags_once(app, two_readers):
    for url in ("/", "/topics/big"):
        statements = statements_for(app, two_readers, "big@example.com", url)
        flags = [s for s in statements if "FROM saved_articles" in s]
        assert len(flags) == 1, flags
        assert " IN (" in flags[0]


def test_feed_asks_for_read_flags_once(app, two_readers):
    statements = statements_for(app, two_readers, "big@example.com", "/")
    assert len([s for s in statements if "FROM article_reads" in s]) == 1
