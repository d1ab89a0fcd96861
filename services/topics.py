"""Topic lookups, and topic administration: create, rename, describe, archive."""

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, String, bindparam, func, select

from models import Follow, Topic, article_topics, db
from models.topic import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, SLUG_MAX_LENGTH
from services.errors import DomainError
from services.saves import normalize_note

NAME_HINT = f"Up to {NAME_MAX_LENGTH} characters, as readers will see it."
DESCRIPTION_HINT = (
    f"One or two plain sentences, up to {DESCRIPTION_MAX_LENGTH} characters. "
    "It appears under the name on the topics page."
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Slugs the editor's own topic pages use (/editor/topics/new).
RESERVED_SLUGS = {"new"}


@dataclass(frozen=True)
class TopicCounts:
    """A topic with the number of articles tagged with it (any status) and its followers."""

    topic: Topic
    articles: int
    followers: int


def get_topic(slug: str) -> Topic | None:
    """The topic with this exact slug, archived or not, or None."""
    return db.session.scalar(_topic_stmt(), {"slug": slug})


@functools.cache
def _topic_stmt() -> Select:
    """Built once with the slug bound by name: every topic page and topic filter asks."""
    return select(Topic).where(Topic.slug == bindparam("slug", type_=String()))


def admin_list() -> list[TopicCounts]:
    """Every topic by name, with article and follower counts, in one query."""
    tagged = (
        select(article_topics.c.topic_id, func.count().label("n"))
        .group_by(article_topics.c.topic_id)
        .subquery()
    )
    followers = select(Follow.topic_id, func.count().label("n")).group_by(Follow.topic_id)
    followers = followers.subquery()
    stmt = (
        select(Topic, func.coalesce(tagged.c.n, 0), func.coalesce(followers.c.n, 0))
        .outerjoin(tagged, tagged.c.topic_id == Topic.id)
        .outerjoin(followers, followers.c.topic_id == Topic.id)
        .order_by(Topic.name, Topic.id)
    )
    return [TopicCounts(*row) for row in db.session.execute(stmt)]


def slug_for(name: str) -> str:
    """The web address part for a topic name: "Diet & nutrition" → "diet-nutrition"."""
    letters = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in letters if not unicodedata.combining(c))  # é → e
    return _NOT_SLUG.sub("-", plain.lower()).strip("-")[:SLUG_MAX_LENGTH].strip("-")


def _tidy(text: str | None) -> str:
    return " ".join((text or "").split())


def _name_errors(name: str, topic_id: int | None = None) -> dict[str, str]:
    if not name:
        return {"name": "Enter a name for the topic."}
    if len(name) > NAME_MAX_LENGTH:
        return {"name": f"Keep the name to {NAME_MAX_LENGTH} characters or fewer."}
    same = select(Topic.id).where(func.lower(Topic.name) == name.lower())
    if topic_id is not None:
        same = same.where(Topic.id != topic_id)
    if db.session.scalar(same.limit(1)) is not None:
        return {"name": f"There is already a topic called “{name}”."}
    return {}


def _description_errors(description: str) -> dict[str, str]:
    if len(description) > DESCRIPTION_MAX_LENGTH:
        return {
            "description": f"Please shorten the description to {DESCRIPTION_MAX_LENGTH} "
            f"characters or fewer (it has {len(description):,})."
        }
    return {}


def create(name: str | None, description: str | None = "") -> Topic:
    """A new topic; its slug comes from its name and never changes. Every rule at once."""
    name, description = _tidy(name), normalize_note(description)
    errors = _name_errors(name) | _description_errors(description)
    slug = slug_for(name)
    if "name" not in errors:
        if not slug:
            errors["name"] = "Use at least one letter or number in the name."
        elif slug in RESERVED_SLUGS or get_topic(slug) is not None:
            errors["name"] = f"The web address /topics/{slug} is taken. Choose another name."
    if errors:
        raise DomainError(errors)
    topic = Topic(slug=slug, name=name, description=description)
    db.session.add(topic)
    db.session.flush()
    return topic


def rename(topic: Topic, name: str | None) -> Topic:
    """Give a topic a new name. Its web address stays, so links and follows keep working."""
    name = _tidy(name)
    errors = _name_errors(name, topic.id)
    if errors:
        raise DomainError(errors)
    topic.name = name
    db.session.flush()
    return topic


def describe(topic: Topic, description: str | None) -> Topic:
    """Replace a topic's description (it may be empty)."""
    description = normalize_note(description)
    errors = _description_errors(description)
    if errors:
        raise DomainError(errors)
    topic.description = description
    db.session.flush()
    return topic


def archive(topic: Topic, now: datetime) -> bool:
    """Close a topic to new followers; its articles and existing follows stay.

    Returns False when it was archived already.
    """
    if topic.is_archived:
        return False
    topic.archived_at = now
    db.session.flush()
    return True


def unarchive(topic: Topic) -> bool:
    """Open an archived topic to new followers again. False when it was not archived."""
    if not topic.is_archived:
        return False
    topic.archived_at = None
    db.session.flush()
    return True
