"""The impact page, the feedback list and the article page run a fixed number of
statements, whether there are 5 or 50 articles and pieces of feedback behind them."""

from datetime import UTC, datetime, timedelta

import pytest

from models import Digest, DigestItem, Feedback, db
from tests.conftest import Auth, count_queries
from tests.factories import make_article, make_topic, make_user, read, save
from tests.pages import main
from tests.staff_login import log_in_staff

# Loading the signed-in user is one statement; the page's own work is the rest.
MAX_STATEMENTS = {
    "/editor/impact": 2,
    "/editor/impact?sort=newest": 2,
    "/editor/feedback": 2,
    "/editor/feedback?show=all": 2,
    "/editor/feedback/articles/first": 4,
}
# The article page: the article with its topics and, for a reader, the reader's saved row
# (one statement), related articles, and the view count; a reader adds their read mark and
# loading them.
ARTICLE_PAGE = {"visitor": 3, "reader": 5}
SHOWN = {"/editor/impact": ("tr", "impact-row")}


class World:
    """Articles in one topic, each read, saved, clicked in a digest and answered about."""

    def __init__(self, seed):
        self.seed, self.n = seed, 0
        with seed():
            self.topic = make_topic("t")
            self.reader = make_user("reader@example.com")
            self.digest = Digest(
                user_id=self.reader.id, period="2026-W48", covered_until=datetime.now(UTC)
            )
            db.session.add(self.digest)
            self.first_id = make_article(self.topic, slug="first").id

    def grow(self, n: int) -> None:
        with self.seed():
            for i in range(self.n, n):
                article = make_article(self.topic, view_count=i)
                read(self.reader, article)
                save(self.reader, article)
                db.session.add_all(
                    [
                        DigestItem(
                            digest_id=self.digest.id,
                            article_id=article.id,
                            position=i,
                            clicked_at=datetime.now(UTC),
                        ),
                        Feedback(article_id=article.id, helpful=bool(i % 2), unclear="Hmm."),
                        Feedback(
                            article_id=self.first_id,
                            helpful=False,
                            created_at=datetime.now(UTC) - timedelta(minutes=i),
                        ),
                    ]
                )
        self.n = n


def measure(client, engine, url: str) -> tuple[list[str], int]:
    with count_queries(engine) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    tag, cls = SHOWN.get(url.split("?")[0], ("li", "feedback-row"))
    return statements, len(main(response).find_all(tag, cls=cls))


def compare(counts: dict, budget: dict) -> list[str]:
    return [
        f"{url}: {len(counts[url, 5])} statements for 5, {len(counts[url, 50])} for 50, at most"
        f" {budget[url]}\n  " + "\n  ".join(counts[url, 50])
        for url in budget
        if not len(counts[url, 5]) == len(counts[url, 50]) <= budget[url]
    ]


def test_staff_pages_run_the_same_few_statements_for_5_and_50(app, seed):
    world = World(seed)
    with app.app_context():
        engine = db.engine
    client = app.test_client()
    log_in_staff(seed, client, "reviewer")
    counts, shown = {}, {}
    for n in (5, 50):
        world.grow(n)
        for url in MAX_STATEMENTS:
            counts[url, n], shown[url, n] = measure(client, engine, url)
    assert shown["/editor/impact", 50] == 50 and shown["/editor/impact", 5] == 6
    assert shown["/editor/feedback?show=all", 50] == 25
    assert not (problems := compare(counts, MAX_STATEMENTS)), "\n".join(problems)


@pytest.mark.parametrize("who", ["visitor", "reader"])
def test_the_article_page_runs_the_same_statements_however_much_feedback_it_has(app, seed, who):
    world = World(seed)
    with app.app_context():
        engine = db.engine
    client = app.test_client()
    if who == "reader":
        assert Auth(client).login().status_code == 302
    sizes = {}
    for n in (5, 50):
        world.grow(n)
        with count_queries(engine) as statements:
            assert client.get("/articles/first").status_code == 200
        sizes[n] = statements
    assert len(sizes[5]) == len(sizes[50]) <= ARTICLE_PAGE[who], "\n".join(sizes[50])


def test_the_topic_admin_list_runs_the_same_statements_for_5_and_50_topics(app, seed):
    with app.app_context():
        engine = db.engine
    client = app.test_client()
    log_in_staff(seed, client, "admin")
    sizes, made = {}, 0
    for n in (5, 50):
        with seed():
            for _ in range(made, n):
                topic = make_topic()
                make_article(topic)
        made = n
        with count_queries(engine) as statements:
            response = client.get("/editor/topics")
        assert len(main(response).find_all("li", cls="admin-topic-row")) == n
        sizes[n] = statements
    assert len(sizes[5]) == len(sizes[50]) <= 2, "\n".join(sizes[50])
