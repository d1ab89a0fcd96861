"""Searching the article summaries: words, filters and pages, all in the URL."""

from flask import Blueprint, render_template, request

from blueprints.forms import attempt
from blueprints.search_form import SearchForm
from services import search

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():
    topics = search.filter_topics()
    form = SearchForm(request.args, topics)
    results = None
    if form.validate() and form.q.data:
        page = request.args.get("page", 1, type=int)
        results = attempt(form, lambda: search.search(form.q.data, form.filters(), page))
    status = 422 if form.errors else 200
    return render_template("search/index.html", form=form, results=results, topics=topics), status
