"""Muting topics: a reader's "Don't show me articles about …".

The rule has one home, `not_muted`: an article tagged with a topic the reader muted leaves
their feed, other topics' pages, related articles, search results and digests, even when it
is also in a topic they follow. A list that is about the muted topic itself (its own topic
page, a feed or search filtered to it) still shows it: the reader asked for it by name.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, exists, func, select

from models import Article, Topic, TopicMute, article_topics, db
from services.rows import add_once, remove

# The most articles of a list whose mutes are counted: far more than a page spans.
SPAN_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class ReaderTopic:
    """A topic a reader follows or muted, as a list names it (the filter chips, the note on
    what mutes hide): read as a plain row, loading Topics cost more than the database's
    work for them (bench/RESULTS.md)."""

    id: int
    slug: str
    name: str
    archived_at: datetime | None

    is_archived = property(Topic.is_archived.fget)


@dataclass(frozen=True)
class MutedTopic:
    """A topic the reader muted, and how many articles of the list in hand it hides."""

    topic: Topic | ReaderTopic
    hidden: int = 0


def muted_topic_ids(user_id: int) -> Select[tuple[int]]:
    """The ids of the topics a reader muted, as a subquery for `IN (...)`."""
    return select(TopicMute.topic_id).where(TopicMute.user_id == user_id)


def _muted_except(user_id: int, shown_topic_ids: Iterable[int | None]) -> Select[tuple[int]]:
    muted = muted_topic_ids(user_id)
    # Values or bound parameters (services.feed builds the page statement once per shape).
    shown = [i for i in dict.fromkeys(shown_topic_ids) if i is not None]
    return muted.where(TopicMute.topic_id.not_in(shown)) if shown else muted


def not_muted(user_id: int, shown_topic_ids: Iterable[int | None] = ()) -> ColumnElement[bool]:
    """SQL condition on `Article`: not tagged with any topic this reader muted.

    Topics in `shown_topic_ids` do not count: the list is filtered to them, or the reader
    chose to see their articles this once. A correlated NOT EXISTS on the article's topic
    key, so a page of the feed stays one statement however many topics are muted.
    """
    return ~exists().where(
        article_topics.c.article_id == Article.id,
        article_topics.c.topic_id.in_(_muted_except(user_id, shown_topic_ids)),
    )


def hidden_by_mutes(
    muted: Sequence[Topic | ReaderTopic],
    listed: Select[tuple[Article]],
    shown_topic_ids: Iterable[int | None] = (),
) -> list[MutedTopic]:
    """The reader's muted topics (`muted_topics`), each with the number of articles it hides
    from a list.

    `listed` is the list's statement without the mutes (a `feed_stmt`, usually limited to the
    time span of the page on screen); at most SPAN_LIMIT of its newest articles are looked at.
    Topics in `shown_topic_ids` hide nothing here. One statement, none when nothing is
    counted. It walks the list newest first and looks up each article's tags, so it costs
    what the span holds; walking the muted topics' articles instead grew with the library.
    """
    shown = set(shown_topic_ids)
    counted = [t.id for t in muted if t.id not in shown]
    counts: dict[int, int] = {}
    if counted:
        span = listed.with_only_columns(Article.id).limit(SPAN_LIMIT).subquery()
        tags = article_topics.alias("muted_tags")
        stmt = (
            select(tags.c.topic_id, func.count())
            .join_from(span, tags, tags.c.article_id == span.c.id)
            .where(tags.c.topic_id.in_(counted))
            .group_by(tags.c.topic_id)
        )
        counts = {topic_id: n for topic_id, n in db.session.execute(stmt)}
    return [MutedTopic(topic, counts.get(topic.id, 0)) for topic in muted]


def muted_ids(user_id: int) -> set[int]:
    """The ids of the topics this reader muted (for lists built outside the feed query)."""
    return set(db.session.scalars(muted_topic_ids(user_id)))


def muted_topics(user_id: int) -> list[Topic]:
    """The topics a reader muted, by name."""
    stmt = (
        select(Topic)
        .join(TopicMute, TopicMute.topic_id == Topic.id)
        .where(TopicMute.user_id == user_id)
        .order_by(Topic.name, Topic.id)
    )
    return list(db.session.scalars(stmt))


def mute(user_id: int, topic_id: int) -> bool:
    """Stop showing a topic's articles to this reader. False when it was muted already."""
    return add_once(TopicMute, user_id=user_id, topic_id=topic_id)


def unmute(user_id: int, topic_id: int) -> bool:
    """Show a muted topic's articles again. False when it was not muted."""
    return remove(TopicMute, user_id=user_id, topic_id=topic_id)
