"""The editor: everything under /editor, for staff only.

Each area is a blueprint of its own, nested here, so the staff check below runs before
every one of their views (`editor.<area>.<view>` endpoints).
"""

from flask import Blueprint

from blueprints.editor import feedback, impact, topics
from blueprints.staff import require_staff

bp = Blueprint("editor", __name__, url_prefix="/editor")
bp.before_request(require_staff)

AREAS: tuple = (feedback, impact, topics)

for area in AREAS:
    bp.register_blueprint(area.bp)
