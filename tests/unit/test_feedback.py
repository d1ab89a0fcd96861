"""Reader feedback: what is stored, the length rule, the staff list and marking handled."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import Feedback, db
from models.editorial import FEEDBACK_MAX_LENGTH
from services import feedback
from services.errors import DomainError
from tests.factories import make_article, make_topic, make_user

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def test_an_answer_keeps_only_the_answer_the_text_and_the_time(ctx):
    article = make_article(make_topic())
    row = feedback.submit(article.id, False, "  The second paragraph\r\nlost me.  ")
    db.session.commit()
    stored = db.session.scalar(select(Feedback))
    assert (stored.id, stored.article_id, stored.helpful) == (row.id, article.id, False)
    assert stored.unclear == "The second paragraph\nlost me."
    assert stored.created_at is not None and stored.handled_at is None
    assert set(Feedback.__table__.columns.keys()) == {
        "id",
        "article_id",
        "helpful",
        "unclear",
        "created_at",
        "handled_at",
        "handled_by_id",
    }, "feedback must not learn who sent it"


def test_the_text_is_optional(ctx):
    article = make_article()
    assert feedback.submit(article.id, True).unclear == ""
    assert feedback.submit(article.id, True, None).unclear == ""


def test_text_of_exactly_the_limit_is_kept_one_more_is_refused(ctx):
    article = make_article()
    assert len(feedback.submit(article.id, True, "a" * FEEDBACK_MAX_LENGTH).unclear) == 500
    with pytest.raises(DomainError) as refused:
        feedback.submit(article.id, True, "a" * (FEEDBACK_MAX_LENGTH + 1))
    assert refused.value.errors == {
        "unclear": "Please shorten what was unclear to 500 characters or fewer (it has 501)."
    }


def test_line_breaks_count_as_one_character(ctx):
    article = make_article()
    text = "ab\r\n" * (FEEDBACK_MAX_LENGTH // 3)  # 498 characters once CRLF is one
    assert len(feedback.submit(article.id, False, text).unclear) <= FEEDBACK_MAX_LENGTH


def test_every_broken_rule_is_reported_at_once_and_nothing_is_stored(ctx):
    article = make_article()
    with pytest.raises(DomainError) as refused:
        feedback.submit(article.id, None, "x" * 600)
    assert set(refused.value.errors) == {"helpful", "unclear"}
    assert (
        refused.value.errors["helpful"] == "Choose Yes or No to say whether this page was helpful."
    )
    assert db.session.scalar(select(Feedback)) is None


def _given(article, helpful=True, at=T0, text=""):
    row = Feedback(article_id=article.id, helpful=helpful, unclear=text, created_at=at)
    db.session.add(row)
    db.session.flush()
    return row


def test_staff_list_is_newest_first_with_article_titles_and_filters(ctx):
    one, two = make_article(title="First study"), make_article(title="Second study")
    old = _given(one, at=T0)
    handled = _given(two, at=T0 + timedelta(hours=1))
    new = _given(two, helpful=False, at=T0 + timedelta(hours=2), text="Too many long words.")
    staff = make_user("editor@example.com")
    assert feedback.mark_handled(handled.id, staff.id, T0 + timedelta(days=1)) is True

    unhandled = feedback.page(feedback.UNHANDLED).rows
    assert [r.id for r in unhandled] == [new.id, old.id]
    assert unhandled[0].article_title == "Second study" and unhandled[0].helpful is False
    assert unhandled[0].unclear == "Too many long words."
    assert [r.id for r in feedback.page(feedback.HANDLED).rows] == [handled.id]
    assert [r.id for r in feedback.page(feedback.ALL).rows] == [new.id, handled.id, old.id]
    assert [r.id for r in feedback.page("nonsense").rows] == [new.id, old.id]
    by_article = feedback.page(feedback.ALL, article_id=two.id).rows
    assert [r.id for r in by_article] == [new.id, handled.id]
    assert by_article[1].handled_by == "editor@example.com"
    assert by_article[1].handled_at == T0 + timedelta(days=1)


def test_keyset_pages_cover_everything_once_even_with_equal_times(ctx):
    article = make_article()
    made = [_given(article, at=T0 + timedelta(minutes=i // 3)) for i in range(11)]
    expected = [r.id for r in sorted(made, key=lambda r: (r.created_at, r.id), reverse=True)]
    seen, before = [], None
    for _ in range(5):
        result = feedback.page(feedback.ALL, before=before, limit=4)
        seen += [r.id for r in result.rows]
        before = result.older
        if before is None:
            break
    assert seen == expected


def test_newest_gives_the_latest_unhandled_feedback_for_the_dashboard(ctx):
    article = make_article(title="A study")
    rows = [_given(article, at=T0 + timedelta(minutes=i)) for i in range(7)]
    feedback.mark_handled(rows[-1].id, make_user().id, T0)
    newest = feedback.newest()
    assert [r.id for r in newest] == [r.id for r in reversed(rows[1:6])]
    assert {r.article_title for r in newest} == {"A study"}
    assert len(feedback.newest(limit=2)) == 2


def test_marking_handled_happens_once_and_unknown_feedback_is_none(ctx):
    row = _given(make_article())
    first, second = make_user("a@example.com"), make_user("b@example.com")
    assert feedback.mark_handled(row.id, first.id, T0) is True
    assert feedback.mark_handled(row.id, second.id, T0 + timedelta(hours=1)) is False
    db.session.expire_all()
    stored = db.session.get(Feedback, row.id)
    assert (stored.handled_by_id, stored.handled_at) == (first.id, T0)
    assert feedback.mark_handled(row.id + 100, first.id, T0) is None


def test_totals_count_yes_and_no_of_one_article(ctx):
    article, other = make_article(), make_article()
    for helpful in (True, True, False):
        _given(article, helpful=helpful)
    _given(other, helpful=False)
    assert feedback.totals(article.id) == feedback.Totals(helpful=2, not_helpful=1)
    assert feedback.totals(make_article().id) == feedback.Totals(0, 0)
