"""services.topic_groups: counts and newest dates, the grouped topics page, placing a topic."""

from datetime import UTC, datetime, timedelta

import pytest

from services import topic_groups
from services.errors import DomainError
from tests.factories import make_article, make_topic

NOW = datetime.now(UTC).replace(microsecond=0)


def placed(slug: str, group: str, starter: bool = False, name: str | None = None):
    topic = make_topic(slug, name)
    topic.condition_group, topic.is_starter = group, starter
    return topic


def test_summaries_count_visible_articles_and_date_the_newest(ctx):
    ebv, diet, quiet = make_topic("ebv", "EBV"), make_topic("diet", "Diet"), make_topic("q", "Q")
    make_article(ebv, published_at=NOW - timedelta(days=9))
    newest = make_article(ebv, diet, published_at=NOW - timedelta(days=2))
    make_article(ebv, status="draft", published_at=NOW - timedelta(hours=1))
    make_article(diet, published_at=NOW + timedelta(hours=1))  # scheduled: not yet
    rows = {row.topic.slug: (row.articles, row.newest) for row in topic_groups.summaries()}
    assert rows == {
        "diet": (1, newest.published_at),
        "ebv": (2, newest.published_at),
        "q": (0, None),
    }
    assert rows["ebv"][1].tzinfo is not None
    assert [row.topic for row in topic_groups.summaries()] == [diet, ebv, quiet]


def test_the_start_page_lists_starters_first_then_each_condition_in_order(ctx):
    placed("shared-a", "shared", name="Alpha shared")
    placed("mogad", "mogad", starter=True, name="MOGAD")
    placed("fatigue", "ms", starter=True, name="Fatigue")
    placed("iron", "ms", name="Brain iron")
    placed("pregnancy", "shared", name="Pregnancy")
    page = topic_groups.start_page()
    assert [row.topic.slug for row in page.starters] == ["fatigue", "mogad"]
    # NMOSD has no topics and is left out; MOGAD's only topic is a starter and stays.
    groups = [
        (g.key, [r.topic.slug for r in g.topics], [r.topic.slug for r in g.starters])
        for g in page.groups
    ]
    assert groups == [
        ("ms", ["iron"], ["fatigue"]),
        ("mogad", [], ["mogad"]),
        ("shared", ["shared-a", "pregnancy"], []),
    ]
    assert page.groups[0].label == "Multiple sclerosis (MS)"


def test_a_topic_with_an_unknown_group_is_listed_as_shared(ctx):
    placed("odd", "retired-group")
    assert [
        (g.key, [r.topic.slug for r in g.topics]) for g in topic_groups.start_page().groups
    ] == [("shared", ["odd"])]


def test_placing_a_topic_changes_it_and_logs_who_did(ctx, security_events):
    topic = make_topic("fatigue")
    assert (topic.condition_group, topic.is_starter) == ("shared", False)
    assert topic_groups.place(topic, "ms", True, by_user_id=7) is True
    assert (topic.condition_group, topic.is_starter) == ("ms", True)
    assert [
        {k: e[k] for k in ("event", "user_id", "topic", "group", "starter")}
        for e in security_events
    ] == [
        {"event": "topic.placed", "user_id": 7, "topic": "fatigue", "group": "ms", "starter": True}
    ]


def test_placing_a_topic_where_it_already_is_changes_and_logs_nothing(ctx, security_events):
    topic = make_topic("fatigue")
    assert topic_groups.place(topic, "shared", False, by_user_id=7) is False
    assert security_events == []


@pytest.mark.parametrize("group", [None, "", "MS", "other", "ms "])
def test_an_unknown_group_is_refused(ctx, security_events, group):
    topic = make_topic("fatigue")
    with pytest.raises(DomainError) as refused:
        topic_groups.place(topic, group, True, by_user_id=7)
    assert refused.value.errors == {"group": topic_groups.GROUP_MESSAGE}
    assert (topic.condition_group, topic.is_starter) == ("shared", False)
    assert security_events == []
