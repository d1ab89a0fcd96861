"""Reader feedback ("Was this page helpful?") and the staff's list of it.

Only the answer, the optional text and the time are kept: no account, no address.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import load_only

from models import Article, Feedback, User, db
from models.editorial import FEEDBACK_MAX_LENGTH
from services import handling
from services.errors import DomainError
from services.feed import Cursor
from services.handling import ALL, HANDLED, UNHANDLED
from services.saves import normalize_note

PAGE_SIZE = 25
SHOWN = {UNHANDLED: "Not handled yet", HANDLED: "Handled", ALL: "All feedback"}

ANSWER_MESSAGE = "Choose Yes or No to say whether this page was helpful."
UNCLEAR_HINT = (
    f"Optional, up to {FEEDBACK_MAX_LENGTH} characters. Please leave out names and personal "
    "details: we read every message but cannot reply."
)


@dataclass(frozen=True)
class FeedbackRow:
    """One piece of feedback as staff see it, with its article and who handled it."""

    id: int
    helpful: bool
    unclear: str
    created_at: datetime
    handled_at: datetime | None
    handled_by: str | None
    article_id: int
    article_slug: str
    article_title: str


@dataclass
class FeedbackPage:
    rows: list[FeedbackRow]
    older: Cursor | None


@dataclass(frozen=True)
class Totals:
    helpful: int = 0
    not_helpful: int = 0


def submit(article_id: int, helpful: bool | None, unclear: str | None = "") -> Feedback:
    """Record a reader's answer for an article. Every broken rule is reported at once."""
    text = normalize_note(unclear)
    errors = {}
    if helpful is None:
        errors["helpful"] = ANSWER_MESSAGE
    if len(text) > FEEDBACK_MAX_LENGTH:
        errors["unclear"] = (
            f"Please shorten what was unclear to {FEEDBACK_MAX_LENGTH} characters or fewer "
            f"(it has {len(text):,})."
        )
    if errors:
        raise DomainError(errors)
    row = Feedback(article_id=article_id, helpful=helpful, unclear=text)
    db.session.add(row)
    db.session.flush()
    return row


def _rows_stmt():
    return (
        select(
            Feedback.id,
            Feedback.helpful,
            Feedback.unclear,
            Feedback.created_at,
            Feedback.handled_at,
            func.coalesce(User.display_name, User.email).label("handled_by"),
            Article.id.label("article_id"),
            Article.slug.label("article_slug"),
            Article.title.label("article_title"),
        )
        .join(Article, Article.id == Feedback.article_id)
        .outerjoin(User, User.id == Feedback.handled_by_id)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
    )


def page(
    show: str = UNHANDLED,
    *,
    article_id: int | None = None,
    before: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> FeedbackPage:
    """Feedback newest first, one page at a time (keyset on created_at, id), in one query.

    show: UNHANDLED (anything else unknown counts as this), HANDLED or ALL.
    article_id: only feedback on this article.
    """
    stmt = _rows_stmt().where(handling.shown_filter(Feedback, show))
    if article_id is not None:
        stmt = stmt.where(Feedback.article_id == article_id)
    return FeedbackPage(*handling.newest_page(Feedback, stmt, before, limit, FeedbackRow))


def newest(limit: int = 5) -> list[FeedbackRow]:
    """The newest feedback nobody has handled yet, with article titles (for the dashboard)."""
    return page(UNHANDLED, limit=limit).rows


def article_by_slug(slug: str) -> Article | None:
    """Any article (whatever its status) by slug, with just what a feedback page shows."""
    stmt = select(Article).options(load_only(Article.slug, Article.title, Article.status))
    return db.session.scalar(stmt.where(Article.slug == slug))


def totals(article_id: int) -> Totals:
    """How many readers found an article helpful and how many did not."""
    stmt = select(
        func.count(case((Feedback.helpful.is_(True), 1))),
        func.count(case((Feedback.helpful.is_(False), 1))),
    ).where(Feedback.article_id == article_id)
    yes, no = db.session.execute(stmt).one()
    return Totals(yes, no)


def mark_handled(feedback_id: int, staff_id: int, now: datetime) -> bool | None:
    """Record that a member of staff dealt with a piece of feedback.

    Returns True when it was marked, False when it had been handled already, None when no
    such feedback exists.
    """
    return handling.mark_handled(Feedback, feedback_id, staff_id, now)
