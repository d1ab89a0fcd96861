"""Importing in the editor: a file of summaries as drafts, or a draft from a PubMed record."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from blueprints.body_limits import accepts_body, upload_limit
from blueprints.editor.import_forms import ImportForm, PubmedForm
from blueprints.forms import attempt
from blueprints.staff import requires
from models import db
from services import docs, imports, pubmed, staff
from services.content import ContentError

bp = Blueprint("imports", __name__, url_prefix="/import")


@bp.route("/", methods=["GET", "POST"])
@accepts_body(upload_limit(imports.MAX_BYTES))
@requires(staff.WRITE)
def upload():
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("editor/imports/upload.html", form=form), 422 if form.errors else 200
    try:
        report = imports.import_data(*form.upload(), current_user.id)
    except ContentError as error:
        db.session.rollback()
        page = render_template("editor/imports/upload.html", form=form, problems=error.problems)
        return page, 422
    db.session.commit()
    return render_template("editor/imports/done.html", report=report)


@bp.route("/pubmed", methods=["GET", "POST"])
@accepts_body(upload_limit(pubmed.MAX_BYTES))
@requires(staff.WRITE)
def from_pubmed():
    form, result = PubmedForm(), None
    if form.validate_on_submit():
        result = attempt(form, lambda: pubmed.prefill(form.record(), current_user.id))
        if result and result.created:
            db.session.commit()
            return redirect(url_for("editor.articles.edit", article_id=result.article.id))
    status = 422 if form.errors else 200
    return render_template("editor/imports/pubmed.html", form=form, existing=result), status


@bp.route("/format")
@requires(staff.WRITE)
def format_guide():
    # Safe: our own documentation, rendered with raw HTML off and cleaned by nh3.
    guide = docs.html(docs.IMPORT_FORMAT)
    return render_template("editor/imports/format.html", guide=guide)
