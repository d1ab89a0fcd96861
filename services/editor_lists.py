"""What the editor lists: the dashboard's sections and the filtered list of articles.

Every list is bounded and loads only the columns it shows, with authors in the same
statement, so a page costs the same however many articles there are.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import joinedload, load_only

from models import Article, Feedback, Topic, User, db
from models.article import DRAFT, IN_REVIEW, PUBLISHED, STATUSES
from models.base import utcnow
from services.feed import Cursor, in_topic

SECTION_ROWS = 10
FEEDBACK_ROWS = 5
PAGE_SIZE = 25
REVIEW_WARNING = timedelta(days=30)
SCHEDULED = "scheduled"
FILTER_STATUSES = {**STATUSES, SCHEDULED: "Scheduled"}

LIST_COLUMNS = (
    Article.slug,
    Article.title,
    Article.status,
    Article.published_at,
    Article.reading_grade,
    Article.updated_at,
    Article.next_review_due,
    Article.author_id,
)


def _rows(stmt: Select, limit: int) -> list[Article]:
    stmt = stmt.options(
        load_only(*LIST_COLUMNS),
        joinedload(Article.author).load_only(User.email, User.display_name, User.credentials),
    )
    return list(db.session.scalars(stmt.limit(limit)))


def status_filter(status: str, now: datetime | None = None):
    """Articles in `status`; "scheduled" and "published" split published ones by time."""
    now = now or utcnow()
    if status == SCHEDULED:
        return and_(Article.status == PUBLISHED, Article.published_at > now)
    if status == PUBLISHED:
        return and_(Article.status == PUBLISHED, Article.published_at <= now)
    return Article.status == status


@dataclass
class Dashboard:
    drafts: list[Article]
    in_review: list[Article]
    scheduled: list[Article]
    published: list[Article]
    reviews_due: list[Article]
    feedback: list[tuple[Feedback, str]]


def newest_feedback(limit: int = FEEDBACK_ROWS) -> list[tuple[Feedback, str]]:
    """The newest reader feedback, each with its article's title."""
    stmt = (
        select(Feedback, Article.title)
        .join(Article, Article.id == Feedback.article_id)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(limit)
    )
    return [(feedback, title) for feedback, title in db.session.execute(stmt)]


def _section(criterion, *order) -> list[Article]:
    return _rows(select(Article).where(criterion).order_by(*order, Article.id), SECTION_ROWS)


def dashboard(user_id: int, now: datetime | None = None) -> Dashboard:
    """The sections of /editor, each at most SECTION_ROWS long."""
    now = now or utcnow()
    mine = and_(Article.status == DRAFT, Article.author_id == user_id)
    due = and_(Article.status == PUBLISHED, Article.next_review_due <= now + REVIEW_WARNING)
    return Dashboard(
        drafts=_section(mine, Article.updated_at.desc()),
        in_review=_section(Article.status == IN_REVIEW, Article.updated_at),
        scheduled=_section(status_filter(SCHEDULED, now), Article.published_at),
        published=_section(status_filter(PUBLISHED, now), Article.published_at.desc()),
        reviews_due=_section(due, Article.next_review_due),
        feedback=newest_feedback(),
    )


@dataclass
class ListPage:
    articles: list[Article]
    older: Cursor | None


def article_list(
    *,
    status: str | None = None,
    topic_id: int | None = None,
    author_id: int | None = None,
    text: str | None = None,
    before: Cursor | None = None,
    limit: int = PAGE_SIZE,
    now: datetime | None = None,
) -> ListPage:
    """Articles of every status, most recently changed first, filtered and paged by keyset."""
    stmt = select(Article)
    if status in FILTER_STATUSES:
        stmt = stmt.where(status_filter(status, now))
    if topic_id is not None:
        stmt = stmt.where(in_topic(topic_id))
    if author_id is not None:
        stmt = stmt.where(Article.author_id == author_id)
    if text and text.strip():
        stmt = stmt.where(Article.title.icontains(text.strip()[:100], autoescape=True))
    if before is not None:
        stmt = stmt.where(before.older(Article.updated_at, Article.id))
    stmt = stmt.order_by(Article.updated_at.desc(), Article.id.desc())
    rows = _rows(stmt, limit + 1)
    older = None
    if len(rows) > limit:
        rows = rows[:limit]
        older = Cursor(rows[-1].updated_at, rows[-1].id)
    return ListPage(rows, older)


def staff_members() -> list[User]:
    """Everyone with a staff role, by name, for the author filter."""
    stmt = select(User).where(User.staff_role.is_not(None)).order_by(User.display_name, User.email)
    return list(db.session.scalars(stmt))


def all_topics() -> list[Topic]:
    """Every topic by name, archived ones included (forms decide what to offer)."""
    return list(db.session.scalars(select(Topic).order_by(Topic.name)))
