"""Revisions of an article: the list, a side-by-side comparison and restoring one.

The comparison is built from difflib.SequenceMatcher as rows of plain values, so the page
renders it as an ordinary table with classes (difflib.HtmlDiff writes inline attributes
the page's security policy would have to allow).
"""

import difflib
import json
from dataclasses import dataclass

from sqlalchemy import select

from models import Article, ArticleEvent, ArticleRevision, User, db
from services import authoring

LABELS = {
    "title": "Title", "slug": "Web address", "summary": "Summary", "found": "What it found",
    "for_patients": "For patients", "for_caregivers": "For caregivers",
    "for_clinicians": "For clinicians", "limitations": "Limitations", "questions": "Questions",
    "study_type": "Study type", "phase": "Phase", "participants": "Participants",
    "population": "Studied in", "conditions": "Conditions", "source_title": "Paper title",
    "source_first_author": "First author", "source_journal": "Journal",
    "source_year": "Year", "source_url": "Link", "source_pmid": "PMID", "source_doi": "DOI",
    "topic_ids": "Topics",
}  # fmt: skip


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "changed", "added" or "removed"
    old: str
    new: str


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    lines: list[Line]


def revisions_of(article_id: int) -> list[ArticleRevision]:
    """An article's revisions, newest first."""
    stmt = (
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article_id)
        .order_by(ArticleRevision.created_at.desc(), ArticleRevision.id.desc())
    )
    return list(db.session.scalars(stmt))


def get_revision(article_id: int, revision_id: int) -> ArticleRevision | None:
    """One revision, only when it belongs to the article."""
    revision = db.session.get(ArticleRevision, revision_id)
    return revision if revision is not None and revision.article_id == article_id else None


def previous(revision: ArticleRevision) -> ArticleRevision | None:
    """The revision saved just before this one."""
    stmt = (
        select(ArticleRevision)
        .where(ArticleRevision.article_id == revision.article_id, ArticleRevision.id < revision.id)
        .order_by(ArticleRevision.id.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def _lines(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if not isinstance(value, str):
        return [json.dumps(value)]
    return value.splitlines()


def _pairs(old: list[str], new: list[str]) -> list[Line]:
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [Line("same", a, a) for a in old[i1:i2]]
            continue
        left, right = old[i1:i2], new[j1:j2]
        for k in range(max(len(left), len(right))):
            a = left[k] if k < len(left) else ""
            b = right[k] if k < len(right) else ""
            kind = "changed" if a and b else "removed" if a else "added"
            rows.append(Line(kind, a, b))
    return rows


def compare(old: dict | None, new: dict) -> list[FieldDiff]:
    """The fields that differ between two revisions' data, line by line."""
    old = old or {}
    diffs = []
    for name in authoring.EDITABLE:
        if old.get(name) != new.get(name):
            lines = _pairs(_lines(old.get(name)), _lines(new.get(name)))
            diffs.append(FieldDiff(name, LABELS[name], lines))
    return diffs


def restore(article: Article, revision: ArticleRevision, actor: User, note: str | None = None):
    """Make the article say what `revision` said; this is a save, so it adds a revision."""
    return authoring.save_article(article, authoring.values_of(revision.data), actor, note)


def events_of(article_id: int) -> list[tuple[ArticleEvent, User | None]]:
    """The workflow steps of an article, newest first, each with who made it."""
    stmt = (
        select(ArticleEvent, User)
        .outerjoin(User, User.id == ArticleEvent.actor_id)
        .where(ArticleEvent.article_id == article_id)
        .order_by(ArticleEvent.created_at.desc(), ArticleEvent.id.desc())
    )
    return [(event, user) for event, user in db.session.execute(stmt)]
