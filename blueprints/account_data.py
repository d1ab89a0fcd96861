"""Your data: download everything Plainly holds about you, and delete your account."""

from flask import Blueprint, Response, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from blueprints import notice_jobs
from blueprints.forms import DeleteAccountForm, attempt
from blueprints.security import auth_limit
from extensions import limiter
from models import db
from models.base import utcnow
from services import background, deletion, export, security_log

bp = Blueprint("account_data", __name__, url_prefix="/settings")

DELETED = "Your account and everything it held are deleted. Thank you for reading Plainly."
CONFIRMATION_SENT = "We are sending a confirmation to {}."


@bp.before_request
@login_required
def _require_login():
    """Only the signed-in reader downloads or deletes their own data."""


def _download(body: str, mimetype: str, kind: str, extension: str) -> Response:
    """An attachment that no browser or proxy keeps: it holds private notes."""
    security_log.record("data.exported", user_id=current_user.id, format=extension)
    name = export.filename(kind, extension, utcnow().date())
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/export")
def export_json():
    body = export.to_json(current_user)
    return _download(body, "application/json", "data", "json")


@bp.get("/export.csv")
def export_csv():
    body = export.saved_csv(current_user.id)
    return _download(body, "text/csv", "saved-articles", "csv")


@bp.route("/delete", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def delete():
    form, user = DeleteAccountForm(), current_user._get_current_object()
    email = form.validate_on_submit() and attempt(
        form, lambda: deletion.delete_account(user, form.password.data)
    )
    if not email:
        last_admin = deletion.is_last_admin(user)
        page = render_template("settings/delete.html", form=form, last_admin=last_admin)
        return page, 422 if form.errors else 200
    db.session.commit()
    security_log.record("account.deleted", user_id=user.id)
    return _signed_out_and_told(email)


def _signed_out_and_told(email: str):
    """The account is gone: end this session (the others no longer find their account)."""
    session.clear()
    logout_user()
    background.enqueue(notice_jobs.send_account_deleted, email)
    message = f"{DELETED} {CONFIRMATION_SENT.format(email)}"
    flash(message, "success")
    return redirect(url_for("feed.index"))
