"""View helpers the editor's areas share (no blueprint here)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

import blueprints.editor.article_form as forms
from blueprints.editor.article_form import ArticleForm
from blueprints.forms import show_errors
from models import Article, db
from services import authoring, editor_lists, editorial, glossary, readability, staff
from services.errors import DomainError

FIELD_NAMES = {"questions": "question_1"}


def article_or_404(article_id: int) -> Article:
    return authoring.get_for_edit(article_id) or abort(404)


def article_form(article: Article | None) -> ArticleForm:
    form = ArticleForm()
    form.offer_topics(editor_lists.all_topics(), article)
    if article is not None and not form.is_submitted():
        form.fill(article)
    return form


def save(form: ArticleForm, article: Article | None) -> Article | None:
    """Validate and save; every message (shape and rules) lands on the form at once."""
    values = form.values()
    shape_ok = form.validate()
    try:
        if not shape_ok:
            raise DomainError(authoring.problems(article, values, form.update_note.data))
        return authoring.save_article(article, values, current_user, form.update_note.data)
    except DomainError as error:
        # The three question boxes share the service's one "questions" rule.
        named = {FIELD_NAMES.get(k, k): v for k, v in error.errors.items()}
        fresh = {k: v for k, v in named.items() if not (k in form and form[k].errors)}
        show_errors(form, DomainError(fresh))
        return None


def sections_of() -> tuple[str, ...]:
    """The sections the readability panel measures."""
    return tuple(readability.SECTIONS)


def reading_panel(sections: dict[str, str]) -> list[readability.Reading]:
    return readability.panel(sections, glossary.known_words())


def committed(article: Article, message: str, endpoint: str = "editor.articles.show"):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, article_id=article.id))


def overview(article: Article, failed: FlaskForm | None = None):
    """The article's page in the editor: state, missing fields, readability and its steps.

    `failed` is a step's form that was refused: its messages are shown, with status 422.
    """
    page = render_template(
        "editor/article.html",
        article=article,
        state=editorial.state(article),
        missing=editorial.missing_fields(article),
        panel=reading_panel({name: getattr(article, name) for name in sections_of()}),
        may=lambda permission: staff.can(current_user, permission),
        staff=staff,
        forms=forms,
        failed=failed,
    )
    return page, 422 if failed is not None else 200


def refused(article: Article, form: FlaskForm):
    """A workflow step that did not happen: the overview with the form's messages."""
    return overview(article, form)
