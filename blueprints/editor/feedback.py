"""Reader feedback for staff: newest first, by article, and marking it handled.

Every staff role may use it: writers fix what readers found unclear, reviewers check it.
"""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from blueprints.editor.handled import answer_marked
from blueprints.staff import requires
from models import Article
from models.base import utcnow
from services import feedback, staff
from services.feed import Cursor

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


def _render(article: Article | None = None):
    show = request.args.get("show")
    show = show if show in feedback.SHOWN else feedback.UNHANDLED
    before = Cursor.decode(request.args.get("before"))
    view = feedback.page(show, article_id=article and article.id, before=before)
    return render_template(
        "editor/feedback/index.html",
        view=view,
        show=show,
        shown=feedback.SHOWN,
        article=article,
        totals=article and feedback.totals(article.id),
        is_first_page=not before,
    )


@bp.get("")
@requires(staff.STAFF)
def index():
    return _render()


@bp.get("/articles/<slug>")
@requires(staff.STAFF)
def article(slug: str):
    return _render(feedback.article_by_slug(slug) or abort(404))


@bp.post("/<id:feedback_id>/handled")
@requires(staff.STAFF)
def mark_handled(feedback_id: int):
    return answer_marked(feedback.mark_handled(feedback_id, current_user.id, utcnow()), "feedback")
