"""The article page: findings, who it matters to, limitations, source and related reading."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from blueprints.forms import FeedbackForm
from blueprints.saved_list import note_form
from models import db
from services import articles, saves
from services.digests import clicks

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("/<slug>")
def show(slug: str):
    article = articles.get_visible(slug) or abort(404)
    reader = current_user if current_user.is_authenticated else None
    saved = reader and saves.get_saved(reader.id, article.id)
    page = render_template(
        "articles/show.html",
        article=article,
        audiences=articles.audiences(article, reader and reader.role),
        related=articles.related(article),
        saved=saved,
        note_form=saved and note_form(saved, anchor="note"),
        feedback_form=FeedbackForm(),
        digest_bar=clicks.digest_bar(request.args.get("digest"), article.id),
    )
    # Recorded once the page is built, so the commit reloads nothing it shows.
    articles.record_visit(article.id, reader)
    db.session.commit()
    return page
