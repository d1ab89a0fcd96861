"""Plainly's data model. Importing this package registers every table."""

from models.article import Article
from models.base import Base, db
from models.digest import Digest, DigestItem, DigestPreference
from models.reading import ArticleRead
from models.saved import SavedArticle, ShareLink
from models.topic import Follow, Topic, article_topics
from models.user import Role, User

__all__ = [
    "Article",
    "ArticleRead",
    "Base",
    "Digest",
    "DigestItem",
    "DigestPreference",
    "Follow",
    "Role",
    "SavedArticle",
    "ShareLink",
    "Topic",
    "User",
    "article_topics",
    "db",
]
