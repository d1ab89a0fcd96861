"""Reader feedback on an article: "Was this page helpful?", no account needed."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from blueprints.forms import FeedbackForm, attempt
from blueprints.security import feedback_limit
from extensions import limiter
from models import db
from services import articles, feedback

bp = Blueprint("feedback", __name__)

# Shown in the article's feedback section rather than at the top of the page.
FLASH_CATEGORY = "feedback"
THANKS = "Thank you. Your answer helps us make these summaries clearer."


@bp.post("/articles/<slug>/feedback")
@limiter.limit(feedback_limit)
def submit(slug: str):
    article = articles.get_visible(slug) or abort(404)
    form = FeedbackForm()
    if form.validate_on_submit() and attempt(
        form, lambda: feedback.submit(article.id, form.answer, form.unclear.data)
    ):
        db.session.commit()
        flash(THANKS, FLASH_CATEGORY)
        return redirect(url_for("articles.show", slug=article.slug, _anchor="feedback"))
    return render_template("feedback/retry.html", article=article, form=form), 422
