"""The links in the page's head, the site header and the footer's links, rendered once per
process for each state.

Every page draws the same head links, header and footer links around its own content, and
drawing them was about a tenth of a list page's time (bench/RESULTS.md). What they show
depends only on the reader's comfort choices (the head's stylesheets), the endpoint (which
link is the current page), whether the reader is signed in and staff, the chosen text size,
and, for the footer, which About page this is: the key of a kept part is all of these
values, so nothing needs invalidating. The page's CSRF token, the address the small forms
come back to and the "Report a problem with this page" link differ per request and are put
in for each page, as for the cards (blueprints/cards.py).
"""

import secrets

from flask import Flask, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from blueprints import cards
from blueprints.about import PAGES
from blueprints.comfort_choice import current as current_comfort

_ABOUT_PATHS = frozenset(page.path for page in PAGES)
# Stands for this page's "Report a problem" link in a kept footer (random per process, so
# no content can contain it).
_REPORT_MARK = f"report-mark-{secrets.token_hex(8)}"


def site_head_links() -> Markup:
    """The `head_links` macro of _site.html (icons, stylesheets of the reader's comfort
    choices, scripts) for this reader, from the cache."""
    comfort = current_comfort()
    key = ("head links", request.script_root, comfort)
    return Markup(cards.cache().rendered(key, "_site.html", "head_links", comfort))  # noqa: S704  # nosec B704


def site_header() -> Markup:
    """The `site_header` macro of _site.html for this page and reader, from the cache."""
    page, endpoint = cards.page_marks(), request.endpoint
    signed_in = current_user.is_authenticated
    is_staff = signed_in and current_user.is_staff
    text_size = current_comfort().text_size
    key = ("site header", page.script_root, endpoint, signed_in, is_staff, text_size)
    args = (endpoint, signed_in, is_staff, text_size)
    html = cards.cache().rendered(key, "_site.html", "site_header", *args)
    return cards.for_page(html, page)


def site_footer_links() -> Markup:
    """The `footer_links` macro of _site.html for this page, from the cache."""
    page, endpoint, path = cards.page_marks(), request.endpoint, request.path
    current_about = path if path in _ABOUT_PATHS else None
    key = ("footer links", page.script_root, endpoint, current_about)
    args = (endpoint, current_about, _REPORT_MARK)
    html = cards.cache().rendered(key, "_site.html", "footer_links", *args)
    report_url = str(escape(url_for("about.contact_form", page=path)))
    return Markup(str(cards.for_page(html, page)).replace(_REPORT_MARK, report_url))  # noqa: S704  # nosec B704


def register(app: Flask) -> None:
    app.add_template_global(site_head_links)
    app.add_template_global(site_header)
    app.add_template_global(site_footer_links)
