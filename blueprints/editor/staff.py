"""The staff list: who works on Plainly, in which role, and whether two-step sign-in is on."""

from flask import Blueprint, render_template

from blueprints.staff import requires
from services import staff

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("")
@requires(staff.ADMIN)
def index():
    return render_template("editor/staff.html", members=staff.list_staff())
