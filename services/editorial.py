"""The editorial workflow (docs/editorial-process.md): one function per transition.

draft → in_review → approved → published; a published article whose publish time is ahead
is "scheduled". Each function checks who may make the step (services.staff), changes the
article and logs an ArticleEvent. Nothing here commits; the caller does.

Who may do what: editors and admins submit any draft (a writer may hand over a colleague's
draft); reviewers and admins request changes, approve, publish, unpublish and set review
dates. Nobody approves an article they wrote, admins included.
"""

from datetime import datetime, timedelta

from models import Article, ArticleEvent, User, db
from models.article import APPROVED, DRAFT, IN_REVIEW, PUBLISHED, UNPUBLISHED
from models.base import utcnow
from services import security_log, staff
from services.errors import DomainError

REVIEW_INTERVAL = timedelta(days=730)  # the default: two years after approval
MAX_REVIEW_INTERVAL = timedelta(days=3 * 365 + 1)  # the rule: at least every three years
COMMENT_MAX_LENGTH = 2000
QUESTION_COUNT = 3

# Fields an article needs before review, with the message shown when one is missing.
REQUIRED = {
    "title": "Add a title.",
    "slug": "Add a web address (slug).",
    "summary": "Add a one-paragraph summary.",
    "found": "Say what the study found.",
    "for_patients": "Add the paragraph for people living with the condition.",
    "for_caregivers": "Add the paragraph for caregivers and family.",
    "for_clinicians": "Add the paragraph for healthcare professionals.",
    "limitations": "Add the study's limitations.",
    "questions": f"Add {QUESTION_COUNT} questions to ask a specialist.",
    "study_type": "Choose the type of study.",
    "population": "Choose who or what was studied.",
    "conditions": "Tick at least one condition.",
    "source_title": "Add the title of the paper.",
    "source_first_author": "Add the paper's first author.",
    "source_journal": "Add the journal.",
    "source_year": "Add the year the paper was published.",
    "source_url": "Add the link to the original study.",
    "topics": "Tick at least one topic.",
}


class Forbidden(DomainError):
    """The member of staff may not make this step."""


def _allow(actor: User, permission: str, what: str) -> None:
    if not staff.can(actor, permission):
        raise Forbidden({"": f"Your role does not allow you to {what}."})


def _expect(article: Article, *statuses: str) -> None:
    if article.status not in statuses:
        raise DomainError({"": f"This can't be done while the article is {article.status_label}."})


def _log(article: Article, actor: User, action: str, to: str, comment: str = "") -> ArticleEvent:
    event = ArticleEvent(
        article_id=article.id,
        actor_id=actor.id,
        action=action,
        from_status=article.status,
        to_status=to,
        comment=comment,
    )
    db.session.add(event)
    # Who moved which article where; the comment stays in the article's history only.
    security_log.record(
        f"editorial.{action}",
        user_id=actor.id,
        article_id=article.id,
        from_status=article.status,
        to_status=to,
    )
    article.status = to
    return event


def _comment(comment: str | None, required: str | None = None) -> str:
    text = (comment or "").strip()
    if required and not text:
        raise DomainError({"comment": required})
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError({"comment": f"Keep it under {COMMENT_MAX_LENGTH} characters."})
    return text


def missing_fields(article: Article) -> dict[str, str]:
    """Every required field the article lacks, with its message; empty when complete."""
    missing = {}
    for name, message in REQUIRED.items():
        value = getattr(article, name)
        if name == "questions":
            value = [q for q in value or [] if q.strip()]
            value = len(value) == QUESTION_COUNT
        elif isinstance(value, str):
            value = value.strip()
        if not value:
            missing[name] = message
    return missing


def is_scheduled(article: Article, now: datetime | None = None) -> bool:
    """Published with a publish time still ahead: invisible to readers until then."""
    at = article.published_at
    return article.status == PUBLISHED and at is not None and at > (now or utcnow())


