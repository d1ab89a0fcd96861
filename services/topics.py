"""Topic lookups."""

from sqlalchemy import func, select

from models import Article, Topic, article_topics, db
from services.feed import published_filter


def topics_with_counts() -> list[tuple[Topic, int]]:
    """Every topic by name with its number of visible articles."""
    counts = (
        select(article_topics.c.topic_id, func.count().label("n"))
        .join(Article, Article.id == article_topics.c.article_id)
        .where(published_filter())
        .group_by(article_topics.c.topic_id)
        .subquery()
    )
    stmt = (
        select(Topic, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.topic_id == Topic.id)
        .order_by(Topic.name)
    )
    return [(topic, n) for topic, n in db.session.execute(stmt)]


def get_topic(slug: str) -> Topic | None:
    return db.session.scalar(select(Topic).where(Topic.slug == slug))
