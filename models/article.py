from datetime import datetime

from markupsafe import Markup
from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import UTCDateTime, db, utcnow
from models.topic import Topic, article_topics
from models.user import User

STUDY_TYPES = {
    "review": "Review of earlier studies",
    "meta-analysis": "Pooled analysis of many studies",
    "randomized-trial": "Randomized controlled trial",
    "non-randomized-trial": "Clinical trial without randomization",
    "observational": "Observational study",
    "lab-animal": "Lab study in animals",
    "lab-cells": "Lab study in cells",
    "case-series": "Case series",
    "case-report": "Case report",
    "guideline": "Expert guideline",
}


def study_type_label(study_type: str) -> str:
    """A study type in words ("Randomized controlled trial"), or the value itself."""
    return STUDY_TYPES.get(study_type, study_type)


POPULATIONS = {
    "human": "People",
    "animal": "Animals",
    "human-and-animal": "People and animals",
    "cells": "Cells in a lab",
}

PHASES = {"1", "1/2", "2", "2/3", "3", "4"}

CONDITIONS = {
    "ms": "Multiple sclerosis (MS)",
    "nmosd": "NMOSD",
    "mogad": "MOGAD",
    "other": "Other conditions",
}

# The editorial workflow (docs/editorial-process.md): draft → in review → approved →
# published. A published article whose publish time is still ahead is "scheduled": it is
# invisible everywhere until then. An unpublished article answers 410.
DRAFT = "draft"
IN_REVIEW = "in_review"
APPROVED = "approved"
PUBLISHED = "published"
UNPUBLISHED = "unpublished"
STATUSES = {
    DRAFT: "Draft",
    IN_REVIEW: "In review",
    APPROVED: "Approved",
    PUBLISHED: "Published",
    UNPUBLISHED: "Unpublished",
}


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_published_at_id", "published_at", "id"),
        # Deleting an account sets these to NULL; without an index each deleted account
        # reads the whole table (`flask demo clear` deletes 50,000 at once).
        Index("ix_articles_author_id", "author_id"),
        Index("ix_articles_reviewed_by_id", "reviewed_by_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=PUBLISHED)
    # When it goes (or went) public; None until a reviewer schedules it.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_sample: Mapped[bool] = mapped_column(default=False)
    # Made by `flask demo generate` (services.demo); `flask demo clear` removes only these.
    is_generated: Mapped[bool] = mapped_column(server_default=false())
    reading_minutes: Mapped[int] = mapped_column(default=1)

    found: Mapped[str] = mapped_column(Text)
    for_patients: Mapped[str] = mapped_column(Text)
    for_caregivers: Mapped[str] = mapped_column(Text)
    for_clinicians: Mapped[str] = mapped_column(Text)
    limitations: Mapped[str] = mapped_column(Text)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The sections as sanitized HTML, rendered from their Markdown when the article is saved.
    rendered: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # Flesch-Kincaid grade of the text for patients and caregivers, computed on save.
    reading_grade: Mapped[float | None] = mapped_column(Float)
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)

    study_type: Mapped[str] = mapped_column(String(40))
    phase: Mapped[str | None] = mapped_column(String(10))
    participants: Mapped[int | None]
    population: Mapped[str] = mapped_column(String(40))

    source_journal: Mapped[str] = mapped_column(String(200))
    source_year: Mapped[int]
    source_url: Mapped[str] = mapped_column(String(500))
    source_title: Mapped[str | None] = mapped_column(String(500))
    source_first_author: Mapped[str | None] = mapped_column(String(200))
    source_pmid: Mapped[str | None] = mapped_column(String(12))
    source_doi: Mapped[str | None] = mapped_column(String(200))
    # The study's abstract, kept beside the form for the writer (from a PubMed record).
    source_abstract: Mapped[str | None] = mapped_column(Text)

    # Who wrote it, who clinically reviewed it and when the next review is due.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_review_due: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The public one-line note of the latest change to a published article.
    update_note: Mapped[str | None] = mapped_column(String(200))
    update_noted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unpublished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unpublish_reason: Mapped[str | None] = mapped_column(Text)
    view_count: Mapped[int] = mapped_column(default=0)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    topics: Mapped[list[Topic]] = relationship(
        secondary=article_topics, order_by=Topic.name, lazy="raise_on_sql"
    )
    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="raise_on_sql")
    reviewed_by: Mapped[User | None] = relationship(
        foreign_keys=[reviewed_by_id], lazy="raise_on_sql"
    )

    def section_html(self, name: str) -> Markup:
        """A section as the sanitized HTML stored when the article was saved."""
        # Safe: services.markup cleaned it with nh3 before it was stored.
        return Markup(self.rendered.get(name, ""))  # noqa: S704  # nosec B704

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def study_type_label(self) -> str:
        return study_type_label(self.study_type)

    @property
    def population_label(self) -> str:
        return POPULATIONS.get(self.population, self.population)

    @property
    def condition_labels(self) -> list[str]:
        return [CONDITIONS.get(c, c) for c in self.conditions or []]

    @property
    def participants_label(self) -> str:
        return "not reported" if self.participants is None else f"{self.participants:,}"

    def __repr__(self) -> str:
        return f"<Article {self.slug}>"
