"""Who we are: how Plainly works, its policies, privacy, accessibility, and the contact form."""

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from blueprints.forms import ContactForm, attempt
from blueprints.security import contact_limit
from extensions import limiter
from models import db
from models.contact import CONTACT_PAGE_MAX_LENGTH
from services import contact


@dataclass(frozen=True)
class AboutPage:
    endpoint: str
    path: str
    title: str
    # When the text was last checked against what the site does. Change it with the text.
    reviewed: date


# Every "Who we are" page, in footer order: the one place their review dates are kept.
PAGES: tuple[AboutPage, ...] = (
    AboutPage("index", "/about", "About Plainly", date(2026, 12, 1)),
    AboutPage(
        "how_we_work", "/about/how-we-work", "How we write and review summaries", date(2026, 12, 1)
    ),
    AboutPage(
        "editorial_policy",
        "/about/editorial-policy",
        "Editorial policy and conflicts of interest",
        date(2026, 12, 1),
    ),
    AboutPage("privacy", "/about/privacy", "Privacy", date(2026, 12, 1)),
    AboutPage(
        "accessibility", "/about/accessibility", "Accessibility statement", date(2026, 12, 1)
    ),
    AboutPage("contact_form", "/contact", "Contact us or report a problem", date(2026, 12, 1)),
)
BY_ENDPOINT = {page.endpoint: page for page in PAGES}

bp = Blueprint("about", __name__)
bp.add_app_template_global(PAGES, "about_pages")


def _show(page: AboutPage):
    def view():
        return render_template(f"about/{page.endpoint}.html", page=page)

    view.__name__ = page.endpoint
    return view


# The contact page has views of its own, below.
for _page in (page for page in PAGES if page.endpoint != "contact_form"):
    bp.add_url_rule(_page.path, view_func=_show(_page))


def _contact_page(form: ContactForm, status: int = 200):
    page = BY_ENDPOINT["contact_form"]
    return render_template("about/contact.html", page=page, form=form), status


@bp.get("/contact")
def contact_form():
    about = request.args.get("page", "")[:CONTACT_PAGE_MAX_LENGTH]
    form = ContactForm(topic=request.args.get("topic"), page=about)
    return _contact_page(form)


@bp.post("/contact")
@limiter.limit(contact_limit)
def send() -> Response | tuple:
    form = ContactForm()
    if form.validate_on_submit() and attempt(form, lambda: contact.submit(**form.values())):
        db.session.commit()
        return redirect(url_for(".thanks"))
    return _contact_page(form, 422)


@bp.get("/contact/thanks")
def thanks():
    return render_template("about/thanks.html", page=BY_ENDPOINT["contact_form"])
