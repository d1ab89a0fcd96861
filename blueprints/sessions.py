"""How long a login lasts: an idle timeout and an absolute lifetime, checked on the server.

The session holds when the reader logged in (`login_at`) and when they were last seen
(`seen_at`), as Unix seconds. A session not used for SESSION_IDLE_MINUTES ends, unless the
reader chose "Keep me logged in" on this device; every session ends SESSION_MAX_DAYS after
its login, remembered or not. An ended session is signed out with a calm message and sent
to log in again. A remembered login keeps its session cookie for SESSION_MAX_DAYS, so
closing the browser does not restart the clock; the remember-me cookie
(REMEMBER_COOKIE_DURATION) lasts 30 days and is renewed on every visit.

Flask-Login's own REMEMBER_COOKIE_REFRESH_EACH_REQUEST would set a remember-me cookie for
every login, also when "Keep me logged in" was left unticked; so it stays off and the
cookie is renewed here, for remembered logins only.
"""

from datetime import timedelta

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from blueprints.navigation import here
from models import User
from models.base import utcnow
from services import security_log
from services.account_changes import Secured

LOGIN_AT, SEEN_AT, REMEMBERED = "login_at", "seen_at", "remembered"
# `seen_at` is rewritten at most this often, so not every page view sends a new cookie.
SEEN_RESOLUTION = 60

DEFAULTS = {
    "SESSION_IDLE_MINUTES": 30,
    "SESSION_MAX_DAYS": 30,
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
}


def _now() -> int:
    return int(utcnow().timestamp())


def begin(user: User, remember: bool = False) -> None:
    """Log `user` in on this browser and start the clocks of a new session."""
    login_user(user, remember=remember)
    now = _now()
    session.update({LOGIN_AT: now, SEEN_AT: now, REMEMBERED: bool(remember)})
    session.permanent = bool(remember)


def keep_signed_in(user: User) -> None:
    """After the account's session token changed: keep this browser signed in (a new
    remember-me cookie too, when it had one), with the clocks of its session unchanged."""
    login_user(user, remember=bool(session.get(REMEMBERED)))


def sign_out() -> None:
    """Sign this browser out: the session and the remember-me cookie go."""
    # Clear first: logout_user() leaves a note in the session to delete the remember-me
    # cookie, and clearing afterwards would drop that note and log the reader back in.
    session.clear()
    logout_user()


def flash_secured(done: Secured) -> None:
    """Tell the reader which share links a step that secured the account turned off."""
    if done.message:
        flash(done.message, "info")


def _expired(now: int) -> str | None:
    """Why the current session has ended, or None while it is still good."""
    config = current_app.config
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        # Restored from a remember-me cookie (or begun before these clocks existed).
        remembered = config["REMEMBER_COOKIE_NAME"] in request.cookies
        session.update({LOGIN_AT: now, SEEN_AT: now, REMEMBERED: remembered})
        session.permanent = remembered
        return None
    if now - login_at > int(config["SESSION_MAX_DAYS"]) * 86400:
        return "max_age"
    idle_minutes = int(config["SESSION_IDLE_MINUTES"])
    if not session.get(REMEMBERED) and now - seen_at > idle_minutes * 60:
        return "idle"
    return None


MESSAGES = {
    "idle": "You were logged out because the page was not used for {idle} minutes. "
    "This keeps your account safe. Please log in again.",
    "max_age": "For your safety we ask you to log in again every {days} days. Please log in again.",
}


def _check_session():
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = _now()
    reason = _expired(now)
    if reason is None:
        if now - session[SEEN_AT] >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
        if session.get(REMEMBERED):
            session["_remember"] = "set"  # Flask-Login renews the cookie after the request
        return None
    security_log.record("session.expired", user_id=current_user.id, reason=reason)
    sign_out()
    config = current_app.config
    message = MESSAGES[reason].format(
        idle=config["SESSION_IDLE_MINUTES"], days=config["SESSION_MAX_DAYS"]
    )
    flash(message, "info")
    back = here() if request.method == "GET" else None
    return redirect(url_for("auth.login", next=back))


def register(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("REMEMBER_COOKIE_NAME", "remember_token")
    app.config["REMEMBER_COOKIE_REFRESH_EACH_REQUEST"] = False
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=int(app.config["SESSION_MAX_DAYS"]))
    app.before_request(_check_session)
