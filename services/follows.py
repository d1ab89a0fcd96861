"""Following and unfollowing topics."""

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from models import Follow, Topic, db


def followed_topics(user_id: int) -> list[Topic]:
    """The topics a reader follows, by name."""
    stmt = (
        select(Topic)
        .join(Follow, Follow.topic_id == Topic.id)
        .where(Follow.user_id == user_id)
        .order_by(Topic.name)
    )
    return list(db.session.scalars(stmt))


def is_following(user_id: int, topic_id: int) -> bool:
    stmt = select(func.count()).where(Follow.user_id == user_id, Follow.topic_id == topic_id)
    return bool(db.session.scalar(stmt))


def follow(user_id: int, topic_id: int) -> bool:
    """Follow a topic. Returns False when the reader already followed it."""
    if is_following(user_id, topic_id):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user_id, topic_id=topic_id))
    except IntegrityError:  # a parallel request followed it first
        return False
    return True


def unfollow(user_id: int, topic_id: int) -> bool:
    """Stop following a topic. Returns False when the reader did not follow it."""
    result = db.session.execute(
        delete(Follow).where(Follow.user_id == user_id, Follow.topic_id == topic_id)
    )
    return bool(result.rowcount)
