"""Searching the article summaries."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from services import feed

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():
    query = request.args.get("q", "")[:200].strip()
    words = feed.search_words(query)
    before = feed.Cursor.decode(request.args.get("before"))
    reader_id = current_user.id if current_user.is_authenticated else None
    page = feed.feed_page(words=words, before=before, muted_for=reader_id) if words else None
    return render_template(
        "search/index.html", query=query, page=page, is_first_page=before is None
    )
