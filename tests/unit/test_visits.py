"""The "New to you" rule: only what came out since the reader's previous visit, unread."""

from datetime import UTC, datetime, timedelta

from models import Article, User
from services import visits

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def article(id_: int, published_at: datetime) -> Article:
    return Article(id=id_, published_at=published_at)


def test_a_first_visit_marks_nothing_new():
    user = User()
    assert visits.note_feed_view(user, NOW) is None
    assert user.feed_seen_at == NOW
    assert visits.new_ids([article(1, NOW - HOUR)], [], None) == set()


def test_coming_back_after_a_gap_starts_a_visit_that_remembers_the_last_one():
    user = User(feed_seen_at=NOW - 2 * visits.VISIT_GAP)
    assert visits.note_feed_view(user, NOW) == NOW - 2 * visits.VISIT_GAP
    assert (user.feed_seen_at, user.previous_visit_at) == (NOW, NOW - 2 * visits.VISIT_GAP)


def test_looking_again_within_a_visit_keeps_the_same_new_articles():
    before = NOW - 3 * HOUR
    user = User(feed_seen_at=NOW - 10 * visits.SEEN_RESOLUTION, previous_visit_at=before)
    assert 10 * visits.SEEN_RESOLUTION < visits.VISIT_GAP
    assert visits.note_feed_view(user, NOW) == before
    assert user.feed_seen_at == NOW  # the visit goes on
    later = NOW + visits.SEEN_RESOLUTION / 2
    assert visits.note_feed_view(user, later) == before
    assert user.feed_seen_at == NOW  # not rewritten on every page view


def test_new_means_published_after_the_previous_visit_and_not_read():
    since = NOW - 5 * HOUR
    shown = [article(1, NOW - HOUR), article(2, NOW - 2 * HOUR), article(3, NOW - 6 * HOUR)]
    assert visits.new_ids(shown, read_ids=[2], since=since) == {1}
    assert visits.new_ids(shown, read_ids=[], since=since) == {1, 2}


def test_a_visitor_is_shown_nothing_new():
    assert visits.feed_viewed(None, [article(1, NOW)], None) == set()


def test_feed_viewed_notes_the_view_and_returns_what_is_new():
    user = User(feed_seen_at=NOW - 2 * visits.VISIT_GAP)
    shown = [article(1, NOW - visits.VISIT_GAP), article(2, NOW - 3 * visits.VISIT_GAP)]
    assert visits.feed_viewed(user, shown, None, NOW) == {1}
    assert user.previous_visit_at == NOW - 2 * visits.VISIT_GAP
