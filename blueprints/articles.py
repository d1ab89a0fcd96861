"""The article page: findings, who it matters to, limitations, source and related reading."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from blueprints.saved_list import note_form
from models import db
from services import articles, reads, saves
from services.digests import clicks

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("/<slug>")
def show(slug: str):
    article = articles.get_visible(slug)
    if article is None:
        return missing(slug)
    role = saved = None
    if current_user.is_authenticated:
        role = current_user.role
        if reads.mark_read(current_user.id, article.id):
            db.session.commit()
        saved = saves.get_saved(current_user.id, article.id)
    return render_template(
        "articles/show.html",
        article=article,
        audiences=articles.audiences(article, role),
        related=articles.related(article),
        saved=saved,
        note_form=saved and note_form(saved, anchor="note"),
        digest_bar=clicks.digest_bar(request.args.get("digest"), article.id),
    )


def missing(slug: str):
    """An old address moves on (301); a withdrawn article is gone (410); else not found."""
    new_slug = articles.moved_to(slug)
    if new_slug is not None:
        return redirect(url_for(".show", slug=new_slug), 301)
    gone = articles.get_unpublished(slug) or abort(404)
    return render_template("articles/gone.html", article=gone), 410
