"""Topic administration for admins: create, rename, describe, place on the topics page,
archive and unarchive."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from blueprints.editor.topic_forms import DescribeForm, NewTopicForm, PlacementForm, RenameForm
from blueprints.forms import attempt
from blueprints.staff import requires
from models import Topic, db
from models.base import utcnow
from services import staff, topic_groups, topics

bp = Blueprint("topics", __name__, url_prefix="/topics")


def _topic(slug: str) -> Topic:
    return topics.get_topic(slug) or abort(404)


def _edit_page(topic: Topic, **failed):
    """The topic's page; the form that failed (`rename=form`, …) comes back with its
    messages (422), the others with the topic's values."""
    forms = {
        "rename": RenameForm(formdata=None, name=topic.name),
        "describe": DescribeForm(formdata=None, description=topic.description),
        "placement": PlacementForm(
            formdata=None, group=topic.condition_group, starter=topic.is_starter
        ),
        **failed,
    }
    page = render_template("editor/topics/edit.html", topic=topic, **forms)
    return page, 422 if failed else 200


def _done(topic: Topic, message: str, category: str = "success"):
    db.session.commit()
    flash(message.format(topic.name), category)
    return redirect(url_for(".edit", slug=topic.slug))


@bp.get("")
@requires(staff.ADMIN)
def index():
    return render_template("editor/topics/index.html", rows=topics.admin_list())


@bp.route("/new", methods=["GET", "POST"])
@requires(staff.ADMIN)
def new():
    form = NewTopicForm()
    if form.validate_on_submit() and (
        topic := attempt(form, lambda: topics.create(form.name.data, form.description.data))
    ):
        return _done(topic, "Created the topic {}. Readers can follow it now.")
    page = render_template("editor/topics/new.html", form=form)
    return page, 422 if form.errors else 200


@bp.get("/<slug>")
@requires(staff.ADMIN)
def edit(slug: str):
    return _edit_page(_topic(slug))


@bp.post("/<slug>/rename")
@requires(staff.ADMIN)
def rename(slug: str):
    topic, form = _topic(slug), RenameForm()
    if form.validate_on_submit() and attempt(form, lambda: topics.rename(topic, form.name.data)):
        return _done(topic, "The topic is now called {}.")
    return _edit_page(topic, rename=form)


@bp.post("/<slug>/describe")
@requires(staff.ADMIN)
def describe(slug: str):
    topic, form = _topic(slug), DescribeForm()
    if form.validate_on_submit() and attempt(
        form, lambda: topics.describe(topic, form.description.data)
    ):
        return _done(topic, "The description of {} is saved.")
    return _edit_page(topic, describe=form)


@bp.post("/<slug>/place")
@requires(staff.ADMIN)
def place(slug: str):
    topic, form = _topic(slug), PlacementForm()
    changed = form.validate_on_submit() and attempt(
        form,
        lambda: topic_groups.place(topic, form.group.data, form.starter.data, current_user.id),
    )
    if form.errors:
        return _edit_page(topic, placement=form)
    if not changed:
        return _done(topic, "{} stays where it was.", "info")
    where = " and in “New to this? Start here”" if topic.is_starter else ""
    return _done(topic, f"{{}} is now listed under “{topic.group_label}”{where}.")


@bp.post("/<slug>/archive")
@requires(staff.ADMIN)
def archive(slug: str):
    topic = _topic(slug)
    if topics.archive(topic, utcnow()):
        return _done(topic, "{} is archived. Nobody can newly follow it; followers keep it.")
    return _done(topic, "{} was already archived.", "info")


@bp.post("/<slug>/unarchive")
@requires(staff.ADMIN)
def unarchive(slug: str):
    topic = _topic(slug)
    if topics.unarchive(topic):
        return _done(topic, "{} is open to new followers again.")
    return _done(topic, "{} was not archived.", "info")
