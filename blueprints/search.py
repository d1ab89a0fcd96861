"""Searching the article summaries: words, filters and pages, all in the URL."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from blueprints.forms import attempt
from blueprints.search_form import SearchForm
from services import mutes, search

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():
    topics = search.filter_topics()
    form = SearchForm(request.args, topics)
    results = None
    if form.validate() and form.q.data:
        page = request.args.get("page", 1, type=int)
        muted = mutes.muted_ids(current_user.id) if current_user.is_authenticated else ()
        results = attempt(
            form, lambda: search.search(form.q.data, form.filters(), page, exclude_topic_ids=muted)
        )
    status = 422 if form.errors else 200
    return render_template("search/index.html", form=form, results=results, topics=topics), status
