from datetime import datetime

from sqlalchemy import (
    DDL,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    false,
)
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

# Which articles are in which topic. `published_at` is the article's own, kept equal to it
# by the database (the triggers below, on every insert here and every change of the
# article's date), so a topic's page walks its own articles newest first in one index
# instead of every article of the library (services.feed.feed_stmt). Nothing else writes it.
article_topics = Table(
    "article_topics",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Column("published_at", UTCDateTime()),
    Index("ix_article_topics_topic_published", "topic_id", "published_at", "article_id"),
)

# The same statements are in the migration that added the column (topic_dates).
SQLITE_DATE_TRIGGERS = (
    "CREATE TRIGGER article_topics_dated AFTER INSERT ON article_topics BEGIN"
    " UPDATE article_topics SET published_at ="
    " (SELECT published_at FROM articles WHERE id = new.article_id)"
    " WHERE article_id = new.article_id AND topic_id = new.topic_id; END",
    "CREATE TRIGGER articles_redated AFTER UPDATE OF published_at ON articles"
    " WHEN old.published_at IS NOT new.published_at BEGIN"
    " UPDATE article_topics SET published_at = new.published_at"
    " WHERE article_id = new.id; END",
)
POSTGRES_DATE_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION article_topics_dated() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN NEW.published_at := (SELECT published_at FROM articles WHERE id = NEW.article_id);"
    " RETURN NEW; END $$",
    "CREATE TRIGGER article_topics_dated BEFORE INSERT OR UPDATE OF article_id ON article_topics"
    " FOR EACH ROW EXECUTE FUNCTION article_topics_dated()",
    "CREATE OR REPLACE FUNCTION articles_redated() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN UPDATE article_topics SET published_at = NEW.published_at"
    " WHERE article_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER articles_redated AFTER UPDATE OF published_at ON articles FOR EACH ROW"
    " WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)"
    " EXECUTE FUNCTION articles_redated()",
)
for _statement in SQLITE_DATE_TRIGGERS:
    event.listen(article_topics, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_DATE_TRIGGERS:
    event.listen(article_topics, "after_create", DDL(_statement).execute_if(dialect="postgresql"))


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
