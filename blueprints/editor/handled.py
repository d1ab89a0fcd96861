"""The answer to "Mark handled", shared by reader feedback and contact messages."""

from flask import abort, flash, url_for

from blueprints.navigation import redirect_back
from models import db


def answer_marked(done: bool | None, what: str):
    """404 for an unknown row; else commit, say what happened and go back to the list."""
    if done is None:
        abort(404)
    db.session.commit()
    if done:
        flash("Marked as handled.", "success")
    else:
        flash(f"This {what} had already been marked as handled.", "info")
    return redirect_back(url_for(".index"))
