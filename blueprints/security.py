"""Security headers on every response, and the rate limits for the account and feedback forms."""

from flask import Flask, abort, current_app, request
from flask_login import current_user
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Reading about a health condition is private: never tell other sites which page linked them.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def auth_limit() -> str:
    """Limit for POSTs to sign-up, log-in and other account forms (per client address)."""
    return current_app.config["AUTH_RATE_LIMIT"]


def feedback_limit() -> str:
    """Limit for "Was this page helpful?" answers (per client address)."""
    return current_app.config["FEEDBACK_RATE_LIMIT"]


def contact_limit() -> str:
    """Limit for messages sent through the contact form (per client address)."""
    return current_app.config["CONTACT_RATE_LIMIT"]


def _secure_headers(response: Response) -> Response:
    # A view may set its own policy (for example an email preview with inline styles).
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("PRODUCTION"):
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    if is_private_page():
        # Nothing an account or a link's token opens may be kept by a browser or a proxy.
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


# Stylesheets and scripts stay cacheable; the private Atom feed sets "private, no-cache"
# itself, so feed apps may keep it and ask again with its ETag, while no shared cache stores it.
OWN_CACHE_RULES = frozenset({"static", "feeds.private"})


def is_private_page() -> bool:
    """A page for a signed-in reader, or one opened by a token in its address (reset,
    confirm, unsubscribe, share and digest links). Stylesheets and scripts stay cacheable."""
    if request.endpoint in OWN_CACHE_RULES:
        return False
    has_token = "token" in (request.view_args or {})
    return has_token or bool(current_user and current_user.is_authenticated)


def _refuse_nul_characters() -> None:
    """No text a person types holds a NUL character, and PostgreSQL refuses to store one:
    such a request is malformed, so it gets a 400 page before it reaches any view."""
    values = [request.path, *request.args.values()]
    if request.method == "POST" and request.mimetype != "application/json":
        values += request.form.values()
    if any("\x00" in value for value in values):
        abort(400)


def register(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
    app.after_request(_secure_headers)
