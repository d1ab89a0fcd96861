"""The editor's home: what needs doing, and the documented editorial process."""

from flask import Blueprint, render_template
from flask_login import current_user

from blueprints.staff import requires
from services import contact, docs, editor_lists, editorial, staff

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@requires(staff.STAFF)
def index():
    return render_template(
        "editor/dashboard.html",
        board=editor_lists.dashboard(current_user.id),
        state=editorial.state,
        messages_waiting=contact.unhandled_count(),
    )


@bp.get("/process")
@requires(staff.STAFF)
def process():
    return render_template("editor/process.html", body=docs.html(docs.EDITORIAL_PROCESS))
