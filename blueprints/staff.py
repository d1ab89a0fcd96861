"""Guards for the editor: only staff open /editor, and each action needs its permission."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from extensions import login_manager
from services import staff


def require_staff():
    """`before_request` of the editor: visitors log in, readers get a 403 page."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_staff:
        abort(403)
    return None


def requires(permission: str) -> Callable:
    """A view only staff with `permission` (staff.WRITE, REVIEW, ADMIN or STAFF) may use."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not staff.can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        guarded.permission = permission
        return guarded

    return decorate
