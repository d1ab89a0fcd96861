"""Topic administration rules (services/topics) and following archived topics."""

from datetime import UTC, datetime

import pytest

from models import Follow, db
from services import follows, topics
from services.errors import DomainError
from tests.factories import follow, make_article, make_topic, make_user

NOW = datetime(2026, 11, 30, tzinfo=UTC)


def refused(action) -> dict[str, str]:
    with pytest.raises(DomainError) as error:
        action()
    return error.value.errors


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Diet and nutrition", "diet-and-nutrition"),
        ("  Sleep &   fatigue!  ", "sleep-fatigue"),
        ("Épstein–Barr virus (EBV)", "epstein-barr-virus-ebv"),
        ("Vitamin D3", "vitamin-d3"),
    ],
)
def test_create_makes_the_slug_from_the_name(ctx, name, slug):
    topic = topics.create(name, "  About it.  ")
    assert topic.slug == slug
    assert topic.name == " ".join(name.split())
    assert topic.description == "About it."
    assert topics.get_topic(slug) is topic


def test_a_taken_slug_is_refused(ctx):
    make_topic("diet-nutrition", "Diet")
    assert refused(lambda: topics.create("Diet & nutrition")) == {
        "name": "The web address /topics/diet-nutrition is taken. Choose another name."
    }


def test_the_same_name_in_other_letters_is_refused(ctx):
    make_topic("sleep", "Sleep")
    assert refused(lambda: topics.create("SLEEP")) == {
        "name": "There is already a topic called “SLEEP”."
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a name for the topic."),
        ("   ", "Enter a name for the topic."),
        (None, "Enter a name for the topic."),
        ("!!! ???", "Use at least one letter or number in the name."),
        ("x" * 121, "Keep the name to 120 characters or fewer."),
        ("New", "The web address /topics/new is taken. Choose another name."),
    ],
)
def test_bad_names_are_refused(ctx, name, message):
    assert refused(lambda: topics.create(name)) == {"name": message}


def test_every_broken_rule_is_reported_at_once(ctx):
    errors = refused(lambda: topics.create("", "d" * 501))
    assert errors == {
        "name": "Enter a name for the topic.",
        "description": "Please shorten the description to 500 characters or fewer (it has 501).",
    }


def test_a_name_of_exactly_120_characters_is_fine(ctx):
    assert len(topics.create("y" * 120).name) == 120


def test_rename_keeps_the_slug_and_refuses_another_topics_name(ctx):
    make_topic("fatigue", "Fatigue")
    sleep = make_topic("sleep", "Sleep")
    topics.rename(sleep, "  Sleep and rest ")
    assert (sleep.slug, sleep.name) == ("sleep", "Sleep and rest")
    topics.rename(sleep, "SLEEP AND REST")  # its own name in other letters is fine
    assert refused(lambda: topics.rename(sleep, "fatigue")) == {
        "name": "There is already a topic called “fatigue”."
    }
    assert refused(lambda: topics.rename(sleep, " ")) == {"name": "Enter a name for the topic."}
    assert sleep.name == "SLEEP AND REST"


def test_describe_replaces_the_description_within_its_limit(ctx):
    topic = make_topic()
    topics.describe(topic, "Line one.\r\nLine two.")
    assert topic.description == "Line one.\nLine two."
    topics.describe(topic, "")
    assert topic.description == ""
    assert set(refused(lambda: topics.describe(topic, "z" * 501))) == {"description"}
    assert topic.description == ""


def test_archive_and_unarchive_report_whether_anything_changed(ctx):
    topic = make_topic()
    assert topics.archive(topic, NOW) is True
    assert topic.archived_at == NOW and topic.is_archived
    assert topics.archive(topic, datetime(2027, 1, 1, tzinfo=UTC)) is False
    assert topic.archived_at == NOW
    assert topics.unarchive(topic) is True and topic.archived_at is None
    assert topics.unarchive(topic) is False


def test_an_archived_topic_cannot_be_newly_followed_but_keeps_its_followers(ctx):
    topic, other = make_topic(name="Old topic"), make_topic()
    old_follower, newcomer = make_user("old@example.com"), make_user("new@example.com")
    follow(old_follower, topic)
    topics.archive(topic, NOW)
    assert refused(lambda: follows.follow(newcomer.id, topic.id)) == {
        "topic": "Old topic is archived, so it can't be followed any more. "
        "Its articles are still here to read."
    }
    assert follows.followed_topics(newcomer.id) == []
    assert follows.followed_topics(old_follower.id) == [topic]
    assert follows.follow(newcomer.id, other.id) is True
    assert follows.unfollow(old_follower.id, topic.id) is True, "leaving is always possible"
    topics.unarchive(topic)
    assert follows.follow(newcomer.id, topic.id) is True


def test_admin_list_counts_every_tagged_article_and_every_follower(ctx):
    busy, quiet = make_topic("busy", "Busy"), make_topic("quiet", "Quiet")
    make_article(busy)
    make_article(busy, quiet, status="draft")
    make_article(busy, published_at=datetime(2099, 1, 1, tzinfo=UTC))
    for n in range(4):
        follow(make_user(f"r{n}@example.com"), busy)
    db.session.flush()
    rows = {row.topic.slug: (row.articles, row.followers) for row in topics.admin_list()}
    assert rows == {"busy": (3, 4), "quiet": (1, 0)}
    assert db.session.query(Follow).count() == 4
