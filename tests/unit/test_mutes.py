"""Muted topics (services/mutes.py): the one rule every list applies, and what it hides."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import TopicMute, db
from services import articles, mutes, search
from services.digests import plan as planning
from services.digests.schedule import Candidate
from services.feed import feed_page, feed_stmt
from tests.factories import follow, make_article, make_topic, make_user

NOW = datetime.now(UTC)


def slugs(page) -> list[str]:
    return [a.slug for a in page.articles]


@pytest.fixture
def world(ctx):
    """A reader following relapses, who muted pregnancy; one article is in both topics."""
    relapses, pregnancy = make_topic("relapses"), make_topic("pregnancy")
    reader = make_user()
    follow(reader, relapses)
    mutes.mute(reader.id, pregnancy.id)
    made = {
        "plain": make_article(relapses, slug="plain", published_at=NOW - timedelta(hours=1)),
        "both": make_article(
            relapses, pregnancy, slug="both", published_at=NOW - timedelta(hours=2)
        ),
        "only": make_article(pregnancy, slug="only", published_at=NOW - timedelta(hours=3)),
    }
    db.session.commit()
    return reader, relapses, pregnancy, made


def test_muted_topic_leaves_the_feed_even_when_also_in_a_followed_topic(world):
    reader, *_ = world
    assert slugs(feed_page(reader.id)) == ["plain", "both"]
    assert slugs(feed_page(reader.id, muted_for=reader.id)) == ["plain"]


def test_other_topics_pages_hide_it_but_the_muted_topic_itself_shows_it(world):
    reader, relapses, pregnancy, _ = world
    assert slugs(feed_page(topic_id=relapses.id, muted_for=reader.id)) == ["plain"]
    assert slugs(feed_page(topic_id=pregnancy.id, muted_for=reader.id)) == ["both", "only"]


def test_a_shown_topic_comes_back_for_that_list_only(world):
    reader, relapses, pregnancy, _ = world
    page = feed_page(reader.id, muted_for=reader.id, shown_topic_id=pregnancy.id)
    assert slugs(page) == ["plain", "both"]
    assert slugs(feed_page(reader.id, muted_for=reader.id)) == ["plain"]


def test_search_leaves_out_muted_topics(world):
    reader, *_ = world

    def found(**kw) -> set[str]:
        return {hit.article.slug for hit in search.search("study", **kw).hits}

    assert found(exclude_topic_ids=mutes.muted_ids(reader.id)) == {"plain"}
    assert found() == {"plain", "both", "only"}


def test_mutes_are_per_reader(world):
    _, relapses, _, _ = world
    other = make_user("other@example.com")
    follow(other, relapses)
    assert slugs(feed_page(other.id, muted_for=other.id)) == ["plain", "both"]


def test_hidden_counts_cover_the_list_given_not_only_its_first_page(world):
    reader, relapses, pregnancy, _ = world
    for hours in range(4, 10):
        make_article(relapses, pregnancy, published_at=NOW - timedelta(hours=hours))
    [muted] = mutes.hidden_by_mutes(mutes.muted_topics(reader.id), feed_stmt(reader.id, limit=2))
    assert (muted.topic.slug, muted.hidden) == ("pregnancy", 7)


def test_hidden_counts_are_zero_for_a_topic_the_list_shows(world):
    reader, relapses, pregnancy, _ = world
    listed = feed_stmt(topic_id=pregnancy.id)
    muted_topics = mutes.muted_topics(reader.id)
    [muted] = mutes.hidden_by_mutes(muted_topics, listed, (pregnancy.id,))
    assert (muted.topic.slug, muted.hidden) == ("pregnancy", 0)
    [on_relapses] = mutes.hidden_by_mutes(muted_topics, feed_stmt(topic_id=relapses.id))
    assert on_relapses.hidden == 1


def test_related_articles_leave_out_muted_topics_for_that_reader(world):
    reader, _, _, made = world
    this = articles.get_visible("plain")
    assert [a.slug for a in articles.related(this, this.topics)] == ["both"]
    assert articles.related(this, this.topics, reader.id) == []
    assert made["both"].slug == "both"


def test_digests_leave_out_muted_topics(world):
    reader, *_ = world
    cand = Candidate(reader.id, reader.email, "weekly", "2026-W01", max_articles=5)
    [planned] = planning.build([cand], NOW).digests
    assert [a.slug for a in planned.articles] == ["plain"]


def test_mute_and_unmute_say_whether_anything_changed(world):
    reader, relapses, pregnancy, _ = world
    assert mutes.mute(reader.id, pregnancy.id) is False
    assert mutes.mute(reader.id, relapses.id) is True
    assert [t.slug for t in mutes.muted_topics(reader.id)] == ["pregnancy", "relapses"]
    assert mutes.unmute(reader.id, relapses.id) is True
    assert mutes.unmute(reader.id, relapses.id) is False
    rows = db.session.scalars(select(TopicMute.topic_id).where(TopicMute.user_id == reader.id))
    assert list(rows) == [pregnancy.id]


def test_deleting_a_reader_deletes_their_mutes(world):
    reader, *_ = world
    db.session.delete(reader)
    db.session.commit()
    assert db.session.scalars(select(TopicMute)).all() == []
