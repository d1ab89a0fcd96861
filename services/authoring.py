"""Writing and correcting articles: validation, slugs, saving, and a revision per save.

`save_article` is the one way an article's text changes. It checks every rule at once
(raising DomainError with a message per field), renders the Markdown sections once,
measures reading time and grade, keeps the old web address of a published article so it
redirects, and stores a revision holding every editable field. A draft may be incomplete;
services.editorial.submit insists on the required fields.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Article, ArticleRevision, ArticleSlug, Topic, User, db
from models.article import (
    APPROVED,
    CONDITIONS,
    DRAFT,
    PHASES,
    POPULATIONS,
    PUBLISHED,
    STUDY_TYPES,
    UNPUBLISHED,
)
from models.base import utcnow
from services import editorial, markup, readability, staff
from services.article_fields import DOI, FIRST_YEAR, PMID
from services.content import SLUG, reading_minutes
from services.errors import DomainError
from services.glossary_links import Glossary
from services.slugs import slugify

TEXT_FIELDS = (
    "title", "slug", "summary", "found", "for_patients", "for_caregivers", "for_clinicians",
    "limitations", "study_type", "phase", "population", "source_title", "source_first_author",
    "source_journal", "source_url", "source_pmid", "source_doi",
)  # fmt: skip
# Every field a writer edits; a revision stores them all.
EDITABLE = (*TEXT_FIELDS, "questions", "participants", "conditions", "source_year", "topic_ids")
# Columns that are NOT NULL keep "" (or 0 for the year) while a draft leaves them empty.
_OPTIONAL = {"phase", "source_title", "source_first_author", "source_pmid", "source_doi"}

SLUG_MAX_LENGTH = 120
NOTE_MAX_LENGTH = 200


def get_for_edit(article_id: int) -> Article | None:
    """An article of any status, with its topics, for the editor."""
    stmt = (
        select(Article)
        .options(
            selectinload(Article.topics),
            selectinload(Article.reviewed_by),
            selectinload(Article.author),
        )
        .where(Article.id == article_id)
    )
    return db.session.scalar(stmt)


def snapshot(article: Article) -> dict[str, Any]:
    """Every editable field of `article`, as stored in a revision."""
    data = {name: getattr(article, name) for name in EDITABLE if name != "topic_ids"}
    data["questions"] = list(data["questions"] or [])
    data["conditions"] = list(data["conditions"] or [])
    data["topic_ids"] = sorted(t.id for t in article.topics)
    return data


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    data = {name: (values.get(name) or "").strip() for name in TEXT_FIELDS}
    for name in _OPTIONAL:
        data[name] = data[name] or None
    data["questions"] = [q.strip() for q in values.get("questions") or [] if q and q.strip()]
    data["conditions"] = [c for c in CONDITIONS if c in (values.get("conditions") or [])]
    data["participants"] = values.get("participants")
    data["source_year"] = values.get("source_year") or 0
    data["topic_ids"] = sorted(set(values.get("topic_ids") or []))
    if not data["slug"]:
        data["slug"] = slugify(data["title"], SLUG_MAX_LENGTH)
    return data


def _slug_taken(slug: str, article_id: int | None) -> bool:
    other = select(Article.id).where(Article.slug == slug, Article.id != article_id)
    old = select(ArticleSlug.article_id).where(
        ArticleSlug.slug == slug, ArticleSlug.article_id != article_id
    )
    return db.session.scalar(other.union_all(old).limit(1)) is not None


def _check(data: dict[str, Any], article: Article | None) -> dict[str, str]:
    """Every rule the values break, with a message per field (all at once)."""
    errors = {}
    slug = data["slug"]
    if not data["title"]:
        errors["title"] = "Give the article a title, even a working one."
    if not slug:
        errors["slug"] = "Add a web address: lower-case words joined by hyphens."
    elif not SLUG.fullmatch(slug):
        errors["slug"] = "Use lower-case letters, digits and single hyphens."
    elif _slug_taken(slug, article and article.id):
        errors["slug"] = "Another article uses this web address. Choose another."
    choices = {"study_type": STUDY_TYPES, "population": POPULATIONS, "phase": PHASES}
    for name, allowed in choices.items():
        if data[name] and data[name] not in allowed:
            errors[name] = "Choose one of the options."
    if data["participants"] is not None and data["participants"] < 1:
        errors["participants"] = "Enter a whole number above 0, or leave it empty."
    year = data["source_year"]
    if year and not FIRST_YEAR <= year <= utcnow().year:
        errors["source_year"] = f"Enter a year between {FIRST_YEAR} and this year."
    if data["source_pmid"] and not PMID.fullmatch(data["source_pmid"]):
        errors["source_pmid"] = "A PubMed ID is digits only, like 12345678."
    if data["source_doi"] and not DOI.fullmatch(data["source_doi"]):
        errors["source_doi"] = "A DOI starts with 10. and has a slash, like 10.1000/xyz123."
    if data["source_url"] and not data["source_url"].startswith("https://"):
        errors["source_url"] = "The link must start with https://."
    if len(data["questions"]) > editorial.QUESTION_COUNT:
        errors["questions"] = f"Give at most {editorial.QUESTION_COUNT} questions."
    return errors


def _topics(ids: list[int], current: list[Topic], errors: dict[str, str]) -> list[Topic]:
    found = list(db.session.scalars(select(Topic).where(Topic.id.in_(ids)))) if ids else []
    kept = {t.id for t in current}
    if len(found) != len(ids) or any(t.is_archived and t.id not in kept for t in found):
        errors["topic_ids"] = "Choose from the topics listed."
    return sorted(found, key=lambda t: t.name)


def _is_live(article: Article) -> bool:
    return article.status == PUBLISHED and not editorial.is_scheduled(article)


def problems(
    article: Article | None, values: dict[str, Any], update_note: str | None = None
) -> dict[str, str]:
    """Every rule `values` break for `article` (None: a new one), without changing anything."""
    data = _clean(values)
    errors = _check(data, article)
    _topics(data["topic_ids"], article.topics if article else [], errors)
    note = (update_note or "").strip()
    if article is not None and _is_live(article) and not note:
        errors["update_note"] = "Say in one line what changed; readers see it on the page."
    elif len(note) > NOTE_MAX_LENGTH:
        errors["update_note"] = f"Keep the note under {NOTE_MAX_LENGTH} characters."
    return errors


def save_article(
    article: Article | None,
    values: dict[str, Any],
    actor: User,
    update_note: str | None = None,
    now: datetime | None = None,
) -> Article:
    """Create (article None) or change an article and keep a revision; not committed.

    A change to a live article needs `update_note`, the public one-line note. Changing
    an approved article sends it back to draft: the approval covered the earlier text.
    Raises DomainError with every broken rule at once (see `problems`).
    """
    if not staff.can(actor, staff.WRITE):
        raise editorial.Forbidden({"": "Your role does not allow you to edit articles."})
    errors = problems(article, values, update_note)
    if errors:
        raise DomainError(errors)
    data = _clean(values)
    topics = _topics(data.pop("topic_ids"), article.topics if article else [], {})
    note = (update_note or "").strip()
    before = snapshot(article) if article else None
    live = article is not None and _is_live(article)
    if article is None:
        article = Article(status=DRAFT, author_id=actor.id, rendered={}, topics=[])
        db.session.add(article)
    old_slug = article.slug
    for name, value in data.items():
        setattr(article, name, value)
    article.topics = topics
    if before is not None and snapshot(article) == before:
        return article
    if old_slug and old_slug != article.slug and article.status in (PUBLISHED, UNPUBLISHED):
        _keep_old_slug(article, old_slug)
    derive(article)
    db.session.flush()
    if live:
        article.update_note, article.update_noted_at = note, now or utcnow()
    if article.status == APPROVED:
        editorial.reopen(article, actor, "Changed after approval.")
    record_revision(article, actor.id)
    db.session.flush()
    return article


def record_revision(article: Article, author_id: int | None) -> ArticleRevision:
    """Keep what the article says now as a revision by `author_id` (not committed)."""
    if article.id is None:
        db.session.flush()
    revision = ArticleRevision(article_id=article.id, author_id=author_id, data=snapshot(article))
    db.session.add(revision)
    return revision


def _keep_old_slug(article: Article, old_slug: str) -> None:
    db.session.execute(db.delete(ArticleSlug).where(ArticleSlug.slug == article.slug))
    db.session.add(ArticleSlug(slug=old_slug, article_id=article.id))


def derive(article: Article, glossary: Glossary | None = None) -> None:
    """What a save computes: the sections' HTML, reading time and reading grade."""
    markup.render_article(article, glossary)
    article.reading_minutes = reading_minutes(*(getattr(article, s) for s in markup.SECTIONS))
    article.reading_grade = readability.lay_grade(article)


def values_of(revision_data: dict[str, Any]) -> dict[str, Any]:
    """A revision's fields as `save_article` takes them (for restoring it)."""
    return {name: revision_data.get(name) for name in EDITABLE}
