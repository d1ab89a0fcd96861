"""Atom feeds: each topic's, and a reader's own feed at a private address they control."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from models import db
from services import atom, feed, private_feeds, security_log, topics
from services.atom import AtomDocument
from services.mail import external_url

bp = Blueprint("feeds", __name__)

# A topic feed is the same for everyone; a private feed only for its reader's own app.
PUBLIC_CACHE = "public, max-age=900"
PRIVATE_CACHE = "private, no-cache"


def _atom(document: AtomDocument, cache_control: str) -> Response:
    """The feed, or 304 when the reader's app already has this version (ETag or date)."""
    response = Response(document.body, mimetype="application/atom+xml")
    response.set_etag(document.etag)
    response.last_modified = document.updated
    response.headers["Cache-Control"] = cache_control
    return response.make_conditional(request)


@bp.get("/topics/<slug>/feed.atom")
def topic(slug: str):
    found = topics.get_topic(slug) or abort(404)
    page = feed.feed_page(topic_id=found.id)
    return _atom(atom.topic_feed(found, page.articles), PUBLIC_CACHE)


@bp.get("/feeds/<token>.atom")
def private(token: str):
    reader = private_feeds.reader_for(token) or abort(404)
    page = feed.feed_page(reader.id, muted_for=reader.id)
    response = _atom(atom.reader_feed(reader.id, token, page.articles), PRIVATE_CACHE)
    # The address is a secret: never pass it on to another site, never list it in search.
    response.headers.update({"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"})
    return response


@bp.post("/settings/private-feed")
@login_required
def create():
    # A button-only form: CSRFProtect has already checked its token.
    replaced = current_user.has_private_feed
    token = private_feeds.create(current_user)
    db.session.commit()
    event = "private_feed.replaced" if replaced else "private_feed.created"
    security_log.record(event, user_id=current_user.id)
    url = external_url("feeds.private", token=token)
    page = render_template("settings/private_feed.html", feed_url=url, replaced=replaced)
    # Shown this once: no copy may stay in a cache.
    return page, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.post("/settings/private-feed/off")
@login_required
def turn_off():
    if private_feeds.turn_off(current_user):
        db.session.commit()
        security_log.record("private_feed.turned_off", user_id=current_user.id)
        flash("Your private feed is off. Its address no longer works.", "success")
    else:
        flash("You had no private feed.", "info")
    return redirect(url_for("settings.index", _anchor="private-feed"))
