from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.article import Article
from models.base import UTCDateTime, db, utcnow

NOTE_MAX_LENGTH = 2000
SHARE_LABEL_MAX_LENGTH = 80


class SavedArticle(db.Model):
    """An article a reader kept for later, with a private note. One row per reader and article."""

    __tablename__ = "saved_articles"
    __table_args__ = (
        UniqueConstraint("user_id", "article_id", name="uq_saved_articles_user_article"),
        Index("ix_saved_articles_user_saved_at", "user_id", "saved_at"),
        Index("ix_saved_articles_article_id", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    note_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Loaded explicitly by the queries that need it, never one row at a time.
    article: Mapped[Article] = relationship(lazy="raise_on_sql")


class ShareLink(db.Model):
    """A read-only link to a reader's saved list. Only a hash of its token is stored."""

    __tablename__ = "share_links"
    __table_args__ = (Index("ix_share_links_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    include_notes: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The owner's own name for the link ("for Mum's neurologist"); never shown to its viewers.
    label: Mapped[str] = mapped_column(String(SHARE_LABEL_MAX_LENGTH), default="")
    # Recorded at most once a minute (services.shares.record_opened), so viewing stays cheap.
    last_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def is_active(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
