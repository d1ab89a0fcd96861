"""Writing articles: the list, creating and editing, the article's overview and preview."""

from flask import Blueprint, render_template, request

import blueprints.editor.article_form as forms
from blueprints.article_page import render_article_page
from blueprints.editor.views import (
    article_form,
    article_or_404,
    committed,
    overview,
    reading_panel,
    save,
    sections_of,
)
from blueprints.staff import requires
from services import editor_lists, editorial, staff

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("")
@requires(staff.STAFF)
def index():
    form = forms.ListFilterForm(request.args)
    form.offer(editor_lists.all_topics(), editor_lists.staff_members())
    form.validate()
    page = editor_lists.article_list(
        **form.criteria(), before=editor_lists.Cursor.decode(request.args.get("before"))
    )
    return render_template("editor/articles.html", form=form, page=page, state=editorial.state)


@bp.route("/new", methods=["GET", "POST"])
@requires(staff.WRITE)
def new():
    form = article_form(None)
    if form.is_submitted() and (article := save(form, None)):
        return committed(article, "Draft saved.", "editor.articles.edit")
    return _edit_page(form, None)


@bp.route("/<id:article_id>/edit", methods=["GET", "POST"])
@requires(staff.WRITE)
def edit(article_id: int):
    article = article_or_404(article_id)
    form = article_form(article)
    if form.is_submitted() and save(form, article):
        return committed(article, "Saved.", "editor.articles.edit")
    return _edit_page(form, article)


def _edit_page(form: forms.ArticleForm, article):
    panel = reading_panel({name: form[name].data for name in sections_of()})
    page = render_template("editor/edit.html", form=form, article=article, panel=panel)
    return page, 422 if form.errors else 200


@bp.post("/readability")
@requires(staff.WRITE)
def readability():
    """The readability panel for the posted text, for static/js/editor.js while typing."""
    form = forms.ArticleForm()
    panel = reading_panel({name: form[name].data for name in sections_of()})
    return render_template("editor/_panel.html", panel=panel)


@bp.get("/<id:article_id>")
@requires(staff.STAFF)
def show(article_id: int):
    return overview(article_or_404(article_id))


@bp.get("/<id:article_id>/preview")
@requires(staff.STAFF)
def preview(article_id: int):
    article = article_or_404(article_id)
    return render_article_page(article, preview=True)
