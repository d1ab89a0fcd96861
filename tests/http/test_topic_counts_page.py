"""The topics page shows fresh counts right after a change, though it keeps them cached."""

from datetime import UTC, datetime, timedelta

from models import Article, db
from tests.conftest import count_queries
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


def test_once_counted_the_topics_page_runs_two_statements_for_5_and_50_topics(app, client, seed):
    with app.app_context():
        engine = db.engine
    sizes, made = {}, 0
    for n in (5, 50):
        with seed():
            for _ in range(made, n):
                make_article(make_topic())
        made = n
        client.get("/topics")  # counts again after the change
        with count_queries(engine) as statements:
            response = client.get("/topics")
        assert len(main(response).find_all("li", cls="topic-row")) == n
        sizes[n] = statements
    # The topics, and the counts' version token; no count over the articles.
    assert len(sizes[5]) == len(sizes[50]) == 2, "\n".join(sizes[50])
