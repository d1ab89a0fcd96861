"""The workflow's transitions: who may make each one, what each records, and the rules."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import ArticleEvent, db
from models.article import APPROVED, DRAFT, IN_REVIEW, PUBLISHED, UNPUBLISHED
from services import editorial, feed
from services.errors import DomainError
from tests import factories as f
from tests.editorial_support import approved, draft, make_staff_member, published

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def people(ctx):
    return {
        role: make_staff_member(f"{role}@example.com", role)
        for role in ("editor", "reviewer", "admin")
    } | {"reader": f.make_user("reader@example.com")}


@pytest.fixture
def topic(ctx):
    return f.make_topic("myelin")


def events(article) -> list[tuple[str, str | None, str, int]]:
    stmt = select(ArticleEvent).where(ArticleEvent.article_id == article.id)
    rows = db.session.scalars(stmt.order_by(ArticleEvent.id))
    return [(e.action, e.from_status, e.to_status, e.actor_id) for e in rows]


def test_the_whole_way_from_draft_to_published_is_logged(people, topic):
    editor, reviewer = people["editor"], people["reviewer"]
    article = draft(editor, topic)
    assert article.status == DRAFT and article.author_id == editor.id
    editorial.submit(article, editor)
    editorial.approve(article, reviewer, now=NOW)
    editorial.publish(article, reviewer, now=NOW)
    assert article.status == PUBLISHED and article.published_at == NOW
    assert article.reviewed_by_id == reviewer.id and article.reviewed_at == NOW
    assert article.next_review_due == NOW + timedelta(days=730)
    assert events(article) == [
        ("submitted", DRAFT, IN_REVIEW, editor.id),
        ("approved", IN_REVIEW, APPROVED, reviewer.id),
        ("published", APPROVED, PUBLISHED, reviewer.id),
    ]


def test_submit_lists_every_missing_field_at_once(people):
    article = draft(people["editor"], None, summary="", questions=["Only one?"], source_year=None)
    with pytest.raises(DomainError) as caught:
        editorial.submit(article, people["editor"])
    assert set(caught.value.errors) == {"summary", "questions", "source_year", "topics"}
    assert article.status == DRAFT and events(article) == []


@pytest.mark.parametrize("role", ["reviewer", "reader"])
def test_only_editors_and_admins_submit(people, topic, role):
    article = draft(people["editor"], topic)
    with pytest.raises(editorial.Forbidden):
        editorial.submit(article, people[role])
    assert article.status == DRAFT


def test_an_admin_may_submit_a_colleagues_draft(people, topic):
    article = draft(people["editor"], topic)
    editorial.submit(article, people["admin"])
    assert article.status == IN_REVIEW


@pytest.mark.parametrize("role", ["editor", "reader"])
def test_editors_neither_approve_nor_request_changes(people, topic, role):
    article = draft(people["admin"], topic)
    editorial.submit(article, people["admin"])
    with pytest.raises(editorial.Forbidden):
        editorial.approve(article, people[role])
    with pytest.raises(editorial.Forbidden):
        editorial.request_changes(article, people[role], "Please fix.")
    assert article.status == IN_REVIEW and article.reviewed_by_id is None


@pytest.mark.parametrize("role", ["admin", "reviewer"])
def test_nobody_approves_their_own_article(people, topic, role):
    article = draft(people["admin"], topic)
    article.author_id = people[role].id
    editorial.submit(article, people["admin"])
    with pytest.raises(editorial.Forbidden):
        editorial.approve(article, people[role])
    assert article.status == IN_REVIEW


def test_request_changes_needs_a_comment_and_returns_to_draft(people, topic):
    article = draft(people["editor"], topic)
    editorial.submit(article, people["editor"])
    with pytest.raises(DomainError) as caught:
        editorial.request_changes(article, people["reviewer"], "  ")
    assert set(caught.value.errors) == {"comment"}
    editorial.request_changes(article, people["reviewer"], "Explain the trial phase.")
    assert article.status == DRAFT
    assert events(article)[-1] == ("changes_requested", IN_REVIEW, DRAFT, people["reviewer"].id)


def test_a_draft_cannot_be_approved_or_published(people, topic):
    article = draft(people["editor"], topic)
    with pytest.raises(DomainError):
        editorial.approve(article, people["reviewer"])
    with pytest.raises(DomainError):
        editorial.publish(article, people["reviewer"])
    assert article.status == DRAFT and article.published_at is None


def test_publish_later_is_scheduled_and_can_move(people, topic):
    article = approved(people["editor"], people["reviewer"], topic)
    later = NOW + timedelta(days=2)
    editorial.publish(article, people["reviewer"], later, now=NOW)
    assert editorial.state(article, NOW) == "scheduled"
    assert editorial.state(article, later) == PUBLISHED
    editorial.publish(article, people["reviewer"], later + timedelta(hours=1), now=NOW)
    assert article.published_at == later + timedelta(hours=1)
    assert [e[0] for e in events(article)][-2:] == ["scheduled", "scheduled"]


def test_publish_refuses_a_time_in_the_past_and_editors(people, topic):
    article = approved(people["editor"], people["reviewer"], topic)
    with pytest.raises(DomainError) as caught:
        editorial.publish(article, people["reviewer"], NOW - timedelta(hours=1), now=NOW)
    assert set(caught.value.errors) == {"publish_at"}
    with pytest.raises(editorial.Forbidden):
        editorial.publish(article, people["editor"], now=NOW)
    assert article.status == APPROVED


def test_unpublish_needs_a_reason_and_leaves_the_feed(people, topic):
    article = published(people["editor"], people["reviewer"], topic)
    db.session.flush()
    visible = feed.feed_stmt().with_only_columns(feed.Article.id)
    assert article.id in db.session.scalars(visible).all()
    with pytest.raises(DomainError):
        editorial.unpublish(article, people["reviewer"], "")
    with pytest.raises(editorial.Forbidden):
        editorial.unpublish(article, people["editor"], "Retracted.")
    editorial.unpublish(article, people["reviewer"], "The study was retracted.", now=NOW)
    db.session.flush()
    assert article.status == UNPUBLISHED and article.unpublished_at == NOW
    assert article.unpublish_reason == "The study was retracted."
    assert article.id not in db.session.scalars(visible).all()


def test_review_date_is_settable_within_three_years(people, topic):
    article = approved(people["editor"], people["reviewer"], topic)
    reviewed = article.reviewed_at
    editorial.set_review_due(article, people["reviewer"], reviewed + timedelta(days=365))
    assert article.next_review_due == reviewed + timedelta(days=365)
    for too_late_or_past in (reviewed + timedelta(days=1200), reviewed - timedelta(days=1)):
        with pytest.raises(DomainError) as caught:
            editorial.set_review_due(article, people["reviewer"], too_late_or_past)
        assert set(caught.value.errors) == {"due"}
    with pytest.raises(editorial.Forbidden):
        editorial.set_review_due(article, people["editor"], reviewed + timedelta(days=30))
    assert article.next_review_due == reviewed + timedelta(days=365)


def test_reopen_sends_an_unpublished_article_back_to_draft(people, topic):
    article = published(people["editor"], people["reviewer"], topic)
    editorial.unpublish(article, people["reviewer"], "Newer evidence.")
    editorial.reopen(article, people["editor"])
    assert article.status == DRAFT
