"""Friendly error pages. Nothing a reader types should ever end in a bare server error."""

from flask import Flask, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    RequestEntityTooLarge,
    SecurityError,
)

from models import db
from services.mail import base_url_adapter

MESSAGES = {
    400: ("Something was wrong with that request", "Please go back and try again."),
    403: ("You can't open this page", "This page belongs to another account."),
    404: (
        "We can't find that page",
        "The link may be old or mistyped. You can browse topics or go back to your feed.",
    ),
    405: ("That didn't work", "This page can't be used that way. Please go back and try again."),
    410: (
        "This page has been withdrawn",
        "It is no longer available. You can browse topics or go back to your feed.",
    ),
    413: (
        "That file is too large",
        "What you sent is larger than this site accepts. Please send a smaller file, "
        "or split it into parts.",
    ),
    429: ("Please slow down", "Too many tries in a short time. Wait a minute, then try again."),
    500: (
        "Something went wrong on our side",
        "It is not your fault. Please try again in a moment.",
    ),
}


def _page(code: int, title: str, message: str):
    return render_template("errors.html", code=code, title=title, message=message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        return _page(
            400,
            "This form has expired",
            "For your safety, forms stop working after a while or when cookies are off. "
            "Please go back, reload the page and try again.",
        )

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error: RequestEntityTooLarge):
        # The body was refused unread; the page's own small forms must not try to read it.
        request.form, request.files = ImmutableMultiDict(), ImmutableMultiDict()
        return _page(413, *MESSAGES[413])

    @app.errorhandler(SecurityError)
    def untrusted_host(_error: SecurityError):
        # The Host header names a site outside TRUSTED_HOSTS, so Flask bound no URLs to the
        # request: the page's links are built from BASE_URL instead.
        if request_ctx.url_adapter is None:
            request_ctx.url_adapter = base_url_adapter()
        return _page(400, *MESSAGES[400])

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        title, message = MESSAGES.get(error.code or 500, (error.name, error.description or ""))
        # abort(403, description="...") tells the reader why a page is closed to them. Other
        # errors keep their calm text (a rate limit's description is the limit itself).
        if error.code == 403 and error.description != type(error).description:
            message = error.description
        return _page(error.code or 500, title, message)

    @app.errorhandler(InternalServerError)
    def server_error(_error: InternalServerError):
        db.session.rollback()
        return _page(500, *MESSAGES[500])
