"""The topics page's cached counts stay true: each change that alters them shows at once,
in the process that made it and in any other, with the in-process cache and with Redis."""

import os
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import event, select
from sqlalchemy.orm import selectinload

from models import Article, CacheVersion, Topic, User, db
from models.article import APPROVED, PUBLISHED
from services import editorial, topic_counts, topic_groups
from tests.conftest import make_app
from tests.factories import make_article, make_staff, make_topic


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> str:
    """REDIS_URL when set (CI), else a throw-away redis-server on a Unix socket."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    folder: Path = tmp_path_factory.mktemp("redis")
    socket = folder / "redis.sock"
    server = subprocess.Popen(  # noqa: S603 (a fixed local program)
        [shutil.which("redis-server") or "redis-server", "--port", "0", "--unixsocket",
         str(socket), "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"unix://{socket}"
    for _ in range(100):
        if socket.exists():
            break
        time.sleep(0.05)
    redis.Redis.from_url(url).ping()
    yield url
    server.terminate()
    server.wait()


@pytest.fixture(params=["SimpleCache", "RedisCache"])
def cache_config(request) -> dict:
    if request.param == "SimpleCache":
        return {"CACHE_TYPE": "SimpleCache"}
    return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": request.getfixturevalue("redis_url")}


@pytest.fixture
def apps(tmp_path, cache_config):
    """Two apps on one database, like two server processes, each with its own cache."""
    first, second = (make_app(tmp_path, **cache_config) for _ in range(2))
    with first.app_context():
        db.create_all()
        topic_counts.changed()  # a token row from the start: counts are cached from now on
        db.session.commit()
    yield first, second
    with first.app_context():
        db.drop_all()


def counts_in(app) -> dict[str, int]:
    with app.app_context():
        return {row.topic.slug: row.articles for row in topic_groups.summaries()}


def write(app, change) -> object:
    with app.app_context():
        result = change()
        db.session.commit()
        return result


def test_a_new_article_counts_at_once_in_every_process(apps):
    first, second = apps
    write(first, lambda: make_article(make_topic("fatigue")))
    assert counts_in(first) == counts_in(second) == {"fatigue": 1}
    write(second, lambda: make_article(db.session.get(Topic, 1)))
    assert counts_in(first) == counts_in(second) == {"fatigue": 2}


def test_counts_come_from_the_cache_until_something_changes(apps):
    first, _ = apps
    write(first, lambda: make_article(make_topic("fatigue")))
    counts_in(first)
    statements = []
    with first.app_context():
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        topic_groups.summaries()
        event.remove(db.engine, "before_cursor_execute", listener)
    assert not any("count(" in s.lower() for s in statements), statements


def test_unpublishing_and_publishing_change_the_counts(apps):
    first, second = apps

    def setup():
        reviewer = make_staff("reviewer@example.com", "reviewer")
        return reviewer.id, make_article(make_topic("fatigue")).id

    reviewer_id, article_id = write(first, setup)
    assert counts_in(second) == {"fatigue": 1}

    def unpublish():
        article = db.session.get(Article, article_id)
        editorial.unpublish(article, db.session.get(User, reviewer_id), "Out of date.")

    write(first, unpublish)
    assert counts_in(second) == {"fatigue": 0}

    def publish_again():
        article = db.session.get(Article, article_id)
        article.status = APPROVED
        editorial.publish(article, db.session.get(User, reviewer_id))

    write(first, publish_again)
    assert counts_in(second) == {"fatigue": 1}


def test_a_scheduled_article_counts_from_its_publish_time(apps):
    first, second = apps
    soon = datetime.now(UTC) + timedelta(hours=2)
    write(first, lambda: make_article(make_topic("fatigue"), published_at=soon))
    with second.app_context():
        assert topic_counts.current() == {}
        assert topic_counts.current(soon - timedelta(seconds=1)) == {}
        assert topic_counts.current(soon + timedelta(seconds=1)) == {1: (1, soon)}


def test_retagging_and_deleting_move_the_counts(apps):
    first, second = apps

    def setup():
        fatigue, sleep = make_topic("fatigue"), make_topic("sleep")
        return make_article(fatigue).id, sleep.id

    article_id, sleep_id = write(first, setup)
    assert counts_in(second) == {"fatigue": 1, "sleep": 0}

    def tagged():
        return db.session.scalar(
            select(Article).options(selectinload(Article.topics)).where(Article.id == article_id)
        )

    def retag():
        article = tagged()
        article.topics = [db.session.get(Topic, sleep_id)]

    write(first, retag)
    assert counts_in(second) == {"fatigue": 0, "sleep": 1}
    write(first, lambda: db.session.delete(tagged()))
    assert counts_in(second) == {"fatigue": 0, "sleep": 0}


def test_a_draft_or_an_unrelated_edit_keeps_the_cached_counts(apps):
    first, _ = apps
    article_id = write(first, lambda: make_article(make_topic("fatigue")).id)
    counts_in(first)
    with first.app_context():
        token = db.session.scalar(select(CacheVersion.token))
    write(first, lambda: make_article(status="draft"))

    def retitle():
        db.session.get(Article, article_id).title = "A clearer title"

    write(first, retitle)
    with first.app_context():
        assert db.session.scalar(select(CacheVersion.token)) == token
        assert db.session.get(Article, article_id).status == PUBLISHED
