"""The topics page shows fresh counts right after a change, though it keeps them cached."""

from datetime import UTC, datetime, timedelta

from models import Article, db
from tests.factories import make_article, make_topic
from tests.pages import main


def meta_of(client, slug: str) -> str:
    page = main(client.get("/topics"))
    return " ".join(page.find("li", id=f"topic-{slug}").find("p", class_="meta").text.split())


def test_the_topics_page_counts_a_new_article_and_forgets_an_unpublished_one(client, seed):
    with seed():
        topic = make_topic("fatigue")
        make_article(topic)
    assert meta_of(client, "fatigue").startswith("1 article ·")
    assert meta_of(client, "fatigue").startswith("1 article ·")  # now from the cache
    with seed():
        second = make_article(topic, published_at=datetime.now(UTC) - timedelta(minutes=1))
    assert meta_of(client, "fatigue").startswith("2 articles ·")
    with seed():
        db.session.get(Article, second.id).status = "unpublished"
    assert meta_of(client, "fatigue").startswith("1 article ·")
