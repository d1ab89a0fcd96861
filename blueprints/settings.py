"""The settings page. Each section lives in its own include and posts to its own route."""

import segno
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from markupsafe import Markup

from blueprints.forms import (
    BylineForm,
    ConfirmTwoStepForm,
    DigestForm,
    NewRecoveryCodesForm,
    PauseForm,
    TurnOffTwoStepForm,
    attempt,
)
from blueprints.staff import STAFF_ONLY
from models import db
from models.base import utcnow
from services import mutes, shares, staff, two_step
from services.digests import settings as digest_settings
from services.errors import DomainError
from services.timezones import timezone_names

bp = Blueprint("settings", __name__, url_prefix="/settings")

# The forms of each section, shown empty (or with what is saved) unless a post re-renders one.
SECTION_FORMS = {
    "pause_form": PauseForm,
    "confirm_form": ConfirmTwoStepForm,
    "codes_form": NewRecoveryCodesForm,
    "off_form": TurnOffTwoStepForm,
}


@bp.before_request
@login_required
def _require_login():
    """Every settings page belongs to the signed-in reader."""


QR_TITLE = (
    "QR code to add Plainly to an authenticator app. If you can't scan it, "
    "type the setup key below instead."
)


def _two_step_context() -> dict:
    user = current_user
    if user.has_two_step:
        return {"codes_left": two_step.recovery_codes_left(user)}
    if not user.totp_secret:
        return {}
    secret = user.totp_secret
    qr = segno.make(two_step.setup_uri(user), error="m")
    return {
        "setup_secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        # Inline SVG: segno draws the modules as path data; nothing typed by anyone is in it.
        "setup_qr": Markup(  # noqa: S704  # nosec B704
            qr.svg_inline(
                scale=5, border=4, dark="#000", light="#fff", svgclass="qr-code", title=QR_TITLE
            )
        ),
    }


def _page(digest_form: DigestForm | None = None, recovery_codes=None, **given: FlaskForm):
    pref = digest_settings.get(current_user.id)
    # formdata=None: a section not being posted shows what is saved, not the request's fields.
    if digest_form is None:
        digest_form = DigestForm(formdata=None, obj=pref)
        digest_form.timezone.data = pref.timezone or ""
    forms = {name: given.get(name) or form(formdata=None) for name, form in SECTION_FORMS.items()}
    forms["byline_form"] = given.get("byline_form") or BylineForm(formdata=None, obj=current_user)
    until = digest_settings.local_pause_end(pref)
    response = render_template(
        "settings/index.html",
        pref=pref,
        digest_form=digest_form,
        paused=digest_settings.is_paused(pref),
        paused_until_text=until and f"{until:%A} {until.day} {until:%B} at {until:%H:%M}",
        timezone_names=timezone_names(),
        share_links=shares.links_of(current_user.id),
        muted_topics=mutes.muted_topics(current_user.id),
        now=utcnow(),
        recovery_codes=recovery_codes,
        **forms,
        **_two_step_context(),
    )
    headers = {"Cache-Control": "no-store"} if recovery_codes else {}
    failed = digest_form.errors or any(form.errors for form in given.values())
    return response, 422 if failed else 200, headers


def _back_to(section: str, message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("settings.index", _anchor=section))


def _back_to_digest_section(message: str, category: str = "success"):
    return _back_to("digest", message, category)


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
