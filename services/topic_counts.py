"""How many visible articles each topic has and when its newest went up, counted once per
change rather than on every view of the topics page (services.cached).

Counting walks every published article, which grows with the library. The counts change
when an article is published, unpublished, rescheduled, re-tagged or deleted: `init_app`
hooks the session's flush so any such change marks the counts stale in its own transaction.
A scheduled article makes them stale by itself at its publish time. Bulk writes that bypass
the session (generated data, benchmarks) call `changed()` before they commit.
"""

from datetime import datetime

from flask import Flask
from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from models import Article, Topic, article_topics, db
from models.article import PUBLISHED
from services import cached
from services.feed import published_filter

NAME = "topic_counts"
# The article fields whose change can change a topic's visible count or newest date.
COUNTED_FIELDS = ("status", "published_at", "topics")

# Per topic id: (visible articles, newest publish time).
Counts = dict[int, tuple[int, datetime | None]]


def _count(now: datetime) -> tuple[Counts, datetime | None]:
    stmt = (
        select(article_topics.c.topic_id, func.count(), func.max(Article.published_at))
        .join(Article, Article.id == article_topics.c.article_id)
        .where(published_filter(now))
        .group_by(article_topics.c.topic_id)
    )
    counts = {topic_id: (n, newest) for topic_id, n, newest in db.session.execute(stmt)}
    next_scheduled = db.session.scalar(
        select(func.min(Article.published_at)).where(
            Article.status == PUBLISHED, Article.published_at > now
        )
    )
    return counts, next_scheduled


def current(now: datetime | None = None) -> Counts:
    """Every topic's visible article count and newest publish time (absent: none yet)."""
    return cached.value(NAME, _count, now)


def changed() -> None:
    """Count again on the next request, once the current transaction commits."""
    cached.changed(NAME)


def _changes_counts(session: Session) -> bool:
    for obj in session.new:
        if isinstance(obj, Article) and inspect(obj).dict.get("status") in (PUBLISHED, None):
            return True
    if any(isinstance(obj, Article | Topic) for obj in session.deleted):
        return True
    for obj in session.dirty:
        if isinstance(obj, Article):
            attrs = inspect(obj).attrs
            if any(attrs[name].history.has_changes() for name in COUNTED_FIELDS):
                return True
    return False


def _after_flush(session: Session, _context) -> None:
    if _changes_counts(session):
        cached.changed(NAME, session.connection())


def init_app(_app: Flask) -> None:
    """Mark the counts stale whenever a flush changes what they count (registered once)."""
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
