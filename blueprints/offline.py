"""Reading offline: the web app manifest, the service worker, the offline page, and the
headers that tell the worker what it may keep and when to forget it (docs/offline.md)."""

from flask import Blueprint, current_app, g, render_template, request, send_from_directory, url_for
from werkzeug.wrappers import Response

from blueprints.offline_pages import current_key
from services import offline

bp = Blueprint("offline", __name__)

THEME_COLOR = "#1f4e8c"
BACKGROUND_COLOR = "#fcfbf8"
ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
)


@bp.get("/manifest.webmanifest")
def manifest():
    icons = [
        {"src": url_for("static", filename=path), "sizes": size, "type": "image/png", "purpose": p}
        for path, size, p in ICONS
    ]
    body = {
        "name": "Plainly: MS, NMOSD and MOGAD research in plain language",
        "short_name": "Plainly",
        "description": "Medical research explained in plain language.",
        "start_url": url_for("feed.index"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    return current_app.response_class(
        current_app.json.dumps(body), mimetype="application/manifest+json"
    )


@bp.get("/sw.js")
def worker():
    """The worker lives at the root so that its scope is the whole site."""
    response = send_from_directory(current_app.static_folder, "js/sw.js", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    # Browsers check for a new worker on every visit; never let a cache answer for it.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def page():
    return render_template("offline.html")


@bp.app_context_processor
def offline_key():
    return {"offline_key": current_key()}


@bp.after_app_request
def _mark_offline_pages(response: Response) -> Response:
    if request.endpoint in offline.SIGN_OUT_ENDPOINTS and response.status_code == 302:
        response.headers["Clear-Site-Data"] = offline.CLEAR_SITE_DATA
        return response
    saved_article = bool(g.get("offline_saved_article"))
    keep = response.status_code == 200 and offline.may_keep(request.endpoint, saved_article)
    if keep and (key := current_key()):
        response.headers[offline.OFFLINE_HEADER] = key
    return response
