"""Email digests: a reader's preferences, each digest sent and the articles it listed."""

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, db, utcnow

OFF, DAILY, WEEKLY = "off", "daily", "weekly"
FREQUENCIES = {OFF: "Off", DAILY: "Every day", WEEKLY: "Once a week"}
DEFAULT_MAX_ARTICLES = 5

# A digest row is written, with its status "sending", in the transaction that claims the
# (user, period) pair; the unique constraint makes a second claim fail. It becomes "sent"
# once the mail server accepts it, or "failed" (retried on the next run).
SENDING, SENT, FAILED = "sending", "sent", "failed"


class DigestPreference(db.Model):
    """How often a reader wants a digest, when (in their own time zone) and how long."""

    __tablename__ = "digest_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    frequency: Mapped[str] = mapped_column(String(10), default=WEEKLY)
    weekday: Mapped[int] = mapped_column(default=0)  # Monday
    send_hour: Mapped[int] = mapped_column(default=8)
    # None until the reader (or their browser) names one; UTC is used meanwhile.
    timezone: Mapped[str | None] = mapped_column(String(64))
    max_articles: Mapped[int] = mapped_column(default=DEFAULT_MAX_ARTICLES)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of every unsubscribe link; turning digests back on in settings moves it on, so
    # links in older emails stop working.
    token_version: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Digest(db.Model):
    """One digest email for one reader and one period ("2026-11-25" or "2026-W48")."""

    __tablename__ = "digests"
    __table_args__ = (
        UniqueConstraint("user_id", "period", name="uq_digests_user_period"),
        Index("ix_digests_period", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(10), default=SENDING)
    # The moment the content was chosen: the next digest lists articles published after it.
    covered_until: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=1)
    error: Mapped[str | None] = mapped_column(Text)


class DigestItem(db.Model):
    """An article listed in a digest, in order.

    `clicked_at` is set by the first click of the reader, signed in; opens without the
    reader's session (mail scanners, someone the email was forwarded to) only add to
    `unconfirmed_clicks`.
    """

    __tablename__ = "digest_items"
    __table_args__ = (Index("ix_digest_items_article_id", "article_id"),)

    digest_id: Mapped[int] = mapped_column(
        ForeignKey("digests.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int]
    clicked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unconfirmed_clicks: Mapped[int] = mapped_column(default=0)


class DigestRun(db.Model):
    """One `flask digests send` run: when, from where, and what its batches did.

    Each batch adds its counts when it ends, wherever it ran (a worker or the run's own
    process); the run is finished once every batch has reported.
    """

    __tablename__ = "digest_runs"
    __table_args__ = (Index("ix_digest_runs_started_at", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    duration_seconds: Mapped[float | None] = mapped_column(Float())
    host: Mapped[str] = mapped_column(String(255), default="")
    pid: Mapped[int] = mapped_column(default=0)
    queued: Mapped[bool] = mapped_column(default=False)  # batches sent through workers
    readers: Mapped[int] = mapped_column(default=0)  # due when the run started
    batches: Mapped[int] = mapped_column(default=0)
    batches_done: Mapped[int] = mapped_column(default=0)
    sent: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    retried: Mapped[int] = mapped_column(default=0)  # failed earlier, claimed again
    skipped: Mapped[int] = mapped_column(default=0)  # nothing new, or claimed by another run
