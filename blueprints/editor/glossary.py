"""The glossary in the editor: staff who write summaries add, change and remove terms."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from blueprints.forms import attempt
from blueprints.staff import requires
from models import GlossaryTerm, db
from services import glossary, staff

bp = Blueprint("glossary", __name__, url_prefix="/glossary")


class TermForm(FlaskForm):
    """The shape only: `glossary.save_term` checks every rule and names each bad field."""

    term = StringField("Word or phrase")
    slug = StringField(
        "Web address",
        description="The end of the entry's address, like b-cell. Leave it empty to make one "
        "from the word.",
    )
    definition = TextAreaField(
        "Plain definition", description=glossary.DEFINITION_HINT, render_kw={"rows": 4}
    )
    aliases = StringField("Other forms of the word", description=glossary.ALIASES_HINT)

    def values(self) -> glossary.TermInput:
        return glossary.TermInput(
            term=self.term.data or "",
            slug=self.slug.data or "",
            definition=self.definition.data or "",
            aliases=glossary.split_aliases(self.aliases.data),
        )


def _form_data(term: GlossaryTerm) -> dict:
    fields = {"term": term.term, "slug": term.slug, "definition": term.definition}
    return {**fields, "aliases": ", ".join(term.aliases)}


def _submit(form: TermForm, current: GlossaryTerm | None, done: str):
    """Save a valid form and go back to the list, or show it again with every message."""
    if form.validate_on_submit():
        term = attempt(form, lambda: glossary.save_term(form.values(), current))
        if term is not None:
            db.session.commit()
            flash(done.format(term.term), "success")
            return redirect(url_for(".index"))
    page = render_template("editor/glossary/form.html", form=form, term=current)
    return page, 422 if form.errors else 200


@bp.get("")
@requires(staff.WRITE)
def index():
    return render_template("editor/glossary/index.html", terms=glossary.terms())


@bp.route("/new", methods=["GET", "POST"])
@requires(staff.WRITE)
def new():
    return _submit(TermForm(), None, "“{}” is now in the glossary.")


@bp.route("/<id:term_id>", methods=["GET", "POST"])
@requires(staff.WRITE)
def edit(term_id: int):
    term = glossary.get_term(term_id) or abort(404)
    return _submit(TermForm(data=_form_data(term)), term, "“{}” was saved.")


@bp.post("/<id:term_id>/delete")
@requires(staff.WRITE)
def delete(term_id: int):
    term = glossary.get_term(term_id) or abort(404)
    glossary.delete_term(term)
    db.session.commit()
    flash(f"“{term.term}” was removed from the glossary.", "success")
    return redirect(url_for(".index"))
