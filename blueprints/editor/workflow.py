"""The workflow of one article: its steps (submit, review, publish…) and its history."""

from datetime import UTC, datetime, time

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

import blueprints.editor.article_form as forms
from blueprints.editor.views import article_or_404, committed, refused
from blueprints.forms import attempt
from blueprints.staff import requires
from services import editorial, revisions, staff

bp = Blueprint("workflow", __name__, url_prefix="/articles")


def _step(article_id: int, form_class, action, done: str):
    """Run one transition for a posted form; refused steps go back with the message.

    Each step's form is prefixed with its view's name, so the overview's fields have ids
    of their own (`submit-comment`, `publish-publish_at`).
    """
    article = article_or_404(article_id)
    form = form_class(prefix=request.endpoint.rsplit(".", 1)[-1])
    if form.validate_on_submit() and attempt(form, lambda: action(article, form)):
        return committed(article, done)
    return refused(article, form)


@bp.post("/<id:article_id>/submit")
@requires(staff.WRITE)
def submit(article_id: int):
    def act(article, form):
        return editorial.submit(article, current_user, form.comment.data)

    return _step(article_id, forms.CommentForm, act, "Sent for review.")


@bp.post("/<id:article_id>/request-changes")
@requires(staff.REVIEW)
def request_changes(article_id: int):
    def act(article, form):
        return editorial.request_changes(article, current_user, form.comment.data)

    return _step(article_id, forms.CommentForm, act, "Sent back to the writer.")


@bp.post("/<id:article_id>/approve")
@requires(staff.REVIEW)
def approve(article_id: int):
    def act(article, form):
        return editorial.approve(article, current_user, form.comment.data)

    return _step(article_id, forms.CommentForm, act, "Approved.")


@bp.post("/<id:article_id>/publish")
@requires(staff.REVIEW)
def publish(article_id: int):
    def act(article, form):
        at = form.publish_at.data
        return editorial.publish(article, current_user, at and at.replace(tzinfo=UTC))

    return _step(article_id, forms.PublishForm, act, "Published or scheduled.")


@bp.post("/<id:article_id>/unpublish")
@requires(staff.REVIEW)
def unpublish(article_id: int):
    def act(article, form):
        return editorial.unpublish(article, current_user, form.comment.data)

    return _step(article_id, forms.UnpublishForm, act, "Unpublished.")


@bp.post("/<id:article_id>/reopen")
@requires(staff.WRITE)
def reopen(article_id: int):
    def act(article, form):
        return editorial.reopen(article, current_user, form.comment.data)

    return _step(article_id, forms.CommentForm, act, "Back to draft.")


@bp.post("/<id:article_id>/review-due")
@requires(staff.REVIEW)
def review_due(article_id: int):
    def act(article, form):
        due = form.due.data and datetime.combine(form.due.data, time(9), tzinfo=UTC)
        return editorial.set_review_due(article, current_user, due)

    return _step(article_id, forms.ReviewDueForm, act, "Review date set.")


@bp.get("/<id:article_id>/history")
@requires(staff.STAFF)
def history(article_id: int):
    article = article_or_404(article_id)
    return render_template(
        "editor/history.html",
        article=article,
        events=revisions.events_of(article.id),
        revisions=revisions.revisions_of(article.id),
    )


@bp.get("/<id:article_id>/revisions/<id:revision_id>")
@requires(staff.STAFF)
def revision(article_id: int, revision_id: int):
    article = article_or_404(article_id)
    found = revisions.get_revision(article.id, revision_id) or abort(404)
    return _revision_page(article, found, forms.NoteForm())


@bp.post("/<id:article_id>/revisions/<id:revision_id>/restore")
@requires(staff.WRITE)
def restore(article_id: int, revision_id: int):
    article = article_or_404(article_id)
    found = revisions.get_revision(article.id, revision_id) or abort(404)
    form = forms.NoteForm()
    note = form.update_note.data
    if form.validate() and attempt(
        form, lambda: revisions.restore(article, found, current_user, note)
    ):
        return committed(article, "Restored, as a new revision.", "editor.workflow.history")
    return _revision_page(article, found, form)


def _revision_page(article, found, form):
    before = revisions.previous(found)
    page = render_template(
        "editor/revision.html",
        article=article,
        revision=found,
        before=before,
        diffs=revisions.compare(before.data if before else None, found.data),
        form=form,
        may_restore=staff.can(current_user, staff.WRITE),
    )
    return page, 422 if form.errors else 200
