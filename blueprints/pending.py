"""What a visitor asked for before logging in (saving an article), finished once they are in."""

from flask import flash, session

from models import User
from services import articles, saves

PENDING_SAVE = "pending_save"
# Session keys kept across the fresh session that logging in starts.
CARRIED_OVER = (PENDING_SAVE,)


def remember_save(slug: str) -> None:
    session[PENDING_SAVE] = slug


def carried_over() -> dict:
    """The pending actions in the session, to put back once it is renewed."""
    return {key: session[key] for key in CARRIED_OVER if key in session}


def finish(user: User) -> None:
    """Complete the pending save for the reader who just logged in or signed up.

    Runs inside the log-in or sign-up request's transaction: the caller commits.
    """
    slug = session.pop(PENDING_SAVE, None)
    article = articles.get_visible(slug) if slug else None
    if article is None:
        return
    saves.save(user.id, article.id)
    flash(f"Saved “{article.title}”. You'll find it in Saved.", "success")
