"""List pages cost a fixed number of SQL statements, however many articles there are."""

import pytest

from models import db
from tests.conftest import count_queries
from tests.factories import make_article, make_topic
from tests.pages import card_slugs, main


def statements(app, client, url: str) -> tuple[list[str], int]:
    """The SQL run while serving `url`, and how many article cards the page showed."""
    with app.app_context():
        db.session.remove()  # start from an empty session, like a real request
        with count_queries() as run:
            response = client.get(url)
    assert response.status_code == 200
    return run, len(card_slugs(main(response)))


def add_articles(seed, topics, n: int) -> None:
    with seed():
        for _ in range(n):
            make_article(*topics)


@pytest.mark.parametrize(
    ("signed_in", "url"),
    [
        (True, "/"),
        (True, "/?topic=topic-a"),
        (True, "/topics/topic-a"),
        (False, "/"),
        (False, "/topics/topic-a"),
        (False, "/?topic=topic-a"),
    ],
)
def test_same_number_of_queries_for_5_and_50_articles(app, client, seed, login_as, signed_in, url):
    with seed():
        a, b = make_topic("topic-a"), make_topic("topic-b")
    if signed_in:
        login_as(follows=[a, b])
    add_articles(seed, (a, b), 5)
    few, shown_few = statements(app, client, url)
    add_articles(seed, (a,), 20)
    add_articles(seed, (a, b), 25)
    many, shown_many = statements(app, client, url)
    assert (shown_few, shown_many) == (5, 20)
    assert len(many) == len(few), "\n".join(many)
