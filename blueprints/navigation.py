"""Redirect helpers that only ever send people to pages on this site."""

from urllib.parse import urlsplit

from flask import redirect, request
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from models.base import MAX_ROW_ID


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
