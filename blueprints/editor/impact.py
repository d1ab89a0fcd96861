"""What readers do with each article: views, readers, saves, digest clicks and feedback."""

from flask import Blueprint, render_template, request

from blueprints.staff import requires
from services import impact, staff

bp = Blueprint("impact", __name__, url_prefix="/impact")


@bp.get("")
@requires(staff.STAFF)
def index():
    sort = request.args.get("sort")
    sort = sort if sort in impact.SORTS else impact.VIEWS
    view = impact.page(request.args.get("page", 1, type=int), sort)
    return render_template("editor/impact.html", view=view, sort=sort, sorts=impact.SORTS)
