"""The home page: a reader's personal feed, or the latest articles for visitors."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from blueprints.navigation import shown_muted_topic, topic_filter
from models import db
from services import feed, listing, visits

bp = Blueprint("feed", __name__)


@bp.get("/")
def index():
    topic, shown = topic_filter(), shown_muted_topic()
    before = feed.Cursor.decode(request.args.get("before"))
    reader_id = current_user.id if current_user.is_authenticated else None
    hide_read = reader_id is not None and request.args.get("hide_read") == "1"
    view = listing.home(
        reader_id,
        topic_id=topic and topic.id,
        before=before,
        hide_read=hide_read,
        shown_topic_id=shown and shown.id,
    )
    reader = current_user if reader_id is not None else None
    new_ids = visits.feed_viewed(reader, view.page.articles, view.read_ids)
    context = {"topic": topic, "hide_read": hide_read, "shown": shown, "new_ids": new_ids}
    page = render_template("feed/index.html", view=view, is_first_page=not before, **context)
    db.session.commit()  # after rendering, so the commit reloads nothing the page shows
    return page
