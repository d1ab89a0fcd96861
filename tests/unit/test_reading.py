"""Topic counts, following, and related reading (services/topics, follows and articles)."""

from datetime import UTC, datetime, timedelta

import pytest

from models import db
from services import articles, follows, topics
from tests.factories import follow, make_article, make_topic, make_user, save

NOW = datetime.now(UTC)


def test_get_topic_by_slug(ctx):
    ebv = make_topic("ebv")
    assert topics.get_topic("ebv") is ebv
    assert topics.get_topic("EBV") is None
    assert topics.get_topic("nope") is None


def test_follow_and_unfollow_report_whether_anything_changed(ctx):
    user, topic = make_user(), make_topic()
    assert follows.follow(user.id, topic.id) is True
    assert follows.follow(user.id, topic.id) is False
    assert follows.followed_topics(user.id) == [topic]
    assert follows.unfollow(user.id, topic.id) is True
    assert follows.unfollow(user.id, topic.id) is False
    assert follows.followed_topics(user.id) == []


def test_following_a_topic_already_followed_keeps_one_row_and_a_usable_session(ctx):
    """The row may come from a parallel request that followed the topic first."""
    user, topic = make_user(), make_topic()
    follow(user, topic)
    assert follows.follow(user.id, topic.id) is False
    db.session.commit()
    assert [t.id for t in follows.followed_topics(user.id)] == [topic.id]


def test_followed_topics_are_the_readers_own_by_name(ctx):
    reader, other = make_user(), make_user("other@example.com")
    b, a, c = make_topic(name="Beta"), make_topic(name="Alpha"), make_topic(name="Gamma")
    follow(reader, b, a)
    follow(other, c)
    assert [t.name for t in follows.followed_topics(reader.id)] == ["Alpha", "Beta"]


@pytest.mark.parametrize(
    "fields", [{"status": "draft"}, {"published_at": datetime.now(UTC) + timedelta(days=30)}]
)
def test_hidden_articles_cannot_be_opened(ctx, fields):
    make_article(make_topic(), slug="hidden", **fields)
    assert articles.get_visible("hidden") is None
    assert articles.get_shown("hidden") is None


def test_visible_article_comes_with_its_topics(ctx):
    b, a = make_topic(name="Beta"), make_topic(name="Alpha")
    make_article(b, a, slug="shown")
    db.session.commit()
    db.session.expunge_all()
    article = articles.get_visible("shown")
    assert [t.name for t in article.topics] == ["Alpha", "Beta"]


def test_an_article_for_its_page_comes_with_its_topic_tags_by_name(ctx):
    b, a = make_topic(name="Beta", slug="beta"), make_topic(name="Alpha", slug="alpha")
    made = make_article(b, a, slug="shown")
    make_article(make_topic(name="Other"), slug="elsewhere")
    db.session.commit()
    ids = made.id, a.id, b.id
    db.session.expunge_all()
    article, tags, saved = articles.get_shown("shown")
    assert article.id == ids[0] and saved is None
    assert [(t.id, t.slug, t.name) for t in tags] == [
        (ids[1], "alpha", "Alpha"),
        (ids[2], "beta", "Beta"),
    ]


def test_an_article_for_a_reader_comes_with_that_readers_saved_row_only(ctx):
    article = make_article(make_topic(), slug="kept")
    saver, other = make_user(), make_user("other@example.com")
    save(saver, article, note="Ask about the MRI")
    db.session.commit()
    ids = article.id, saver.id, other.id
    db.session.expunge_all()
    shown = articles.get_shown("kept", ids[1])
    assert shown.article.id == ids[0] and shown.saved.note == "Ask about the MRI"
    assert articles.get_shown("kept", ids[2]).saved is None
    assert articles.get_shown("kept").saved is None


def test_an_article_in_no_topic_is_shown_with_no_tags(ctx):
    make_article(slug="alone")
    assert articles.get_shown("alone").topics == ()


def test_related_articles_share_a_topic_newest_first_at_most_six(ctx):
    ebv, diet, other = make_topic(), make_topic(), make_topic()
    this = make_article(ebv, diet, published_at=NOW - timedelta(hours=1))
    related = [
        make_article(ebv if i % 2 else diet, published_at=NOW - timedelta(days=i))
        for i in range(1, 9)
    ]
    make_article(other, published_at=NOW - timedelta(minutes=5))
    make_article(ebv, status="draft", published_at=NOW - timedelta(minutes=6))
    make_article(diet, published_at=NOW + timedelta(days=1))
    assert [a.slug for a in articles.related(this, this.topics)] == [a.slug for a in related[:6]]


def test_article_without_topics_has_no_related_reading(ctx):
    topic = make_topic()
    make_article(topic)
    lonely = make_article()
    assert articles.related(lonely, lonely.topics) == []


@pytest.mark.parametrize(
    ("role", "order"),
    [
        (None, ["patient", "caregiver", "clinician"]),
        ("other", ["patient", "caregiver", "clinician"]),
        ("patient", ["patient", "caregiver", "clinician"]),
        ("caregiver", ["caregiver", "patient", "clinician"]),
        ("clinician", ["clinician", "patient", "caregiver"]),
    ],
)
def test_audiences_put_the_readers_role_first(ctx, role, order):
    article = make_article(make_topic())
    sections = articles.audiences(article, role)
    assert [s.role for s in sections] == order
    assert [s.is_reader for s in sections] == [s.role == role for s in sections]
    texts = {s.role: article.section_html(s.section) for s in sections}
    assert texts == {
        "patient": f"<p>{article.for_patients}</p>\n",
        "caregiver": f"<p>{article.for_caregivers}</p>\n",
        "clinician": f"<p>{article.for_clinicians}</p>\n",
    }
