"""Atom documents (services/atom.py) and private feed addresses (services/private_feeds.py)."""

import hashlib
from datetime import UTC, datetime

import feedparser
import pytest

from models import db
from services import atom, private_feeds
from services.feed import feed_page
from tests.factories import make_article, make_topic, make_user

OLD, NEW = datetime(2026, 3, 1, 9, tzinfo=UTC), datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def topic(ctx):
    topic = make_topic("fatigue", "Fatigue")
    make_article(topic, slug="older", published_at=OLD, summary="Rest helped.", source_year=2019)
    make_article(
        topic, slug="newer", published_at=NEW, summary="Exercise helped.", source_year=2023
    )
    db.session.commit()
    return topic


def test_topic_feed_is_valid_atom_with_absolute_links_from_base_url(app, topic):
    app.config["BASE_URL"] = "https://plainly.example/"
    document = atom.topic_feed(topic, feed_page(topic_id=topic.id).articles)
    parsed = feedparser.parse(document.body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Fatigue · Plainly"
    assert parsed.feed.link == "https://plainly.example/topics/fatigue"
    [first, second] = parsed.entries
    assert first.link == "https://plainly.example/articles/newer"
    assert second.link == "https://plainly.example/articles/older"
    assert first.summary.startswith("Exercise helped.")
    assert "Study year: 2023." in first.summary
    assert [t.term for t in first.tags] == ["fatigue"]


def test_the_same_articles_give_the_same_bytes_and_etag(topic):
    articles = feed_page(topic_id=topic.id).articles
    one, two = atom.topic_feed(topic, articles), atom.topic_feed(topic, articles)
    assert (one.body, one.etag) == (two.body, two.etag)
    assert one.etag == hashlib.sha256(one.body).hexdigest()
    assert one.updated == NEW
    fewer = atom.topic_feed(topic, articles[1:])
    assert fewer.etag != one.etag and fewer.updated == OLD


def test_summary_text_is_escaped_not_markup(topic):
    article = make_article(topic, summary="<script>alert(1)</script> & more", published_at=NEW)
    document = atom.topic_feed(topic, [article])
    assert b"<script>" not in document.body
    assert b"&lt;script&gt;" in document.body


def test_private_feed_address_is_stored_only_as_a_hash(ctx):
    user = make_user()
    token = private_feeds.create(user)
    assert len(token) == 43
    assert user.feed_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in user.feed_token_hash
    assert private_feeds.reader_for(token) is user


def test_a_new_private_address_replaces_the_old_one(ctx):
    user = make_user()
    old = private_feeds.create(user)
    new = private_feeds.create(user)
    assert old != new
    assert private_feeds.reader_for(old) is None
    assert private_feeds.reader_for(new) is user
    assert private_feeds.turn_off(user) is True
    assert private_feeds.reader_for(new) is None
    assert private_feeds.turn_off(user) is False


@pytest.mark.parametrize("token", ["", "short", "x" * 43, "a" * 44, "../" + "a" * 40, "é" * 43])
def test_malformed_or_unknown_private_addresses_find_nobody(ctx, token):
    private_feeds.create(make_user())
    assert private_feeds.reader_for(token) is None
