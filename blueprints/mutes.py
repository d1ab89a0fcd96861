"""Muting a topic: "Don't show me articles about …", and taking it back."""

from flask import Blueprint, abort, flash, url_for
from flask_login import current_user, login_required

from blueprints.navigation import redirect_back
from models import db
from services import mutes, topics

bp = Blueprint("mutes", __name__, url_prefix="/topics")


def _change_muting(slug: str, change, done: str, unchanged: str):
    """Mute or unmute, say what happened, and go back to the page the button was on."""
    topic = topics.get_topic(slug) or abort(404)
    changed = change(current_user.id, topic.id)
    if changed:
        db.session.commit()
    flash((done if changed else unchanged).format(topic.name), "success" if changed else "info")
    return redirect_back(url_for("topics.show", slug=slug))


@bp.post("/<slug>/mute")
@login_required
def mute(slug: str):
    return _change_muting(
        slug,
        mutes.mute,
        "You won't see articles about {} in your feed, other topics or digests any more. "
        "You can unmute it here or in Settings.",
        "You had already muted {}.",
    )


@bp.post("/<slug>/unmute")
@login_required
def unmute(slug: str):
    return _change_muting(
        slug, mutes.unmute, "Articles about {} can appear again.", "You had not muted {}."
    )
