"""The home page: a reader's personal feed, or the latest articles for visitors."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from services import feed, follows, reads, saves, topics

bp = Blueprint("feed", __name__)


@bp.get("/")
def index():
    topic = None
    if slug := request.args.get("topic"):
        topic = topics.get_topic(slug) or abort(404)
    before = feed.Cursor.decode(request.args.get("before"))
    if not current_user.is_authenticated:
        page = feed.feed_page(topic_id=topic and topic.id, before=before)
        return render_template("feed/index.html", page=page, topic=topic, is_first_page=not before)
    hide_read = request.args.get("hide_read") == "1"
    followed = follows.followed_topics(current_user.id)
    page = feed.feed_page(
        current_user.id,
        topic_id=topic and topic.id,
        before=before,
        unread_by=current_user.id if hide_read else None,
    )
    return render_template(
        "feed/index.html",
        page=page,
        topic=topic,
        followed=followed,
        followed_ids={t.id for t in followed},
        read_ids=reads.read_ids(current_user.id, (a.id for a in page.articles)),
        saved_ids=saves.saved_ids(current_user.id, (a.id for a in page.articles)),
        hide_read=hide_read,
        is_first_page=before is None,
    )
