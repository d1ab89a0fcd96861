from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, db, utcnow


class ArticleRead(db.Model):
    """A reader has opened an article; one row per reader and article."""

    __tablename__ = "article_reads"
    __table_args__ = (
        UniqueConstraint("user_id", "article_id", name="uq_article_reads_user_article"),
        Index("ix_article_reads_article_id", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
