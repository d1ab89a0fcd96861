"""The article page: findings, who it matters to, limitations, source and related reading."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from blueprints.article_page import render_article_page
from models import db
from services import articles

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("/<slug>")
def show(slug: str):
    article = articles.get_visible(slug)
    if article is None:
        return missing(slug)
    reader = current_user if current_user.is_authenticated else None
    short = request.args.get("version") == "short"
    page = render_article_page(article, reader, request.args.get("digest"), short=short)
    # Recorded once the page is built, so the commit reloads nothing it shows.
    articles.record_visit(article.id, reader)
    db.session.commit()
    return page


def missing(slug: str):
    """An old address moves on (301); a withdrawn article is gone (410); else not found."""
    new_slug = articles.moved_to(slug)
    if new_slug is not None:
        return redirect(url_for(".show", slug=new_slug), 301)
    gone = articles.get_unpublished(slug) or abort(404)
    return render_template("articles/gone.html", article=gone), 410
