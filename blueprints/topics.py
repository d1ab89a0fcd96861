"""Browsing topics and following them."""

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user, login_required

from blueprints.navigation import redirect_back
from models import db
from services import feed, follows, saves, topics

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
    page = feed.feed_page(topic_id=topic.id, before=before)
    saved_ids = set()
    if current_user.is_authenticated:
        saved_ids = saves.saved_ids(current_user.id, (a.id for a in page.articles))
    return render_template(
        "topics/show.html",
        topic=topic,
        page=page,
        followed_ids=_followed_ids(),
        saved_ids=saved_ids,
        is_first_page=before is None,
    )


@bp.post("/<slug>/follow")
@login_required
def follow(slug: str):
    topic = topics.get_topic(slug) or abort(404)
    if follows.follow(current_user.id, topic.id):
        db.session.commit()
        flash(f"You now follow {topic.name}. Its articles will appear in your feed.", "success")
    else:
        flash(f"You already follow {topic.name}.", "info")
    return redirect_back(url_for("topics.show", slug=slug))


@bp.post("/<slug>/unfollow")
@login_required
def unfollow(slug: str):
    topic = topics.get_topic(slug) or abort(404)
    if follows.unfollow(current_user.id, topic.id):
        db.session.commit()
        flash(f"You no longer follow {topic.name}.", "success")
    else:
        flash(f"You were not following {topic.name}.", "info")
    return redirect_back(url_for("topics.show", slug=slug))
