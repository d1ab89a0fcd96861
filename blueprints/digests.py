"""Digest links: preview, tracked article links and one-click unsubscribe (RFC 8058)."""

from flask import Blueprint, abort, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from models import db
from models.base import utcnow
from models.digest import OFF
from services import digest_clicks, digest_mail, digest_preview, digest_settings

bp = Blueprint("digests", __name__)

# The preview frame shows the email's own HTML, whose styles are inline by necessity.
EMAIL_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


@bp.get("/digest/preview")
@login_required
def preview():
    pref = digest_settings.get(current_user.id)
    return render_template(
        "digests/preview.html",
        preview=digest_preview.preview(current_user.id, utcnow()),
        pref=pref,
        paused=digest_settings.is_paused(pref),
    )


@bp.get("/digest/preview/email")
@login_required
def preview_email():
    preview = digest_preview.preview(current_user.id, utcnow()) or abort(404)
    response = make_response(preview.html)
    response.headers["Content-Security-Policy"] = EMAIL_FRAME_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/r/<token>")
def click(token: str):
    slug = digest_clicks.record_click(token, utcnow()) or abort(404)
    db.session.commit()
    return redirect(url_for("articles.show", slug=slug, digest=token))


def _unsubscribe_page(user, done: bool = False, status: int = 200):
    pref = digest_settings.get(user.id)
    return render_template(
        "digests/unsubscribe.html",
        user=user,
        subscribed=pref.frequency != OFF,
        done=done,
    ), status


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    user = digest_mail.unsubscribe_user(token) or abort(404)
    return _unsubscribe_page(user)


@bp.post("/unsubscribe/<token>")
def unsubscribe_now(token: str):
    """RFC 8058 one-click: mail apps POST here with no cookie, session or CSRF token."""
    user = digest_mail.unsubscribe_user(token) or abort(404)
    digest_settings.unsubscribe(user.id)
    db.session.commit()
    return _unsubscribe_page(user, done=True)


@bp.post("/unsubscribe/<token>/resubscribe")
def resubscribe(token: str):
    user = digest_mail.unsubscribe_user(token) or abort(404)
    digest_settings.resubscribe(user.id)
    db.session.commit()
    return _unsubscribe_page(user, done=True)
