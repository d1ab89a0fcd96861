"""Read-only share links to a reader's saved list: create, open and revoke."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from blueprints.forms import ShareForm, attempt
from blueprints.saved_list import NEW_SHARE_URL, render_saved_list
from models import db
from models.base import utcnow
from services import mail, saves, shares

bp = Blueprint("shares", __name__)


@bp.after_request
def _keep_shared_pages_private(response):
    if request.endpoint == "shares.show":  # also the page of a link that no longer works
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        # The token is in the URL: don't pass it on to the sites the page links to.
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/saved/share")
@login_required
def create():
    form = ShareForm()
    made = form.validate_on_submit() and attempt(
        form,
        lambda: shares.create(
            current_user.id,
            include_notes=form.include_notes.data,
            expires_in_days=form.expires_in_days,
            label=form.label.data,
        ),
    )
    if not made:
        return render_saved_list(share_form=form)
    _link, token = made
    db.session.commit()
    session[NEW_SHARE_URL] = mail.external_url("shares.show", token=token)
    flash(
        "Your share link is ready. Copy it now: for your privacy we show it only once.", "success"
    )
    return redirect(url_for("saved.index", _anchor="new-share"))


@bp.get("/shared/<token>")
def show(token: str):
    now = utcnow()
    link = shares.open_link(token, now) or abort(404)
    if not link.is_active(now):
        return render_template("shares/closed.html", link=link), 410
    page = render_template("shares/show.html", items=saves.saved_list(link.user_id), link=link)
    # When it was opened, if that was recorded; after drawing the page, so nothing reloads.
    db.session.commit()
    return page


@bp.post("/settings/shares/<id:link_id>/revoke")
@login_required
def revoke(link_id: int):
    shares.revoke(current_user.id, link_id) or abort(404)
    db.session.commit()
    flash("The link is turned off. Anyone who opens it now is told it is turned off.", "success")
    return redirect(url_for("settings.index", _anchor="share-links"))
