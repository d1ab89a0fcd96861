"""Banners a reader can put away: the sample-content note and the confirm-your-email reminder.

A dismissed banner stays away for the rest of the browser session (a flag in the signed
session cookie), for visitors and readers alike. Without JavaScript the small "Hide" form
posts here and comes back to the page; with it, static/js/plainly.js hides the banner in
place and the JSON answer keeps it hidden on the next pages.
"""

from flask import Blueprint, abort, session, url_for

from blueprints.navigation import redirect_back, wants_json

bp = Blueprint("banners", __name__)

# The banners that can be dismissed, by the name their forms post.
BANNERS = frozenset({"sample", "verify"})
SESSION_KEY = "dismissed_banners"


def is_dismissed(name: str) -> bool:
    """Whether this browser put the banner `name` away."""
    return name in session.get(SESSION_KEY, ())


@bp.post("/banners/<name>/dismiss")
def dismiss(name: str):
    if name not in BANNERS:
        abort(404)
    if not is_dismissed(name):
        session[SESSION_KEY] = sorted({*session.get(SESSION_KEY, ()), name})
    if wants_json():
        return {"dismissed": name}
    return redirect_back(url_for("feed.index"))


@bp.app_context_processor
def banner_helpers() -> dict:
    return {"banner_dismissed": is_dismissed}
