from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import UTCDateTime, db, utcnow
from models.topic import Topic, article_topics

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

POPULATIONS = {
    "human": "People",
    "animal": "Animals",
    "human-and-animal": "People and animals",
    "cells": "Cells in a lab",
}

PHASES = {"1", "1/2", "2", "2/3", "3", "4"}

PUBLISHED = "published"
DRAFT = "draft"


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_published_at_id", "published_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=PUBLISHED)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    is_sample: Mapped[bool] = mapped_column(default=False)
    reading_minutes: Mapped[int] = mapped_column(default=1)

    found: Mapped[str] = mapped_column(Text)
    for_patients: Mapped[str] = mapped_column(Text)
    for_caregivers: Mapped[str] = mapped_column(Text)
    for_clinicians: Mapped[str] = mapped_column(Text)
    limitations: Mapped[str] = mapped_column(Text)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)

    study_type: Mapped[str] = mapped_column(String(40))
    phase: Mapped[str | None] = mapped_column(String(10))
    participants: Mapped[int | None]
    population: Mapped[str] = mapped_column(String(40))

    source_journal: Mapped[str] = mapped_column(String(200))
    source_year: Mapped[int]
    source_url: Mapped[str] = mapped_column(String(500))

    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    topics: Mapped[list[Topic]] = relationship(
        secondary=article_topics, order_by=Topic.name, lazy="raise_on_sql"
    )

    @property
    def study_type_label(self) -> str:
        return STUDY_TYPES.get(self.study_type, self.study_type)

    @property
    def population_label(self) -> str:
        return POPULATIONS.get(self.population, self.population)

    @property
    def participants_label(self) -> str:
        return "not reported" if self.participants is None else f"{self.participants:,}"

    def __repr__(self) -> str:
        return f"<Article {self.slug}>"
