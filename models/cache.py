"""Versions of cached values: a token that changes whenever what a value was computed from
changes, in the same transaction as the change (services.cached)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db

CACHE_NAME_MAX_LENGTH = 40
TOKEN_LENGTH = 32


class CacheVersion(db.Model):
    __tablename__ = "cache_versions"

    name: Mapped[str] = mapped_column(String(CACHE_NAME_MAX_LENGTH), primary_key=True)
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH))
