"""The editorial record: old slugs, revisions, workflow events, the glossary and feedback."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, db, utcnow


class ArticleSlug(db.Model):
    """A slug an article had when it was published; its URL redirects (301) to the new one."""

    __tablename__ = "article_slugs"

    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )


class ArticleRevision(db.Model):
    """What an article said after one save: every editable field, as JSON."""

    __tablename__ = "article_revisions"
    __table_args__ = (Index("ix_article_revisions_article_created", "article_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    data: Mapped[dict] = mapped_column(JSON)


class ArticleEvent(db.Model):
    """One step of the workflow (submitted, changes requested, approved, published…)."""

    __tablename__ = "article_events"
    __table_args__ = (Index("ix_article_events_article_created", "article_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class GlossaryTerm(db.Model):
    """A medical word and its plain definition; its first use in an article links here."""

    __tablename__ = "glossary_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    term: Mapped[str] = mapped_column(String(80))
    definition: Mapped[str] = mapped_column(Text)
    # Other forms of the word that count as the same term ("lesions", "relapses").
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Written for the sample content (content/glossary.toml), and labelled so on the page.
    is_sample: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


FEEDBACK_MAX_LENGTH = 500


class Feedback(db.Model):
    """ "Was this page helpful?" Nothing but the answer, the optional text and the time."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_article_created", "article_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    helpful: Mapped[bool]
    unclear: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
