"""Download my data: everything Plainly holds about one account, as JSON, and the saved
articles with their notes as CSV.

Each section of the JSON file comes from one exporter below, which names the tables it reads.
`tests/unit/test_export.py` walks the models and fails when a table that points at
`users.id` is read by no exporter, so a new feature cannot forget to add its data here.
Secrets never leave: no password hash, no two-step secret, no recovery code hashes and no
share link tokens or their hashes.
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from models import (
    Article,
    ArticleEvent,
    ArticleRead,
    ArticleRevision,
    ContactMessage,
    Digest,
    DigestItem,
    DigestPreference,
    Feedback,
    Follow,
    RecoveryCode,
    SavedArticle,
    ShareLink,
    Topic,
    TopicMute,
    User,
    db,
)
from models.base import utcnow
from services import comfort, mail

FORMAT_VERSION = 1

ABOUT = (
    "Everything Plainly holds about your account on the day you downloaded it. Times are in "
    "UTC. Not included: your password, which Plainly keeps only as a hash that cannot be "
    "turned back, and your two-step secret, recovery codes and share link addresses, which "
    "would let anyone who saw this file log in as you or open your shared list. Answers to "
    "“Was this page helpful?” and messages sent through the contact form are stored without "
    "your account, so they cannot be found or included here."
)


@dataclass(frozen=True)
class Exporter:
    """One section of the file: its key, the tables it reads and the function that reads them."""

    key: str
    tables: frozenset[str]
    read: Callable[[User], Any]


EXPORTERS: list[Exporter] = []


def exporter(key: str, *tables: str) -> Callable:
    """Register `read(user)` as the exporter of section `key`, reading `tables`."""

    def register(read: Callable[[User], Any]) -> Callable[[User], Any]:
        EXPORTERS.append(Exporter(key, frozenset(tables), read))
        return read

    return register


def covered_tables() -> set[str]:
    """Every table some exporter reads."""
    return set().union(*(e.tables for e in EXPORTERS))


def _rows(stmt) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in db.session.execute(stmt)]


def _link(slug: str) -> str:
    return mail.external_url("articles.show", slug=slug)


@exporter("profile", "users")
def _profile(user: User) -> dict[str, Any]:
    profile = {
        "email": user.email,
        "email_confirmed_at": user.email_verified_at,
        "describes_you": user.role,
        "created_at": user.created_at,
        # Only whether one exists: the address itself is secret and only its hash is kept.
        "private_atom_feed": user.has_private_feed,
        "reading_comfort": comfort.of_user(user).values(),
    }
    if user.is_staff:
        profile |= {
            "staff_role": user.staff_role,
            "display_name": user.display_name,
            "credentials": user.credentials,
        }
    return profile


@exporter("two_step_sign_in", "recovery_codes")
def _two_step(user: User) -> dict[str, Any]:
    codes = select(RecoveryCode.used_at).where(RecoveryCode.user_id == user.id)
    used = [at for at in db.session.scalars(codes.order_by(RecoveryCode.id))]
    return {
        "on": user.has_two_step,
        "turned_on_at": user.totp_enabled_at,
        "recovery_codes_unused": sum(1 for at in used if at is None),
        "recovery_codes_used_at": sorted(at for at in used if at is not None),
    }


def _topics_of(user: User, model, at_label: str) -> list[dict[str, Any]]:
    """The topics a reader follows or muted (`model`), with when, by name."""
    stmt = (
        select(Topic.slug.label("topic"), Topic.name, model.created_at.label(at_label))
        .join(model, model.topic_id == Topic.id)
        .where(model.user_id == user.id)
        .order_by(Topic.name)
    )
    return _rows(stmt)


@exporter("follows", "follows")
def _follows(user: User) -> list[dict[str, Any]]:
    return _topics_of(user, Follow, "followed_at")


@exporter("muted_topics", "topic_mutes")
def _muted(user: User) -> list[dict[str, Any]]:
    return _topics_of(user, TopicMute, "muted_at")


def _saved_stmt(user_id: int):
    """Every saved article of the reader, visible or not, newest saved first."""
    return (
        select(
            Article.slug,
            Article.title,
            SavedArticle.saved_at,
            SavedArticle.note,
            SavedArticle.note_updated_at,
        )
        .join(Article, Article.id == SavedArticle.article_id)
        .where(SavedArticle.user_id == user_id)
        .order_by(SavedArticle.saved_at.desc(), SavedArticle.id.desc())
    )


@exporter("saved_articles", "saved_articles")
def _saved(user: User) -> list[dict[str, Any]]:
    return [row | {"link": _link(row["slug"])} for row in _rows(_saved_stmt(user.id))]


@exporter("share_links", "share_links")
def _share_links(user: User) -> list[dict[str, Any]]:
    stmt = (
        select(
            ShareLink.created_at,
            ShareLink.label,
            ShareLink.include_notes,
            ShareLink.expires_at,
            ShareLink.revoked_at,
            ShareLink.last_opened_at,
        )
        .where(ShareLink.user_id == user.id)
        .order_by(ShareLink.created_at, ShareLink.id)
    )
    return _rows(stmt)


@exporter("digest_settings", "digest_preferences")
def _digest_settings(user: User) -> dict[str, Any] | None:
    pref = db.session.get(DigestPreference, user.id)
    if pref is None:
        return None
    names = ("frequency", "weekday", "send_hour", "timezone", "max_articles", "paused_until")
    return {name: getattr(pref, name) for name in names}


@exporter("digests", "digests", "digest_items")
def _digests(user: User) -> list[dict[str, Any]]:
    digests = select(
        Digest.id, Digest.period, Digest.status, Digest.created_at, Digest.sent_at
    ).where(Digest.user_id == user.id)
    history = {row.id: {**row._mapping, "articles": []} for row in db.session.execute(digests)}
    items = (
        select(
            DigestItem.digest_id,
            DigestItem.position,
            Article.slug,
            Article.title,
            DigestItem.clicked_at,
        )
        .join(Article, Article.id == DigestItem.article_id)
        .where(DigestItem.digest_id.in_(select(Digest.id).where(Digest.user_id == user.id)))
        .order_by(DigestItem.digest_id, DigestItem.position)
    )
    for item in _rows(items):
        history[item.pop("digest_id")]["articles"].append(item)
    for entry in history.values():
        del entry["id"]
    return sorted(history.values(), key=lambda d: d["created_at"])


@exporter("articles_read", "article_reads")
def _reads(user: User) -> list[dict[str, Any]]:
    stmt = (
        select(Article.slug, Article.title, ArticleRead.read_at)
        .join(Article, Article.id == ArticleRead.article_id)
        .where(ArticleRead.user_id == user.id)
        .order_by(ArticleRead.read_at, ArticleRead.id)
    )
    return _rows(stmt)


@exporter(
    "editorial_work",
    "articles",
    "article_revisions",
    "article_events",
    "feedback",
    "contact_messages",
)
def _editorial(user: User) -> dict[str, Any]:
    """For staff: what they wrote, reviewed, changed and handled (the ids and times, not the
    texts of summaries, which belong to Plainly)."""
    me = user.id

    def articles(column) -> list[dict[str, Any]]:
        stmt = select(Article.slug, Article.title).where(column == me).order_by(Article.id)
        return _rows(stmt)

    def count(model, column) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(column == me))

    events = (
        select(Article.slug, ArticleEvent.action, ArticleEvent.comment, ArticleEvent.created_at)
        .join(Article, Article.id == ArticleEvent.article_id)
        .where(ArticleEvent.actor_id == me)
        .order_by(ArticleEvent.created_at, ArticleEvent.id)
    )
    return {
        "articles_written": articles(Article.author_id),
        "articles_reviewed": articles(Article.reviewed_by_id),
        "revisions_saved": count(ArticleRevision, ArticleRevision.author_id),
        "workflow_steps": _rows(events),
        "feedback_marked_handled": count(Feedback, Feedback.handled_by_id),
        "contact_messages_marked_handled": count(ContactMessage, ContactMessage.handled_by_id),
    }


def build(user: User, now: datetime | None = None) -> dict[str, Any]:
    """Everything Plainly holds about `user`, as one JSON-ready dict (times stay datetimes)."""
    data: dict[str, Any] = {
        "format": "plainly-data-export",
        "version": FORMAT_VERSION,
        "exported_at": now or utcnow(),
        "about": ABOUT,
    }
    for section in EXPORTERS:
        data[section.key] = section.read(user)
    return data


def _json_value(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to the export")


def to_json(user: User, now: datetime | None = None) -> str:
    """The JSON file of `build(user)`, indented so it can be read in a text editor."""
    return json.dumps(build(user, now), default=_json_value, ensure_ascii=False, indent=2)


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = ("Title", "Link", "Saved on", "Note", "Note changed on")


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ' stops formulas."""
    text = "" if value is None else value.isoformat() if isinstance(value, datetime) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def saved_csv(user_id: int) -> str:
    """The saved articles with their notes as CSV, newest saved first.

    It starts with a byte order mark, so spreadsheet programs read accented letters right.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in db.session.execute(_saved_stmt(user_id)):
        cells = (row.title, _link(row.slug), row.saved_at, row.note, row.note_updated_at)
        writer.writerow([safe_cell(cell) for cell in cells])
    return "\ufeff" + out.getvalue()


def filename(kind: str, extension: str, today: date) -> str:
    """`plainly-data-2026-12-01.json`: what a download is called."""
    return f"plainly-{kind}-{today.isoformat()}.{extension}"
