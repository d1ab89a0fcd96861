"""Two pages for the page benchmarks (bench/pages.py), registered only with BENCH_ROUTES.

They bound what the signed-in feed page could serve per second, measured in the same run:

- /_bench/feed-bytes, the stack limit: a request that goes through everything the feed's
  does (session, loading the reader, every before/after-request hook, headers) and answers
  with the feed page's bytes, captured once per process and reader.
- /_bench/feed-template, the template limit: feed/index.html rendered again, with the
  context processors of every page, from the context the real page was rendered with
  (captured once per process and reader through `flask.template_rendered`).

config.py refuses the setting in production mode.
"""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, make_response, render_template, template_rendered
from flask_login import current_user, login_required

from models import db

bp = Blueprint("bench", __name__, url_prefix="/_bench")

FEED_ENDPOINT = "feed.index"
FEED_TEMPLATE = "feed/index.html"
KEY = "plainly.bench"


@dataclass(frozen=True)
class Capture:
    body: bytes
    # What the feed view passed to its template (the context processors' part left out).
    context: dict[str, Any]


def _capture() -> Capture:
    app = current_app._get_current_object()
    seen: list[dict[str, Any]] = []

    def record(_sender, template, context, **_extra) -> None:
        if template.name == FEED_TEMPLATE:
            seen.append(dict(context))

    # The view commits after rendering; nothing it loaded may expire then, and the captured
    # objects leave the session loaded, so later requests render them without SQL.
    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        with template_rendered.connected_to(record, app):
            response = make_response(app.view_functions[FEED_ENDPOINT]())
    finally:
        session.expire_on_commit = expire_on_commit
    session.expunge_all()
    per_request: dict[str, Any] = {}
    app.update_template_context(per_request)
    context = {name: value for name, value in seen[0].items() if name not in per_request}
    return Capture(response.get_data(), context)


def captured() -> Capture:
    """The signed-in reader's feed page, captured on this process's first request for it."""
    store = current_app.extensions.setdefault(KEY, {})
    if (found := store.get(current_user.id)) is None:
        found = store[current_user.id] = _capture()
    return found


@bp.get("/feed-bytes")
@login_required
def feed_bytes():
    return make_response(captured().body)


@bp.get("/feed-template")
@login_required
def feed_template():
    return render_template(FEED_TEMPLATE, **captured().context)
