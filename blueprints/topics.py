"""Browsing topics and following them.

Follow buttons are small forms: without JavaScript they come back to the reader's place
(the form's `next`, e.g. /topics#topic-ebv); static/js/plainly.js sends them in the
background and gets JSON.
"""

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user, login_required

from blueprints.navigation import redirect_back, shown_muted_topic, wants_json
from models import Topic, db
from services import feed, follows, listing, topic_groups, topics
from services.errors import DomainError

bp = Blueprint("topics", __name__, url_prefix="/topics")


def _followed_ids() -> set[int]:
    if not current_user.is_authenticated:
        return set()
    return {t.id for t in follows.followed_topics(current_user.id)}


@bp.get("")
def index():
    return render_template(
        "topics/index.html", page=topic_groups.start_page(), followed_ids=_followed_ids()
    )


@bp.get("/<slug>")
def show(slug: str):
    topic = topics.get_topic(slug) or abort(404)
    before = feed.Cursor.decode(request.args.get("before"))
    reader_id = current_user.id if current_user.is_authenticated else None
    shown = shown_muted_topic()
    view = listing.topic(reader_id, topic.id, before, shown and shown.id)
    return render_template(
        "topics/show.html", topic=topic, view=view, is_first_page=not before, shown=shown
    )


def _answer(topic: Topic, following: bool, message: str, category: str):
    """JSON for the script; otherwise a flash and back to the page the button was on."""
    if wants_json():
        return {"following": following, "message": message}
    flash(message, category)
    return redirect_back(url_for("topics.show", slug=topic.slug))


def _change_following(slug: str, change, following: bool, done: str, unchanged: str):
    """Apply follow/unfollow and tell the reader what happened."""
    topic = topics.get_topic(slug) or abort(404)
    try:
        changed = change(current_user.id, topic.id)
    except DomainError as refused:  # an archived topic takes no new followers
        return _answer(topic, False, " ".join(refused.errors.values()), "info")
    if changed:
        db.session.commit()
        return _answer(topic, following, done.format(topic.name), "success")
    return _answer(topic, following, unchanged.format(topic.name), "info")


@bp.post("/<slug>/follow")
@login_required
def follow(slug: str):
    return _change_following(
        slug,
        follows.follow,
        True,
        "You now follow {}. Its articles will appear in your feed.",
        "You already follow {}.",
    )


@bp.post("/<slug>/unfollow")
@login_required
def unfollow(slug: str):
    return _change_following(
        slug, follows.unfollow, False, "You no longer follow {}.", "You were not following {}."
    )
