"""Guards for the editor: only staff open /editor, and each action needs its permission.

Staff also need a confirmed email address and two-step sign-in before any editor page opens:
an editor account can publish medical information, so a password alone is not enough.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from extensions import login_manager
from services import staff

STAFF_ONLY = "This page is for Plainly's editorial staff. Your reading account works as usual."
NOT_YOUR_ROLE = (
    "Your staff role does not include this. If you need it, ask an admin to change your role."
)
CONFIRM_EMAIL_FIRST = (
    "Please confirm your email address before you open the editor: use the link we sent you, "
    "or ask for a new one here."
)
TURN_ON_TWO_STEP = (
    "To open the editor, turn on two-step sign-in first. It takes a minute with an "
    "authenticator app on your phone."
)


def require_staff():
    """`before_request` of the editor: visitors log in, readers get a 403 page, and staff
    without a confirmed address or two-step sign-in are sent to set them up."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_staff:
        abort(403, description=STAFF_ONLY)
    if not current_user.is_verified:
        flash(CONFIRM_EMAIL_FIRST, "info")
        return redirect(url_for("settings.index"))
    if not current_user.has_two_step:
        flash(TURN_ON_TWO_STEP, "info")
        return redirect(url_for("settings.index", _anchor="two-step"))
    return None


def requires(permission: str) -> Callable:
    """A view only staff with `permission` (staff.STAFF, WRITE, REVIEW or ADMIN) may use."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not staff.can(current_user, permission):
                abort(403, description=NOT_YOUR_ROLE)
            return view(*args, **kwargs)

        guarded.permission = permission
        return guarded

    return decorate
