"""Plainly's data model. Importing this package registers every table."""

from models.article import Article
from models.base import Base, db
from models.cache import CacheVersion
from models.contact import ContactMessage
from models.digest import Digest, DigestItem, DigestPreference, DigestRun
from models.editorial import ArticleEvent, ArticleRevision, ArticleSlug, Feedback, GlossaryTerm
from models.reading import ArticleRead
from models.saved import SavedArticle, ShareLink
from models.search import SearchDocument
from models.topic import Follow, Topic, TopicMute, article_topics
from models.user import RecoveryCode, Role, StaffRole, User

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticleRead",
    "ArticleRevision",
    "ArticleSlug",
    "Base",
    "CacheVersion",
    "ContactMessage",
    "Digest",
    "DigestItem",
    "DigestPreference",
    "DigestRun",
    "Feedback",
    "Follow",
    "GlossaryTerm",
    "RecoveryCode",
    "Role",
    "SavedArticle",
    "SearchDocument",
    "ShareLink",
    "StaffRole",
    "Topic",
    "TopicMute",
    "User",
    "article_topics",
    "db",
]
