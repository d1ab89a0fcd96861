"""The reader's settings page. Each section is its own include in templates/settings/."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from models.base import utcnow
from services import shares

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.get("")
@login_required
def index():
    return render_template(
        "settings/index.html", share_links=shares.links_of(current_user.id), now=utcnow()
    )
