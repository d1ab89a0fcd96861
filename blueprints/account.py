"""Your account: email address, password, role and signing out everywhere.

The forms are sections of the settings page; the links emailed to confirm or undo a new
address open pages of their own, which ask for a button press before changing anything
(mail scanners open links, they don't press buttons).
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from blueprints import notice_jobs, sessions, settings_page
from blueprints.forms import ChangeEmailForm, ChangePasswordForm, NextForm, RoleForm, attempt
from blueprints.security import auth_limit
from extensions import limiter
from models import db
from services import account_changes, background, email_change, login_limits

bp = Blueprint("account", __name__)


@bp.post("/settings/email")
@login_required
@limiter.limit(auth_limit)
def change_email():
    form, user = ChangeEmailForm(), current_user._get_current_object()
    new = form.validate_on_submit() and attempt(
        form, lambda: email_change.request_change(user, form.email.data, form.password.data)
    )
    if not new:
        return settings_page.render(email_form=form)
    background.enqueue(notice_jobs.send_change_link, user.id, new)
    return settings_page.back_to(
        "email",
        f"We sent an email to {new}. Open the link in it within {email_change.CONFIRM_HOURS} "
        f"hours to start using that address. Until then we keep writing to {user.email}.",
    )


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    change = email_change.pending_confirmation(token)
    if change is None:
        return render_template("auth/link_invalid.html", kind="email"), 404
    form = NextForm()
    if not (form.validate_on_submit() and attempt(form, lambda: email_change.confirm(change))):
        page = render_template("account/confirm_email.html", change=change, form=form)
        return page, 422 if form.errors else 200
    db.session.commit()
    background.enqueue(notice_jobs.send_email_changed, change.user.id, change.old)
    flash(f"Thank you. Your email address is now {change.new}.", "success")
    if current_user.is_authenticated and current_user.id == change.user.id:
        return redirect(url_for("settings.index", _anchor="email"))
    return redirect(url_for("auth.login"))


@bp.route("/account/email/undo/<token>", methods=["GET", "POST"])
def undo_email(token: str):
    change = email_change.pending_undo(token)
    if change is None:
        return render_template("auth/link_invalid.html", kind="undo"), 404
    form = NextForm()
    if not (
        form.validate_on_submit() and (done := attempt(form, lambda: email_change.undo(change)))
    ):
        page = render_template("account/undo_email.html", change=change, form=form)
        return page, 422 if form.errors else 200
    db.session.commit()
    if current_user.is_authenticated and current_user.id == change.user.id:
        sessions.sign_out()
    return render_template("account/email_restored.html", change=change, done=done)


@bp.post("/settings/password")
@login_required
@limiter.limit(auth_limit)
def change_password():
    form, user = ChangePasswordForm(), current_user._get_current_object()
    values = form.current_password.data, form.password.data, form.password_again.data
    if not form.validate_on_submit() or not attempt(
        form, lambda: account_changes.change_password(user, *values)
    ):
        return settings_page.render(password_form=form)
    db.session.commit()
    login_limits.clear(user.email)  # the owner proved it: log-in tries open again
    sessions.keep_signed_in(user)
    background.enqueue(notice_jobs.send_password_changed, user.id)
    return settings_page.back_to("password", KEPT_SIGNED_IN)


KEPT_SIGNED_IN = (
    "Your password is changed. You are still logged in here; "
    "every other device and browser was logged out."
)


@bp.post("/settings/role")
@login_required
def change_role():
    form = RoleForm()
    if form.validate_on_submit() and attempt(
        form, lambda: account_changes.change_role(current_user, form.role.data)
    ):
        db.session.commit()
        return settings_page.back_to(
            "about-you", "Saved. Articles now start with the part that matters most to you."
        )
    return settings_page.render(role_form=form)


SIGNED_OUT_EVERYWHERE = (
    "You are logged out on every device and browser, this one too. Log in again any time."
)


@bp.post("/settings/sessions/end")
@login_required
def sign_out_everywhere():
    # A button-only form: CSRFProtect has already checked its token.
    done = account_changes.sign_out_everywhere(current_user._get_current_object())
    db.session.commit()
    sessions.sign_out()
    flash(SIGNED_OUT_EVERYWHERE, "success")
    sessions.flash_secured(done)
    return redirect(url_for("auth.login"))
