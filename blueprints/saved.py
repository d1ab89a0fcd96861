"""Saving articles, the saved list, private notes and the appointment sheet."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, user_logged_in

from blueprints.forms import NoteForm, ShareForm
from blueprints.navigation import redirect_back, safe_next
from models import Article, SavedArticle, db
from models.base import utcnow
from services import articles, saves, topics

bp = Blueprint("saved", __name__)

# Session keys: a save asked for before logging in, and a new share link shown once.
PENDING_SAVE = "pending_save"
NEW_SHARE_URL = "new_share_url"


def wants_json() -> bool:
    """The enhanced save button and note form ask for JSON; plain forms get a redirect."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _answer(article: Article, saved: bool, message: str, category: str = "success"):
    if wants_json():
        return {"saved": saved, "message": message}
    flash(message, category)
    return redirect_back(url_for("articles.show", slug=article.slug))


def note_form(saved: SavedArticle, *, anchor: str | None = None) -> NoteForm:
    """The note form of one saved article; the prefix keeps field ids unique on the list.

    With `anchor`, the form is shown on the current page and leads back to that spot on it.
    Without, it is the form being posted (or the note page), and reads the request.
    """
    prefix, data = f"note-{saved.id}", {"note": saved.note}
    if anchor is None:
        form = NoteForm(prefix=prefix, data=data)
        if not form.is_submitted():
            form.next.data = safe_next(request.args.get("next")) or ""
        return form
    form = NoteForm(formdata=None, prefix=prefix, data=data)
    form.next.data = f"{request.full_path.rstrip('?')}#{anchor}"
    return form


def render_saved_list(share_form: ShareForm | None = None):
    """The saved list page; also re-rendered by the share form when its input is wrong."""
    topic = None
    if slug := request.args.get("topic"):
        topic = topics.get_topic(slug) or abort(404)
    items = saves.saved_list(current_user.id, topic_id=topic and topic.id)
    share_form = share_form or ShareForm(formdata=None)
    page = render_template(
        "saved/index.html",
        items=items,
        note_forms={s.id: note_form(s, anchor=f"saved-{s.id}") for s in items},
        topic=topic,
        saved_topics=saves.saved_topics(current_user.id),
        share_form=share_form,
        new_share_url=session.pop(NEW_SHARE_URL, None),
    )
    return page, 422 if share_form.errors else 200


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
    """Remember the save, ask the visitor to log in, and finish it in `_complete_pending_save`."""
    session[PENDING_SAVE] = article.slug
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


@user_logged_in.connect
def _complete_pending_save(_app, user, **_extra) -> None:
    slug = session.pop(PENDING_SAVE, None)
    article = articles.get_visible(slug) if slug else None
    if article is None:
        return
    if saves.save(user.id, article.id):
        db.session.commit()
    flash(f"Saved “{article.title}”. You'll find it in Saved.", "success")


@bp.get("/saved")
@login_required
def index():
    return render_saved_list()


@bp.route("/saved/<id:saved_id>/note", methods=["GET", "POST"])
@login_required
def note(saved_id: int):
    saved = saves.get_owned(current_user.id, saved_id) or abort(404)
    form = note_form(saved)
    if form.validate_on_submit():
        saves.set_note(saved, form.note.data)
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
    return render_template("saved/print.html", everything=everything, chosen=chosen, today=utcnow())
