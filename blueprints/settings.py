"""The settings page. Each section lives in its own include and posts to its own route."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from blueprints.forms import DigestForm, PauseForm, attempt
from models import db
from models.base import utcnow
from services import shares
from services.digests import settings as digest_settings
from services.timezones import timezone_names

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
        timezone_names=timezone_names(),
        share_links=shares.links_of(current_user.id),
        now=utcnow(),
    ), status


def _back_to_digest_section(message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("settings.index", _anchor="digest"))


@bp.get("")
def index():
    return _page()


@bp.post("/digest")
def digest():
    form = DigestForm()
    if form.validate_on_submit() and attempt(
        form, lambda: digest_settings.update(current_user.id, **form.preferences())
    ):
        db.session.commit()
        return _back_to_digest_section(
            "Your digest settings are saved. They apply from the next digest."
        )
    return _page(digest_form=form)


@bp.post("/digest/pause")
def pause():
    form = PauseForm()
    pref = form.validate_on_submit() and attempt(
        form, lambda: digest_settings.pause(current_user.id, form.weeks.data)
    )
    if not pref:
        return _page(pause_form=form)
    db.session.commit()
    until = digest_settings.local_pause_end(pref)
    return _back_to_digest_section(
        f"Digests are paused until {until:%A} {until.day} {until:%B}. Rest well."
    )


@bp.post("/digest/resume")
def resume():
    # A button-only form: CSRFProtect has already checked its token.
    if not digest_settings.resume(current_user.id):
        return _back_to_digest_section("Your digests were not paused.", "info")
    db.session.commit()
    return _back_to_digest_section(
        "Digests are back on. The next one lists what you haven't read yet."
    )
