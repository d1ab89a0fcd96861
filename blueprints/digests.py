"""Digest links: preview, tracked article links and one-click unsubscribe (RFC 8058)."""

from collections.abc import Callable

from flask import Blueprint, abort, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from extensions import csrf
from models import db
from models.base import utcnow
from models.digest import OFF
from services import accounts
from services.digests import clicks, message, settings
from services.digests import preview as next_digest

bp = Blueprint("digests", __name__)

# The preview frame shows the email's own HTML, whose styles are inline by necessity.
EMAIL_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


@bp.get("/digest/preview")
@login_required
def preview():
    pref = settings.get(current_user.id)
    return render_template(
        "digests/preview.html",
        preview=next_digest.preview(current_user.id, utcnow()),
        pref=pref,
        paused=settings.is_paused(pref),
    )


@bp.get("/digest/preview/email")
@login_required
def preview_email():
    coming = next_digest.preview(current_user.id, utcnow()) or abort(404)
    response = make_response(coming.html)
    response.headers["Content-Security-Policy"] = EMAIL_FRAME_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/r/<token>")
def click(token: str):
    reader_id = current_user.id if current_user.is_authenticated else None
    opened = clicks.record_click(token, utcnow(), reader_id) or abort(404)
    db.session.commit()
    # The token goes on only for its own reader: the bar it opens lists their digest.
    digest = token if opened.confirmed else None
    return redirect(url_for("articles.show", slug=opened.slug, digest=digest))


def _unsubscribe_page(token: str, change: Callable[[int], bool] | None = None):
    """The page an unsubscribe link opens; with `change`, after applying it to the reader."""
    user = message.unsubscribe_user(token)
    if user is None:
        if message.unsubscribe_link_state(token) == message.OUTDATED:
            return render_template("auth/link_invalid.html", kind="unsubscribe"), 404
        abort(404)
    if change is not None:
        change(user.id)
        db.session.commit()
    return render_template(
        "digests/unsubscribe.html",
        masked_email=accounts.mask_email(user.email),
        subscribed=settings.get(user.id).frequency != OFF,
        done=change is not None,
    )


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    return _unsubscribe_page(token)


@bp.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe_now(token: str):
    """RFC 8058 one-click: mail apps POST here with no cookie, session or CSRF token."""
    return _unsubscribe_page(token, settings.unsubscribe)


@bp.post("/unsubscribe/<token>/resubscribe")
def resubscribe(token: str):
    return _unsubscribe_page(token, settings.resubscribe)
