"""URL helpers every blueprint shares: row ids, on-site redirects, the topic filter, and
whether a small form was sent by script (which wants JSON back)."""

from urllib.parse import urlsplit

from flask import abort, redirect, request
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from models import Topic
from models.base import MAX_ROW_ID
from services import topics


def here() -> str:
    """This page's path and query: where its small forms come back to (`next`)."""
    return request.full_path.rstrip("?")


class RowIdConverter(IntegerConverter):
    """`<id:name>` in a route: a row id. Anything larger than a stored id is simply not found."""

    def __init__(self, map, **kwargs):
        super().__init__(map, min=1, max=MAX_ROW_ID, **kwargs)


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, otherwise None."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(c in target for c in "\\\r\n\t") or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def redirect_back(default: str) -> Response:
    """Go back to the page a small form came from (its `next` field), or `default`."""
    return redirect(safe_next(request.form.get("next")) or default)


def wants_json() -> bool:
    """Enhanced buttons and forms (static/js) ask for JSON; plain forms get a redirect."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def topic_filter() -> Topic | None:
    """The topic named by `?topic=<slug>`, None without one; an unknown slug is a 404."""
    slug = request.args.get("topic")
    return (topics.get_topic(slug) or abort(404)) if slug else None


def shown_muted_topic() -> Topic | None:
    """The topic named by `?show=<slug>`: a muted topic the reader chose to see on this page.

    An unknown slug shows nothing extra rather than failing the page.
    """
    slug = request.args.get("show")
    return topics.get_topic(slug) if slug else None
