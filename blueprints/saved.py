"""Saving articles, the saved list, private notes and the appointment sheet."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from blueprints import pending
from blueprints.forms import attempt
from blueprints.navigation import redirect_back, safe_next, wants_json
from blueprints.saved_list import note_form, render_saved_list
from models import Article, db
from models.base import utcnow
from services import articles, saves

bp = Blueprint("saved", __name__)


def _answer(article: Article, saved: bool, message: str, category: str = "success"):
    if wants_json():
        return {"saved": saved, "message": message}
    flash(message, category)
    return redirect_back(url_for("articles.show", slug=article.slug))


@bp.post("/articles/<slug>/save")
def save(slug: str):
    article = articles.get_visible(slug) or abort(404)
    if not current_user.is_authenticated:
        return _log_in_then_save(article)
    if saves.save(current_user.id, article.id):
        db.session.commit()
        return _answer(article, True, f"Saved “{article.title}”. You'll find it in Saved.")
    return _answer(article, True, "You had already saved this article.", "info")


@bp.post("/articles/<slug>/unsave")
@login_required
def unsave(slug: str):
    article = articles.get_visible(slug) or abort(404)
    removed = saves.unsave(current_user.id, article.id)
    if removed is None:
        return _answer(article, False, "This article was not in your saved articles.", "info")
    message = f"Removed “{article.title}” from your saved articles."
    if removed.note:
        message += " Your note on it was deleted too."
    db.session.commit()
    return _answer(article, False, message)


def _log_in_then_save(article: Article):
    """Remember the save and ask the visitor to log in; logging in finishes it."""
    pending.remember_save(article.slug)
    back = safe_next(request.form.get("next")) or url_for("articles.show", slug=article.slug)
    login = url_for("auth.login", next=back)
    # Shown on the login page, whether the browser goes there by redirect or by script.
    flash(
        "Please log in or create an account. We'll save the article for you straight away.",
        "info",
    )
    if wants_json():
        return {"saved": False, "login": login}, 401
    return redirect(login)


@bp.get("/saved")
@login_required
def index():
    return render_saved_list()


@bp.route("/saved/<id:saved_id>/note", methods=["GET", "POST"])
@login_required
def note(saved_id: int):
    saved = saves.get_owned(current_user.id, saved_id) or abort(404)
    form = note_form(saved)
    if form.validate_on_submit() and attempt(form, lambda: saves.set_note(saved, form.note.data)):
        db.session.commit()
        if wants_json():
            return {"message": "Your note is saved."}
        flash("Your note is saved.", "success")
        back = safe_next(form.next.data) or url_for("saved.index", _anchor=f"saved-{saved.id}")
        return redirect(back)
    if form.errors and wants_json():
        return {"errors": form.note.errors}, 422
    return render_template("saved/note.html", saved=saved, form=form), 422 if form.errors else 200


@bp.get("/saved/print")
@login_required
def print_sheet():
    everything = saves.saved_list(current_user.id)
    chosen = everything
    if "chosen" in request.args:
        picked = set(request.args.getlist("id", type=int))
        chosen = [s for s in everything if s.id in picked]
    # Ticking nothing is explained, never printed as an empty sheet.
    nothing_ticked = bool(everything) and not chosen
    page = render_template(
        "saved/print.html",
        everything=everything,
        chosen=chosen,
        nothing_ticked=nothing_ticked,
        today=utcnow(),
    )
    return page, 422 if nothing_ticked else 200
