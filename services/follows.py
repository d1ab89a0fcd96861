"""Following and unfollowing topics."""

from sqlalchemy import select

from models import Follow, Topic, db
from services.rows import add_once, remove


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
    """Follow a topic. Returns False when the reader already followed it."""
    return add_once(Follow, user_id=user_id, topic_id=topic_id)


def unfollow(user_id: int, topic_id: int) -> bool:
    """Stop following a topic. Returns False when the reader did not follow it."""
    return remove(Follow, user_id=user_id, topic_id=topic_id)
