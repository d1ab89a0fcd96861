"""Jinja filters and globals shared by every page."""

import re
from collections.abc import Callable
from datetime import datetime

from flask import Flask, current_app, has_request_context, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from blueprints.navigation import here
from models.article import STATUSES
from models.user import Role
from services import evidence, markup
from services.slugs import SLUG

_BLANK_LINES = re.compile(r"\n\s*\n")
# A valid slug, so the route's converter leaves it as it is and it can be found again.
_SLUG_MARK = "slug-mark-7f3a"


def paragraphs(text: str) -> list[str]:
    """Split plain text on blank lines; the template escapes each paragraph."""
    return [p.strip() for p in _BLANK_LINES.split(text or "") if p.strip()]


def _kept_url(key: tuple, build: Callable[[], object]):
    """A link (or a link's two halves) built once per process, under a `key` that starts
    with the script root: links only change with it."""
    urls = current_app.extensions.setdefault("plainly.kept_urls", {})
    if (found := urls.get(key)) is None:
        found = urls[key] = build()
    return found


def slug_url(endpoint: str, slug: str, name: str = "slug") -> str:
    """`url_for(endpoint, **{name: slug})`, built once per process, endpoint and name.

    A list page links each of its articles and topics to a few endpoints that differ only in
    the slug (a path part, or a query value such as a filter's `topic`): the URL is built once
    around a marker and the slug put in its place. Routing (SCRIPT_NAME, proxies) is
    url_for's as before; a slug that is not in the plain slug form, which a converter or the
    query string might quote, goes through url_for itself.
    """
    if not SLUG.fullmatch(slug):
        return url_for(endpoint, **{name: slug})
    start, end = _kept_url(
        (request.script_root, endpoint, name, _SLUG_MARK),
        lambda: tuple(url_for(endpoint, **{name: _SLUG_MARK}).split(_SLUG_MARK)),
    )
    return start + slug + end


def long_date(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def first_block(html: Markup) -> Markup:
    """The first paragraph of a section's sanitized HTML (the short version of an article)."""
    # Safe: a prefix of stored, sanitized HTML that ends where its first element closes.
    return Markup(markup.first_block(str(html)))  # noqa: S704  # nosec B704


def status_label(status: str | None) -> str:
    """An article's workflow state in words ("In review"), or a dash for none."""
    return STATUSES.get(status, status) if status else "—"


def page_url_for(endpoint: str, **values) -> str:
    """The templates' `url_for`. A link that takes no values, or only a static file's name
    (the navigation, stylesheets, scripts), is built once per process and script root: every
    page has some thirty. Anything else is url_for's."""
    if not has_request_context() or endpoint.startswith(".") or values.keys() - {"filename"}:
        return url_for(endpoint, **values)
    key = (request.script_root, endpoint, values.get("filename"))
    return _kept_url(key, lambda: url_for(endpoint, **values))


@pass_context
def page_has_form_errors(context: Context) -> bool:
    """True when a form the page was given (directly, or in a dict of forms) has errors: the
    page title then starts with "Error: ", so a screen reader says so first. The app's
    template globals (some 150) hold no form and are passed over."""
    kept = context.environment.globals
    for name, value in context.get_all().items():
        if kept.get(name) is value:
            continue
        forms = value.values() if isinstance(value, dict) else (value,)
        if any(isinstance(form, FlaskForm) and form.errors for form in forms):
            return True
    return False


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_filter(paragraphs)
    app.add_template_filter(long_date)
    app.add_template_filter(status_label)
    app.add_template_filter(first_block)
    app.add_template_global(slug_url)
    app.add_template_global(page_url_for, "url_for")
    app.add_template_global(evidence.level_of, "evidence_level")
    app.add_template_global(evidence.is_older_study, "is_older_study")
    app.add_template_global(evidence.citation, "citation")
    app.add_template_global(evidence.condition_team, "condition_team")
    app.add_template_global(evidence.LADDER, "evidence_ladder")
    app.add_template_global(page_has_form_errors)

    @app.context_processor
    def page_helpers():
        return {
            "here": here(),
            "reader_role": current_user.role if current_user.is_authenticated else None,
            "Role": Role,
        }
