"""The feed query: newest published articles, optionally limited to a reader's followed topics.

One statement serves the home feed, topic pages and the email digests (search ranks by
relevance instead: services.search). It uses semi-joins (EXISTS) so an article in several
followed topics appears once, and keyset pagination on (published_at, id) so page 50 costs
what page 1 costs. A topic's page walks the topic's own rows of `article_topics`, which hold
each article's date, so a topic with few articles costs what a busy one costs.
"""

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta

from sqlalchemy import (
    JSON,
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import load_only, selectinload

from models import Article, ArticleRead, Follow, SavedArticle, Topic, article_topics
from models.article import PUBLISHED, study_type_label
from models.base import EPOCH, MAX_ROW_ID, UTCDateTime, utcnow
from services.mutes import not_muted
from services.reads import read_by
from services.rows import dialect_name, run_core, unseen_by_planner

PAGE_SIZE = 20
_CURSOR = re.compile(r"(-?\d{1,18})_(\d{1,18})")


@dataclass(frozen=True, slots=True)
class TopicTag:
    """A topic as a list shows it on an article."""

    id: int
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ListedArticle:
    """An article as lists show it: its list columns and its topics by name.

    Read as plain rows (`feed_page`: its topics in the same statement; `listed`: in a
    second one): loading them as ORM objects cost more than the database's work for the
    page (bench/RESULTS.md). Its fields name the columns lists read
    (LIST_COLUMNS), in the order they are read.
    """

    id: int
    slug: str
    title: str
    summary: str
    published_at: datetime
    reading_minutes: int
    study_type: str
    population: str
    is_sample: bool
    source_year: int | None
    topics: tuple[TopicTag, ...]

    @property
    def study_type_label(self) -> str:
        return study_type_label(self.study_type)


# Columns shown in lists, after the id (ListedArticle's fields); the long sections stay
# unloaded.
LIST_COLUMNS = tuple(
    getattr(Article, f.name) for f in fields(ListedArticle) if f.name not in ("id", "topics")
)


@dataclass(frozen=True)
class Cursor:
    """Position in a list sorted newest first by (a time, id): everything strictly older.

    The feed pages on (published_at, id); the editor's lists on other times.
    """

    at: datetime
    id: int

    def encode(self) -> str:
        micros = (self.at - EPOCH) // timedelta(microseconds=1)
        return f"{micros}_{self.id}"

    def older(self, at_column, id_column) -> ColumnElement[bool]:
        """The keyset condition: rows that sort after this position.

        The first term repeats what the second says: it is a plain range on the time, which
        both databases can start an index scan at, instead of walking every newer row.
        """
        return and_(
            at_column <= self.at,
            or_(at_column < self.at, and_(at_column == self.at, id_column < self.id)),
        )

    @classmethod
    def decode(cls, value: str | None) -> "Cursor | None":
        """Parse a cursor from a URL; anything malformed gives None (the first page)."""
        match = _CURSOR.fullmatch(value or "")
        if not match:
            return None
        article_id = int(match[2])
        if article_id > MAX_ROW_ID:
            return None
        try:
            published_at = EPOCH + timedelta(microseconds=int(match[1]))
        except OverflowError:
            return None
        return cls(published_at, article_id)


@dataclass
class FeedPage:
    articles: list[ListedArticle]
    older: Cursor | None
    # With `marks_for`: which of the page's articles that reader saved, and read.
    saved_ids: set[int] = field(default_factory=set)
    read_ids: set[int] = field(default_factory=set)


# The status in the statements' text, not a bound value: PostgreSQL then knows, also when
# planning a statement once for every value (a generic plan), that nearly every article
# matches it.
_PUBLISHED = literal_column(f"'{PUBLISHED}'")


def published_filter(now: datetime | None = None):
    """Visible articles: published and not dated in the future."""
    return and_(Article.status == _PUBLISHED, Article.published_at <= _now_or_present(now))


def _now_or_present(now):
    # `now` may be a bound parameter (services.digests.plan), which has no truth value.
    return utcnow() if now is None else now


def statement_now(dialect: str):
    """The present moment in a statement built once: on PostgreSQL the database's clock
    (`statement_timestamp()`), which the planner reads as it plans once for every value
    (`_page_stmt`); elsewhere the bound parameter `now`."""
    if dialect == "postgresql":
        return func.statement_timestamp()
    return bindparam("now", type_=UTCDateTime())


def in_topics(topic_ids) -> ColumnElement[bool]:
    """Semi-join: articles tagged with any of `topic_ids` (a list or a subquery).

    A correlated EXISTS on the (article_id, topic_id) key, so the database walks articles
    newest first and stops after one page. `id IN (SELECT article_id …)` made SQLite collect
    and sort every article of the followed topics first (13.6 ms against 0.4 ms at 50k articles).
    """
    return _tagged(article_topics.c.topic_id.in_(topic_ids))


def in_topic(topic_id) -> ColumnElement[bool]:
    """Semi-join: articles tagged with this topic (an id, or a parameter `unseen_by_planner`:
    PostgreSQL reads `IN ((SELECT $1))` as a subquery it flattens into `= $1`, which its
    planner sees; `= (SELECT $1)` it leaves unseen)."""
    return _tagged(article_topics.c.topic_id == topic_id)


def _tagged(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(article_topics.c.article_id == Article.id, condition)


def feed_stmt(
    user_id: int | None = None,
    *,
    topic_id: int | None = None,
    before: Cursor | None = None,
    since: datetime | None = None,
    unread_by: int | None = None,
    muted_for: int | None = None,
    shown_topic_id: int | None = None,
    limit: int = PAGE_SIZE,
    now: datetime | None = None,
) -> Select[tuple[Article]]:
    """Newest visible articles, each once.

    user_id: only topics this reader follows. topic_id: only this topic.
    before: keyset cursor for older pages. since: only articles published after this moment.
    unread_by: leave out articles this reader has already opened.
    muted_for: leave out articles in the topics this reader muted (services.mutes), except
    `topic_id` (the list is about it) and `shown_topic_id` (the reader chose to see it here).
    now: the moment that counts as the present (digests are built for a given time).
    Returns `limit + 1` rows at most so callers can tell whether an older page exists.
    """
    now = _now_or_present(now)
    stmt = (
        select(Article)
        .options(load_only(*LIST_COLUMNS), selectinload(Article.topics))
        .where(published_filter(now))
    )
    # The order: the article's date and id, or, for one topic, the same two as the topic's
    # index holds them (`article_topics.published_at`), which it then walks newest first.
    at, id_ = Article.published_at, Article.id
    if user_id is not None:
        stmt = stmt.where(in_topics(select(Follow.topic_id).where(Follow.user_id == user_id)))
    if topic_id is not None:
        tagged = article_topics.alias("in_topic")
        at, id_ = tagged.c.published_at, tagged.c.article_id
        stmt = stmt.join(tagged, and_(id_ == Article.id, tagged.c.topic_id == topic_id))
        stmt = stmt.where(at <= now)
    if since is not None:
        stmt = stmt.where(at > since)
    if unread_by is not None:
        stmt = stmt.where(Article.id.not_in(read_by(unread_by)))
    if muted_for is not None:
        stmt = stmt.where(not_muted(muted_for, (topic_id, shown_topic_id)))
    if before is not None:
        stmt = stmt.where(before.older(at, id_))
    return stmt.order_by(at.desc(), id_.desc()).limit(limit + 1)


# The filters of `feed_page`, each bound by name in a statement built once per shape.
_BOUND = {
    "user_id": Integer(),
    "topic_id": Integer(),
    "unread_by": Integer(),
    "muted_for": Integer(),
    "shown_topic_id": Integer(),
}
# `marks_for` (a reader's saved and read marks) is bound by _page_stmt: columns, not a filter.


@functools.cache
def _page_stmt(shape: frozenset[str], dialect: str) -> Select:
    """`feed_stmt` with the filters named in `shape` (and the cursor, the row limit and the
    present moment) as bound parameters, and each article's topic tags in a last column.

    Building the statement cost more than the database's work for a page (bench/page_cpu.py);
    statements are immutable, so every request, app and thread may share one per shape.

    PostgreSQL plans a prepared statement once for all its values only when that plan looks
    no costlier than one for the values at hand; planning the page each time cost more than
    running it. So there the row count is in the statement's text, the present moment is
    the database's clock (`statement_timestamp()`), and the reader, topic and cursor are
    values the planner cannot see (`unseen_by_planner`).
    """
    postgres = dialect == "postgresql"
    filters = {
        name: unseen_by_planner(name, kind, dialect)
        for name, kind in _BOUND.items()
        if name in shape
    }
    before = None
    if "before" in shape:
        before = Cursor(
            unseen_by_planner("before_at", UTCDateTime(), dialect),
            unseen_by_planner("before_id", Integer(), dialect),
        )
    stmt = feed_stmt(before=before, now=statement_now(dialect), **filters)
    stmt = stmt.with_only_columns(Article.id, *LIST_COLUMNS)
    if "marks_for" in shape:  # the reader's marks, in the page's own statement
        reader = unseen_by_planner("marks_for", Integer(), dialect)
        stmt = stmt.add_columns(
            *(
                exists().where(model.user_id == reader, model.article_id == Article.id)
                for model in (SavedArticle, ArticleRead)
            )
        )
    stmt = stmt.add_columns(tags_column(dialect))
    return stmt.limit(bindparam("rows", type_=Integer(), literal_execute=postgres))


def tags_column(dialect: str):
    """An article's topics as a JSON list of [id, slug, name]: in the page's own statement, a
    second one cost more than the database's work for it (bench/RESULTS.md). PostgreSQL
    orders them by name as Article.topics does (in its collation); SQLite cannot order an
    aggregate, and `topic_tags` sorts them by name as its binary collation does."""
    if dialect == "postgresql":
        tag = func.json_build_array(Topic.id, Topic.slug, Topic.name)
        tags = func.json_agg(aggregate_order_by(tag, Topic.name, Topic.id))
    else:
        tags = func.json_group_array(func.json_array(Topic.id, Topic.slug, Topic.name))
    found = (
        select(tags)
        .select_from(article_topics.join(Topic, Topic.id == article_topics.c.topic_id))
        .where(article_topics.c.article_id == Article.id)
        .scalar_subquery()
    )
    return type_coerce(found, JSON)


def topic_tags(found: list | None, dialect: str) -> tuple[TopicTag, ...]:
    """The `tags_column` of one row as TopicTags, by name (then id)."""
    tags = [TopicTag(*tag) for tag in found or ()]
    if dialect != "postgresql":
        # Python compares strings by code point, as SQLite's binary collation does.
        tags.sort(key=lambda tag: (tag.name, tag.id))
    return tuple(tags)


# The topics of a list's articles, by name (as Article.topics orders them), for lists that
# do not come from `feed_page` (search, digests).
_TOPIC_TAGS = (
    select(article_topics.c.article_id, Topic.id, Topic.slug, Topic.name)
    .join(Topic, Topic.id == article_topics.c.topic_id)
    .where(article_topics.c.article_id.in_(bindparam("ids", expanding=True)))
    .order_by(article_topics.c.article_id, Topic.name, Topic.id)
)


def listed(rows) -> list[ListedArticle]:
    """Rows of (id, *LIST_COLUMNS) as ListedArticles, with their topics in one statement."""
    rows = list(rows)
    tags: dict[int, list[TopicTag]] = defaultdict(list)
    if rows:
        ids = [row[0] for row in rows]
        for article_id, *tag in run_core(_TOPIC_TAGS, {"ids": ids}):
            tags[article_id].append(TopicTag(*tag))
    return [ListedArticle(*row, topics=tuple(tags[row[0]])) for row in rows]


def feed_page(
    user_id: int | None = None,
    *,
    topic_id: int | None = None,
    before: Cursor | None = None,
    unread_by: int | None = None,
    muted_for: int | None = None,
    shown_topic_id: int | None = None,
    marks_for: int | None = None,
    limit: int | None = None,
) -> FeedPage:
    """One page of the feed and the cursor of the next (older) page, if there is one; with
    `marks_for`, also which of its articles that reader saved and read."""
    limit = limit or PAGE_SIZE
    given = {
        "user_id": user_id,
        "topic_id": topic_id,
        "unread_by": unread_by,
        "muted_for": muted_for,
        "shown_topic_id": shown_topic_id,
        "marks_for": marks_for,
    }
    params: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    shape = set(params)
    if before is not None:
        shape.add("before")
        params.update(before_at=before.at, before_id=before.id)
    now = utcnow()
    # Both bounds on published_at as one value: SQLite starts its index scan at only one of
    # them and took the present, walking every newer row (page 50 cost 5 times page 1).
    params.update(rows=limit + 1, now=min(now, before.at) if before else now)
    dialect = dialect_name()
    rows = run_core(_page_stmt(frozenset(shape), dialect), params).all()
    older = None
    if len(rows) > limit:
        rows = rows[:limit]
        older = Cursor(rows[-1].published_at, rows[-1].id)
    width = 1 + len(LIST_COLUMNS)
    articles = [ListedArticle(*row[:width], topics=topic_tags(row[-1], dialect)) for row in rows]
    if marks_for is None:
        return FeedPage(articles, older)
    return FeedPage(
        articles,
        older,
        saved_ids={row[0] for row in rows if row[-3]},
        read_ids={row[0] for row in rows if row[-2]},
    )
