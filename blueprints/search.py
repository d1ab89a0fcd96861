"""Searching the article summaries."""

from flask import Blueprint, render_template, request

from services import feed

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():
    query = request.args.get("q", "")[:200].strip()
    words = feed.search_words(query)
    before = feed.Cursor.decode(request.args.get("before"))
    page = feed.feed_page(words=words, before=before) if words else None
    return render_template(
        "search/index.html", query=query, page=page, is_first_page=before is None
    )
