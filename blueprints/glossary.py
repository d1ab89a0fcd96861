"""The public glossary: every term and its plain definition on one page."""

from flask import Blueprint, abort, redirect, render_template, url_for

from services import glossary

bp = Blueprint("glossary", __name__, url_prefix="/glossary")


@bp.get("")
def index():
    terms = glossary.terms()
    return render_template(
        "glossary/index.html",
        letters=glossary.by_letter(terms),
        count=len(terms),
        letter_id=glossary.LETTER_ID_PREFIX,
        all_sample=bool(terms) and all(t.is_sample for t in terms),
        any_sample=any(t.is_sample for t in terms),
    )


@bp.get("/<slug>")
def show(slug: str):
    """A term's own address: its entry on the glossary page."""
    term = glossary.get_by_slug(slug) or abort(404)
    return redirect(url_for("glossary.index", _anchor=term.slug), 301)