def state(article: Article, now: datetime | None = None) -> str:
    """The status as the editor shows it, "scheduled" included."""
    return "scheduled" if is_scheduled(article, now) else article.status


def submit(article: Article, actor: User, comment: str = "") -> ArticleEvent:
    """Send a complete draft to review. Every missing field is reported at once."""
    _allow(actor, staff.WRITE, "submit articles for review")
    _expect(article, DRAFT)
    missing = missing_fields(article)
    if missing:
        raise DomainError(missing)
    return _log(article, actor, "submitted", IN_REVIEW, _comment(comment))


def request_changes(article: Article, actor: User, comment: str) -> ArticleEvent:
    """Back to draft, with a comment saying what to change."""
    _allow(actor, staff.REVIEW, "review articles")
    _expect(article, IN_REVIEW, APPROVED)
    text = _comment(comment, "Say what needs to change.")
    return _log(article, actor, "changes_requested", DRAFT, text)


def approve(
    article: Article, actor: User, comment: str = "", now: datetime | None = None
) -> ArticleEvent:
    """Clinically approved: records the reviewer and sets the next review two years on."""
    _allow(actor, staff.REVIEW, "approve articles")
    _expect(article, IN_REVIEW)
    if article.author_id == actor.id:
        raise Forbidden({"": "Someone other than the author must approve an article."})
    now = now or utcnow()
    article.reviewed_by_id, article.reviewed_at = actor.id, now
    article.next_review_due = now + REVIEW_INTERVAL
    return _log(article, actor, "approved", APPROVED, _comment(comment))


def publish(
    article: Article, actor: User, at: datetime | None = None, now: datetime | None = None
) -> ArticleEvent:
    """Publish now (`at` None) or schedule for a later moment; a scheduled one may move."""
    _allow(actor, staff.REVIEW, "publish articles")
    now = now or utcnow()
    if not is_scheduled(article, now):
        _expect(article, APPROVED)
    if at is not None and at < now - timedelta(minutes=1):
        raise DomainError({"publish_at": "Choose a time from now on, or leave it empty."})
    article.published_at = at if at is not None and at > now else now
    action = "scheduled" if article.published_at > now else "published"
    when = f"{article.published_at:%Y-%m-%d %H:%M} UTC"
    return _log(article, actor, action, PUBLISHED, when)


def unpublish(
    article: Article, actor: User, reason: str, now: datetime | None = None
) -> ArticleEvent:
    """Take a published article down: it leaves every list and its address answers 410."""
    _allow(actor, staff.REVIEW, "unpublish articles")
    _expect(article, PUBLISHED)
    text = _comment(reason, "Say why the article is coming down.")
    article.unpublished_at, article.unpublish_reason = now or utcnow(), text
    return _log(article, actor, "unpublished", UNPUBLISHED, text)


def reopen(article: Article, actor: User, comment: str = "") -> ArticleEvent:
    """An approved or unpublished article goes back to draft to be changed and reviewed."""
    _allow(actor, staff.WRITE, "edit articles")
    _expect(article, APPROVED, UNPUBLISHED)
    return _log(article, actor, "reopened", DRAFT, _comment(comment))


def set_review_due(
    article: Article, actor: User, due: datetime | None, now: datetime | None = None
) -> ArticleEvent:
    """Move the next clinical review: in the future, and within three years of the last."""
    _allow(actor, staff.REVIEW, "set review dates")
    if article.reviewed_at is None:
        raise DomainError({"due": "The article has not been reviewed yet."})
    if due is None or due <= (now or utcnow()):
        raise DomainError({"due": "Choose a date in the future."})
    if due > article.reviewed_at + MAX_REVIEW_INTERVAL:
        raise DomainError({"due": "Articles are reviewed at least every three years."})
    article.next_review_due = due
    return _log(article, actor, "review_due_set", article.status, f"{due:%Y-%m-%d}")
