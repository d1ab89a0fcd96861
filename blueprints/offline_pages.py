"""Marks for pages the service worker may keep; shared by the article page and the
offline blueprint (which adds the headers)."""

from flask import current_app, g
from flask_login import current_user

from services import offline


def keep_saved_article() -> None:
    """This request shows an article the signed-in reader saved: it may be kept offline."""
    g.offline_saved_article = True


def current_key() -> str:
    """The signed-in reader's offline cache key, or "" for a visitor."""
    if not (current_user and current_user.is_authenticated):
        return ""
    return offline.account_key(current_user.id, current_app.config["SECRET_KEY"])
