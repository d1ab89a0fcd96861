"""Which articles a reader has opened."""

from sqlalchemy import select

from models import ArticleRead
from services.rows import add_once


def mark_read(user_id: int, article_id: int) -> bool:
    """Record that the reader opened the article. Returns False if it was already read."""
    return add_once(ArticleRead, user_id=user_id, article_id=article_id)


def read_by(user_id: int):
    """Subquery of the ids of articles the reader has opened."""
    return select(ArticleRead.article_id).where(ArticleRead.user_id == user_id)
