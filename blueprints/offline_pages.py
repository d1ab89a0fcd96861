"""Marks for pages the service worker may keep; shared by the article page and the
offline blueprint (which adds the headers)."""

from flask import current_app, g
from flask_login import current_user

from services import offline


def keep_saved_article() -> None:
    """This request shows an article the signed-in reader saved: it may be kept offline."""
    g.offline_saved_article = True


def current_key() -> str:
    """The signed-in reader's offline cache key, or "" for a visitor.

    Kept for the request while the same user is signed in: the page asks before its view
    commits and the answer's header after, when reading the user's id again would load the
    expired row once more.
    """
    if not (current_user and current_user.is_authenticated):
        return ""
    user = current_user._get_current_object()
    kept = g.get("offline_key")
    if kept is None or kept[0] is not user:
        kept = g.offline_key = (
            user,
            offline.account_key(user.id, current_app.config["SECRET_KEY"]),
        )
    return kept[1]
