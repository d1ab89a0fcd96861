"""How large a request body may be: small for every ordinary form, larger where staff write.

The app-wide limit is `MAX_CONTENT_LENGTH` (64 KB): enough for any reader's form, and a
bigger body gets the friendly 413 page without being read. A view or blueprint marked with
`accepts_body(max_bytes)` takes up to `max_bytes` from signed-in staff only, so a visitor can
never make the server read a large body on its way to being refused.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, Flask, current_app, request
from flask_login import current_user

from config import FORM_MAX_BYTES

MARK = "max_body_bytes"
# An article with long sections and its source's abstract, as typed by staff.
EDITOR_FORM_MAX_BYTES = 1024 * 1024
Target = TypeVar("Target", Callable, Blueprint)


def accepts_body(max_bytes: int) -> Callable[[Target], Target]:
    """Let staff send up to `max_bytes` to this view, or to every view of this blueprint."""

    def mark(target: Target) -> Target:
        setattr(target, MARK, max_bytes)
        return target

    return mark


def upload_limit(file_max_bytes: int) -> int:
    """The body limit of a form that carries a file of up to `file_max_bytes`."""
    return file_max_bytes + FORM_MAX_BYTES


def declared_limit() -> int | None:
    """The largest limit the matched view or any blueprint around it declares, if any."""
    view = current_app.view_functions.get(request.endpoint or "")
    marked = [view, *(current_app.blueprints.get(name) for name in request.blueprints)]
    limits = [getattr(target, MARK) for target in marked if hasattr(target, MARK)]
    return max(limits, default=None)


def _apply_declared_limit() -> None:
    limit = declared_limit()
    if limit and current_user.is_authenticated and current_user.is_staff:
        request.max_content_length = limit
        request.max_form_memory_size = limit


def init_app(app: Flask) -> None:
    """Register the limit check; call it before anything that reads the body (CSRF)."""
    app.before_request(_apply_declared_limit)
