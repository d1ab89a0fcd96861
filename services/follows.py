"""Following and unfollowing topics."""

from sqlalchemy import select

from models import Follow, Topic, db
from services.errors import DomainError
from services.rows import add_once, remove

ARCHIVED_MESSAGE = (
    "{} is archived, so it can't be followed any more. Its articles are still here to read."
)


def followed_topics(user_id: int) -> list[Topic]:
    """The topics a reader follows, by name."""
    stmt = (
        select(Topic)
        .join(Follow, Follow.topic_id == Topic.id)
        .where(Follow.user_id == user_id)
        .order_by(Topic.name)
    )
    return list(db.session.scalars(stmt))


def follow(user_id: int, topic_id: int) -> bool:
    """Follow a topic. Returns False when the reader already followed it.

    An archived topic takes no new followers (DomainError on "topic"); those it has keep it.
    """
    topic = db.session.get(Topic, topic_id)  # usually in the session already: no query
    if topic is not None and topic.is_archived:
        raise DomainError({"topic": ARCHIVED_MESSAGE.format(topic.name)})
    return add_once(Follow, user_id=user_id, topic_id=topic_id)


def unfollow(user_id: int, topic_id: int) -> bool:
    """Stop following a topic. Returns False when the reader did not follow it."""
    return remove(Follow, user_id=user_id, topic_id=topic_id)
