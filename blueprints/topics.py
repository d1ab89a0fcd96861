"""Browsing topics and following them."""

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user, login_required

from blueprints.navigation import redirect_back, shown_muted_topic
from models import db
from services import feed, follows, listing, topics
from services.errors import DomainError

bp = Blueprint("topics", __name__, url_prefix="/topics")


def _followed_ids() -> set[int]:
    if not current_user.is_authenticated:
        return set()
    return {t.id for t in follows.followed_topics(current_user.id)}


@bp.get("")
def index():
    return render_template(
        "topics/index.html", topics=topics.topics_with_counts(), followed_ids=_followed_ids()
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


def _change_following(slug: str, change, done: str, unchanged: str):
    """Apply follow/unfollow, tell the reader what happened, and go back to their page."""
    topic = topics.get_topic(slug) or abort(404)
    back = redirect_back(url_for("topics.show", slug=slug))
    try:
        changed = change(current_user.id, topic.id)
    except DomainError as refused:  # an archived topic takes no new followers
        flash(" ".join(refused.errors.values()), "info")
        return back
    if changed:
        db.session.commit()
        flash(done.format(topic.name), "success")
    else:
        flash(unchanged.format(topic.name), "info")
    return back


@bp.post("/<slug>/follow")
@login_required
def follow(slug: str):
    return _change_following(
        slug,
        follows.follow,
        "You now follow {}. Its articles will appear in your feed.",
        "You already follow {}.",
    )


@bp.post("/<slug>/unfollow")
@login_required
def unfollow(slug: str):
    return _change_following(
        slug, follows.unfollow, "You no longer follow {}.", "You were not following {}."
    )
