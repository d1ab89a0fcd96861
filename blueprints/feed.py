"""The home page: a reader's personal feed, or the latest articles for visitors."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from services import feed, follows, topics

bp = Blueprint("feed", __name__)


@bp.get("/")
def index():
    topic = None
    if slug := request.args.get("topic"):
        topic = topics.get_topic(slug) or abort(404)
    before = feed.Cursor.decode(request.args.get("before"))
    followed = []
    if current_user.is_authenticated:
        followed = follows.followed_topics(current_user.id)
        page = feed.feed_page(current_user.id, topic_id=topic and topic.id, before=before)
    else:
        page = feed.feed_page(topic_id=topic and topic.id, before=before)
    return render_template(
        "feed/index.html",
        page=page,
        topic=topic,
        followed=followed,
        followed_ids={t.id for t in followed},
        is_first_page=before is None,
    )
