from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, db, utcnow

SLUG_MAX_LENGTH = 80
NAME_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 500

# The sections of the topics page, in the order readers see them: a topic about one
# condition sits under it, one that matters across conditions under "shared".
SHARED = "shared"
TOPIC_GROUPS = {
    "ms": "Multiple sclerosis (MS)",
    "nmosd": "NMOSD",
    "mogad": "MOGAD",
    SHARED: "Shared by several conditions",
}
GROUP_MAX_LENGTH = 20

article_topics = Table(
    "article_topics",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_article_topics_topic_article", "topic_id", "article_id"),
)


class Topic(db.Model):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_MAX_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    # An archived topic keeps its articles and follows but cannot be newly followed.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Where the topics page lists it (a TOPIC_GROUPS key), and whether staff put it in the
    # short "New to this? Start here" set at the top.
    condition_group: Mapped[str] = mapped_column(
        String(GROUP_MAX_LENGTH), default=SHARED, server_default=SHARED
    )
    is_starter: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Made by `flask demo generate` (services.demo).
    is_generated: Mapped[bool] = mapped_column(server_default=false())

    @property
    def group_label(self) -> str:
        return TOPIC_GROUPS.get(self.condition_group, TOPIC_GROUPS[SHARED])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"


class Follow(db.Model):
    """A reader following a topic; the unique constraint keeps it to one row per pair."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "topic_id", name="uq_follows_user_topic"),
        Index("ix_follows_topic_id", "topic_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TopicMute(db.Model):
    """A reader who asked not to see articles about a topic, even from topics they follow."""

    __tablename__ = "topic_mutes"
    __table_args__ = (
        UniqueConstraint("user_id", "topic_id", name="uq_topic_mutes_user_topic"),
        Index("ix_topic_mutes_topic_id", "topic_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
