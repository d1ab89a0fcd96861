"""Which reading-comfort choices a page is drawn with, and keeping new ones.

A signed-in reader's account holds them; a visitor's browser holds them in a cookie, which
also mirrors the account's after logging in, so the page looks the same once logged out.
Templates read `comfort` (a services.comfort.Comfort); base.html puts its classes on <html>,
so the page comes styled from the server, with or without JavaScript.
"""

from datetime import timedelta

from flask import Flask, current_app, g, request
from flask_login import current_user
from werkzeug.wrappers import Response

from models import User
from models.comfort import CHOICES
from services import comfort as comfort_service
from services import security_log
from services.comfort import Comfort

COOKIE_NAME = "plainly_comfort"
COOKIE_MAX_AGE = timedelta(days=365)


def current() -> Comfort:
    """The choices of this request: the account's when signed in, else the cookie's."""
    if "comfort" not in g:
        if current_user.is_authenticated:
            g.comfort = comfort_service.of_user(current_user)
        else:
            g.comfort = comfort_service.from_cookie(request.cookies.get(COOKIE_NAME))
    return g.comfort


def _remember_in_cookie(comfort: Comfort) -> None:
    g.comfort = g.comfort_cookie = comfort


def keep(comfort: Comfort) -> None:
    """Use `comfort` from now on: on the account when signed in (the caller commits), and in
    this browser's cookie either way."""
    if current_user.is_authenticated and (fields := comfort_service.save(current_user, comfort)):
        security_log.record("settings.reading_changed", user_id=current_user.id, fields=fields)
    _remember_in_cookie(comfort)


def logged_in(user: User, method: str) -> None:
    """After logging in the account's choices win and the cookie follows them; a reader who
    has just signed up keeps what they chose as a visitor, copied onto the new account."""
    if method == "signup":
        chosen = comfort_service.from_cookie(request.cookies.get(COOKIE_NAME))
        if not chosen.is_default and (fields := comfort_service.save(user, chosen)):
            security_log.record("settings.reading_copied", user_id=user.id, fields=fields)
    _remember_in_cookie(comfort_service.of_user(user))


def _write_cookie(response: Response) -> Response:
    comfort = g.pop("comfort_cookie", None)
    if comfort is not None:
        response.set_cookie(
            COOKIE_NAME,
            comfort_service.to_cookie(comfort),
            max_age=COOKIE_MAX_AGE,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
            samesite="Lax",
        )
    return response


def register(app: Flask) -> None:
    app.after_request(_write_cookie)
    app.context_processor(lambda: {"comfort": current()})
    app.add_template_global(CHOICES, "comfort_choices")
