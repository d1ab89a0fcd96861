"""Reading one article: lookup, related articles and who-it-matters-to sections."""

import functools
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Integer, Select, String, and_, bindparam, select, update
from sqlalchemy.orm import joinedload, selectinload

from models import Article, ArticleSlug, Role, SavedArticle, User, db
from models.article import UNPUBLISHED
from models.base import UTCDateTime, utcnow
from services import reads
from services.feed import (
    TopicTag,
    in_topics,
    published_filter,
    statement_now,
    tags_column,
    topic_tags,
)
from services.mutes import not_muted
from services.rows import dialect_name, run_core, unseen_by_planner, unseen_ids

RELATED_LIMIT = 6


@dataclass(frozen=True)
class Audience:
    role: str
    heading: str
    section: str  # the name of the article's section for this audience
    is_reader: bool


_AUDIENCES = (
    (Role.PATIENT, "People living with the condition", "for_patients"),
    (Role.CAREGIVER, "Caregivers and family", "for_caregivers"),
    (Role.CLINICIAN, "Healthcare professionals", "for_clinicians"),
)


_QUESTIONS_HEADINGS = {
    Role.CAREGIVER: "Questions to ask at the next appointment of the person you care for",
    Role.CLINICIAN: "Questions patients may ask you",
}
_OWN_QUESTIONS = "Questions to ask at your next appointment"


def questions_heading(reader_role: str | None) -> str:
    """The heading of an article's questions, worded for the reader's role."""
    return _QUESTIONS_HEADINGS.get(reader_role, _OWN_QUESTIONS)


def get_visible(slug: str) -> Article | None:
    """A published, not future-dated article with its topics and reviewer, or None."""
    return db.session.scalar(_visible_stmt(), _by_slug(slug))


def _visible_by_slug(stmt: Select) -> Select:
    """`stmt` for the visible article at the bound `slug`, as of the bound `now`. The
    statements are built once with their values bound by name: building them cost a third
    of the lookup."""
    return stmt.options(joinedload(Article.reviewed_by)).where(
        Article.slug == bindparam("slug", type_=String()),
        published_filter(bindparam("now", type_=UTCDateTime())),
    )


def _by_slug(slug: str) -> dict:
    return {"slug": slug, "now": utcnow()}


@functools.cache
def _visible_stmt() -> Select:
    return _visible_by_slug(select(Article).options(selectinload(Article.topics)))


class Shown(NamedTuple):
    """A visible article for its own page: its topics as TopicTags (by name) and, when
    asked for a reader, the reader's saved row (None when not saved)."""

    article: Article
    topics: tuple[TopicTag, ...]
    saved: SavedArticle | None = None


def get_shown(slug: str, reader_id: int | None = None) -> Shown | None:
    """A visible article for its own page, with its topics and the reader's saved row in
    the same statement: loading them in statements of their own cost more than the rest
    of the lookup (bench/RESULTS.md). Its `topics` stay unloaded."""
    dialect = dialect_name()
    params = _by_slug(slug)
    if reader_id is not None:
        params["reader_id"] = reader_id
    found = db.session.execute(_shown_stmt(dialect, reader_id is not None), params).first()
    if found is None:
        return None
    return Shown(found[0], topic_tags(found[1], dialect), *found[2:])


@functools.cache
def _shown_stmt(dialect: str, for_reader: bool) -> Select:
    stmt = select(Article, tags_column(dialect))
    if for_reader:
        reader = bindparam("reader_id", type_=Integer())
        saved = and_(SavedArticle.article_id == Article.id, SavedArticle.user_id == reader)
        stmt = stmt.add_columns(SavedArticle).outerjoin(SavedArticle, saved)
    return _visible_by_slug(stmt)


def moved_to(slug: str) -> str | None:
    """The current slug of a visible article that used to live at `slug`, if any."""
    stmt = (
        select(Article.slug)
        .join(ArticleSlug, ArticleSlug.article_id == Article.id)
        .where(ArticleSlug.slug == slug, published_filter())
    )
    return db.session.scalar(stmt)


def get_unpublished(slug: str) -> Article | None:
    """A withdrawn article (now or by an old slug) with its topics, for the 410 page."""
    old = select(ArticleSlug.article_id).where(ArticleSlug.slug == slug)
    stmt = (
        select(Article)
        .options(selectinload(Article.topics))
        .where(Article.status == UNPUBLISHED, (Article.slug == slug) | Article.id.in_(old))
        .limit(1)
    )
    return db.session.scalar(stmt)


@functools.cache
def _related_stmt(for_reader: bool, dialect: str) -> Select:
    """The related-articles statement, built once with its values bound by name: building
    it cost more than the database's work for it (bench/page_cpu.py). On PostgreSQL its
    present moment is the database's clock and its values are unseen by the planner, so
    one plan serves every article and reader (services.rows.unseen_by_planner)."""
    stmt = (
        select(Article.id, Article.slug, Article.title, Article.published_at, Article.source_year)
        .where(
            published_filter(statement_now(dialect)),
            Article.id != unseen_by_planner("article_id", Integer(), dialect),
            in_topics(unseen_ids("topic_ids", dialect)),
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(bindparam("rows", type_=Integer(), literal_execute=dialect == "postgresql"))
    )
    if for_reader:
        stmt = stmt.where(not_muted(unseen_by_planner("reader_id", Integer(), dialect)))
    return stmt


def related(
    article: Article, topics, reader_id: int | None = None, limit: int = RELATED_LIMIT
) -> list:
    """Newest visible articles sharing one of `topics` (the article's Topics or TopicTags)
    with `article`, less those the reader muted: rows of id, slug, title, published_at and
    source_year."""
    topic_ids = [t.id for t in topics]
    if not topic_ids:
        return []
    params = {"now": utcnow(), "article_id": article.id, "topic_ids": topic_ids, "rows": limit}
    if reader_id is not None:
        params["reader_id"] = reader_id
    return list(run_core(_related_stmt(reader_id is not None, dialect_name()), params))


def audiences(article: Article, reader_role: str | None) -> list[Audience]:
    """The three who-it-matters-to paragraphs, the reader's own role first."""
    sections = [
        Audience(role.value, heading, attr, role.value == reader_role)
        for role, heading, attr in _AUDIENCES
    ]
    return sorted(sections, key=lambda a: not a.is_reader)


def count_view(article_id: int) -> None:
    """Add one to an article's page views, in the database (no read-modify-write race).

    A view changes nothing of the article itself, so `updated_at` keeps its value.
    """
    run_core(_count_view_stmt(), {"article_id": article_id})


@functools.cache
def _count_view_stmt():
    """Built once, on the table: the ORM's update cost more than the database's work for it."""
    table = Article.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("article_id", type_=Integer()))
        .values(view_count=table.c.view_count + 1, updated_at=table.c.updated_at)
    )


def record_visit(article_id: int, reader: User | None) -> None:
    """Count a public page view and mark the article read for a signed-in reader.

    Staff opening a published article are mostly checking it: they mark it read like any
    reader, but their visits are not counted as views.
    """
    if reader is None or not reader.is_staff:
        count_view(article_id)
    if reader is not None:
        reads.mark_read(reader.id, article_id)
