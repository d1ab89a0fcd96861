"""Messages from the contact form, for staff: newest first, and marking them handled."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from blueprints.editor.handled import answer_marked
from blueprints.staff import requires
from models.base import utcnow
from services import contact, staff
from services.feed import Cursor

bp = Blueprint("contact", __name__, url_prefix="/messages")


@bp.get("")
@requires(staff.STAFF)
def index():
    show = request.args.get("show")
    show = show if show in contact.SHOWN else contact.UNHANDLED
    before = Cursor.decode(request.args.get("before"))
    view = contact.page(show, before=before)
    return render_template(
        "editor/contact.html", view=view, show=show, shown=contact.SHOWN, is_first_page=not before
    )


@bp.post("/<id:message_id>/handled")
@requires(staff.STAFF)
def mark_handled(message_id: int):
    return answer_marked(contact.mark_handled(message_id, current_user.id, utcnow()), "message")
