"""The settings page, drawn by the settings and account views: each section is an include
with its own form, shown empty (or with what is saved) unless a post re-renders it."""

import segno
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup

from blueprints.forms import (
    BylineForm,
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmTwoStepForm,
    DigestForm,
    NewRecoveryCodesForm,
    PauseForm,
    RoleForm,
    TurnOffTwoStepForm,
)
from models.base import utcnow
from services import mutes, shares, two_step
from services.digests import settings as digest_settings
from services.timezones import timezone_groups, timezone_names

# The forms of each section, shown empty (or with what is saved) unless a post re-renders one.
SECTION_FORMS = {
    "pause_form": PauseForm,
    "confirm_form": ConfirmTwoStepForm,
    "codes_form": NewRecoveryCodesForm,
    "off_form": TurnOffTwoStepForm,
    "email_form": ChangeEmailForm,
    "password_form": ChangePasswordForm,
}
# The forms that show what is saved for the account.
ACCOUNT_FORMS = {"byline_form": BylineForm, "role_form": RoleForm}

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


def render(digest_form: DigestForm | None = None, recovery_codes=None, **given: FlaskForm):
    """The settings page, with the `given` forms (a section just posted) in their places;
    422 when one of them has errors."""
    pref = digest_settings.get(current_user.id)
    # formdata=None: a section not being posted shows what is saved, not the request's fields.
    if digest_form is None:
        digest_form = DigestForm(formdata=None, obj=pref)
        digest_form.timezone.data = pref.timezone or ""
    forms = {name: given.get(name) or form(formdata=None) for name, form in SECTION_FORMS.items()}
    for name, form in ACCOUNT_FORMS.items():
        forms[name] = given.get(name) or form(formdata=None, obj=current_user)
    until = digest_settings.local_pause_end(pref)
    response = render_template(
        "settings/index.html",
        pref=pref,
        digest_form=digest_form,
        paused=digest_settings.is_paused(pref),
        paused_until_text=until and f"{until:%A} {until.day} {until:%B} at {until:%H:%M}",
        timezone_names=timezone_names(),
        timezone_groups=timezone_groups(),
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


def back_to(section: str, message: str, category: str = "success"):
    """Back to a section of the settings page, with a message above it."""
    flash(message, category)
    return redirect(url_for("settings.index", _anchor=section))
