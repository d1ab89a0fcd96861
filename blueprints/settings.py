"""The settings page. Each section lives in its own include and posts to its own route."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from blueprints.forms import DigestForm, PauseForm
from models import db
from models.base import utcnow
from services import digest_settings, shares

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.before_request
@login_required
def _require_login():
    """Every settings page belongs to the signed-in reader."""


def _page(digest_form: DigestForm | None = None, pause_form: PauseForm | None = None):
    pref = digest_settings.get(current_user.id)
    # formdata=None: a section not being posted shows what is saved, not the request's fields.
    if digest_form is None:
        digest_form = DigestForm(formdata=None, obj=pref)
        digest_form.timezone.data = pref.timezone or ""
    status = 422 if digest_form.errors or (pause_form and pause_form.errors) else 200
    until = digest_settings.local_pause_end(pref)
    return render_template(
        "settings/index.html",
        pref=pref,
        digest_form=digest_form,
        pause_form=pause_form or PauseForm(formdata=None),
        paused=digest_settings.is_paused(pref),
        paused_until_text=until and f"{until:%A} {until.day} {until:%B} at {until:%H:%M}",
        timezone_names=digest_settings.timezone_names(),
        share_links=shares.links_of(current_user.id),
        now=utcnow(),
    ), status


@bp.get("")
def index():
    return _page()


@bp.post("/digest")
def digest():
    form = DigestForm()
    if form.validate_on_submit():
        try:
            digest_settings.update(
                current_user.id,
                frequency=form.frequency.data,
                weekday=form.weekday.data,
                send_hour=form.send_hour.data,
                timezone=form.timezone.data or "",
                max_articles=form.max_articles.data,
            )
        except digest_settings.PreferenceError as exc:
            for name, message in exc.errors.items():
                form[name].errors.append(message)
        else:
            db.session.commit()
            flash("Your digest settings are saved. They apply from the next digest.", "success")
            return redirect(url_for("settings.index", _anchor="digest"))
    return _page(digest_form=form)


@bp.post("/digest/pause")
def pause():
    form = PauseForm()
    if form.validate_on_submit():
        pref = digest_settings.pause(current_user.id, form.weeks.data)
        db.session.commit()
        until = digest_settings.local_pause_end(pref)
        flash(f"Digests are paused until {until:%A} {until.day} {until:%B}. Rest well.", "success")
        return redirect(url_for("settings.index", _anchor="digest"))
    return _page(pause_form=form)


@bp.post("/digest/resume")
def resume():
    # A button-only form: CSRFProtect has already checked its token.
    if digest_settings.resume(current_user.id):
        db.session.commit()
        flash("Digests are back on. The next one lists what you haven't read yet.", "success")
    else:
        flash("Your digests were not paused.", "info")
    return redirect(url_for("settings.index", _anchor="digest"))
