"""How each article does with readers: views, readers, saves, digest clicks and feedback.

One statement per page: each number is a correlated count on an indexed `article_id`
column, so a page of 50 articles costs 50 small index lookups per number and never one
query per row.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select

from models import Article, ArticleRead, DigestItem, Feedback, SavedArticle, db
from models.article import PUBLISHED, UNPUBLISHED

PAGE_SIZE = 50
MAX_PAGE = 10_000
VIEWS, NEWEST = "views", "newest"
SORTS = {VIEWS: "Most viewed", NEWEST: "Newest"}


@dataclass(frozen=True)
class Impact:
    id: int
    slug: str
    title: str
    status: str
    published_at: datetime | None
    views: int
    readers: int
    saves: int
    digest_clicks: int  # confirmed: the reader opened the link signed in
    unconfirmed_clicks: int  # other opens: mail scanners, forwarded emails
    helpful: int
    not_helpful: int


@dataclass
class ImpactPage:
    rows: list[Impact]
    number: int
    has_next: bool


def _count(model: type, *criteria: ColumnElement[bool]):
    return (
        select(func.count())
        .select_from(model)
        .where(model.article_id == Article.id, *criteria)
        .correlate(Article)
        .scalar_subquery()
    )


def _unconfirmed_clicks():
    return (
        select(func.coalesce(func.sum(DigestItem.unconfirmed_clicks), 0))
        .where(DigestItem.article_id == Article.id)
        .correlate(Article)
        .scalar_subquery()
    )


def impact_stmt(sort: str = VIEWS):
    """Every article that has been public, with its numbers, sorted by views or by date."""
    order = (
        (Article.published_at.desc(), Article.id.desc())
        if sort == NEWEST
        else (Article.view_count.desc(), Article.id.desc())
    )
    return (
        select(
            Article.id,
            Article.slug,
            Article.title,
            Article.status,
            Article.published_at,
            Article.view_count.label("views"),
            _count(ArticleRead).label("readers"),
            _count(SavedArticle).label("saves"),
            _count(DigestItem, DigestItem.clicked_at.is_not(None)).label("digest_clicks"),
            _unconfirmed_clicks().label("unconfirmed_clicks"),
            _count(Feedback, Feedback.helpful.is_(True)).label("helpful"),
            _count(Feedback, Feedback.helpful.is_(False)).label("not_helpful"),
        )
        .where(Article.status.in_((PUBLISHED, UNPUBLISHED)))
        .order_by(*order)
    )


def page(number: int = 1, sort: str = VIEWS, size: int = PAGE_SIZE) -> ImpactPage:
    """One page of `size` articles and their numbers, in one query.

    number: the page, from 1 (out-of-range values are clamped). sort: VIEWS or NEWEST.
    """
    number = min(max(number, 1), MAX_PAGE)
    stmt = impact_stmt(sort).offset((number - 1) * size).limit(size + 1)
    rows = [Impact(**row._mapping) for row in db.session.execute(stmt)]
    return ImpactPage(rows[:size], number, len(rows) > size)
