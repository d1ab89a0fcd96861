"""The article page: findings, who it matters to, limitations, source and related reading."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from blueprints.article_page import render_article_page
from models import db
from services import articles

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("/<slug>")
def show(slug: str):
    reader = current_user if current_user.is_authenticated else None
    shown = articles.get_shown(slug, reader and reader.id)
    if shown is None:
        return missing(slug)
    short = request.args.get("version") == "short"
    digest = request.args.get("digest")
    page = render_article_page(
        shown.article, reader, digest, short=short, topics=shown.topics, saved=shown.saved
    )
    # Recorded once the page is built, so the commit reloads nothing it shows.
    articles.record_visit(shown.article.id, reader)
    db.session.commit()
    return page


def missing(slug: str):
    """An old address moves on (301); a withdrawn article is gone (410); else not found."""
    new_slug = articles.moved_to(slug)
    if new_slug is not None:
        return redirect(url_for(".show", slug=new_slug), 301)
    gone = articles.get_unpublished(slug) or abort(404)
    return render_template("articles/gone.html", article=gone), 410
