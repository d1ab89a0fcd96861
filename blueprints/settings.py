"""The settings page. Each section lives in its own include and posts to its own route;
the account sections (email, password, role, sessions) are in blueprints/account.py."""

from flask import Blueprint, abort, flash
from flask_login import current_user, login_required, login_user

from blueprints.forms import (
    BylineForm,
    ConfirmTwoStepForm,
    DigestForm,
    NewRecoveryCodesForm,
    PauseForm,
    TurnOffTwoStepForm,
    attempt,
)
from blueprints.settings_page import back_to as _back_to
from blueprints.settings_page import render as _page
from blueprints.staff import STAFF_ONLY
from models import db
from services import staff, two_step
from services.digests import settings as digest_settings
from services.errors import DomainError

bp = Blueprint("settings", __name__, url_prefix="/settings")


def _back_to_digest_section(message: str, category: str = "success"):
    return _back_to("digest", message, category)


@bp.before_request
@login_required
def _require_login():
    """Every settings page belongs to the signed-in reader."""


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


@bp.post("/two-step/start")
def two_step_start():
    # A button-only form: CSRFProtect has already checked its token.
    try:
        two_step.start_setup(current_user)
    except DomainError as error:
        return _back_to("two-step", error.errors["code"], "info")
    db.session.commit()
    return _back_to("two-step", "Now add Plainly to your authenticator app and enter its code.")


@bp.post("/two-step/confirm")
def two_step_confirm():
    form = ConfirmTwoStepForm()
    codes = form.validate_on_submit() and attempt(
        form, lambda: two_step.confirm_setup(current_user, form.code.data)
    )
    if not codes:
        return _page(confirm_form=form)
    db.session.commit()
    login_user(current_user._get_current_object())  # other devices are signed out
    flash("Two-step sign-in is on. Please keep your recovery codes somewhere safe.", "success")
    return _page(recovery_codes=codes)


@bp.post("/two-step/codes")
def two_step_codes():
    form = NewRecoveryCodesForm()
    codes = form.validate_on_submit() and attempt(
        form, lambda: two_step.regenerate_codes(current_user, form.code.data)
    )
    if not codes:
        return _page(codes_form=form)
    db.session.commit()
    flash("Here are your new recovery codes. The old ones no longer work.", "success")
    return _page(recovery_codes=codes)


@bp.post("/two-step/off")
def two_step_off():
    form = TurnOffTwoStepForm()
    if form.validate_on_submit() and attempt(
        form, lambda: two_step.disable(current_user, form.password.data, form.code.data)
    ):
        db.session.commit()
        return _back_to("two-step", "Two-step sign-in is off. You log in with your password alone.")
    return _page(off_form=form)


@bp.post("/byline")
def byline():
    if not current_user.is_staff:
        abort(403, description=STAFF_ONLY)
    form = BylineForm()
    if form.validate_on_submit() and attempt(
        form,
        lambda: staff.update_byline(current_user, form.display_name.data, form.credentials.data),
    ):
        db.session.commit()
        return _back_to("byline", "Your name on reviewed pages is saved.")
    return _page(byline_form=form)
