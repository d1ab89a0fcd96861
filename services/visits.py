"""Visits to the feed, and which articles are "New to you".

A visit is a run of feed views with no gap of VISIT_GAP or more between two of them. An
article is new to a reader when it was published after their previous visit ended and they
have not opened it. A reader who just signed up has no previous visit, so nothing is marked
new until they come back: a first feed full of "New" labels tells them nothing.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from models import Article, User
from models.base import utcnow

# A gap this long between two looks at the feed starts a new visit.
VISIT_GAP = timedelta(hours=1)
# `feed_seen_at` is rewritten at most this often, so not every feed view writes a row.
SEEN_RESOLUTION = timedelta(minutes=5)


def note_feed_view(user: User, now: datetime | None = None) -> datetime | None:
    """Record that `user` looked at their feed; returns what counts as new since then.

    The returned time is the end of the reader's previous visit (None before their second
    visit). The caller commits.
    """
    now = now or utcnow()
    seen = user.feed_seen_at
    if seen is None or now - seen >= SEEN_RESOLUTION:
        if seen is not None and now - seen >= VISIT_GAP:
            user.previous_visit_at = seen
        user.feed_seen_at = now
    return user.previous_visit_at


def new_ids(
    articles: Iterable[Article], read_ids: Iterable[int], since: datetime | None
) -> set[int]:
    """The ids of `articles` published after `since` that are not in `read_ids`."""
    if since is None:
        return set()
    read = set(read_ids)
    return {a.id for a in articles if a.id not in read and a.published_at > since}


def feed_viewed(
    user: User | None,
    articles: Iterable[Article],
    read_ids: Iterable[int] | None,
    now: datetime | None = None,
) -> set[int]:
    """Note that `user` (None for a visitor) is looking at `articles` of their feed, and
    return the ids of those new to them. The caller commits."""
    if user is None:
        return set()
    return new_ids(articles, read_ids or (), note_feed_view(user, now))
