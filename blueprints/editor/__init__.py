"""The editor: everything under /editor, for staff only.

Each area is a blueprint of its own, nested here, so the staff check below runs before
every one of their views (`editor.<area>.<view>` endpoints).
"""

from flask import Blueprint

from blueprints.body_limits import EDITOR_FORM_MAX_BYTES, accepts_body
from blueprints.editor import (
    articles,
    contact,
    dashboard,
    feedback,
    glossary,
    impact,
    imports,
    staff,
    topics,
    workflow,
)
from blueprints.editor.nav import editor_links
from blueprints.staff import require_staff

bp = Blueprint("editor", __name__, url_prefix="/editor")
bp.before_request(require_staff)
accepts_body(EDITOR_FORM_MAX_BYTES)(bp)  # long articles; staff only (blueprints.body_limits)
bp.context_processor(lambda: {"editor_links": editor_links})

AREAS: tuple = (
    dashboard,
    articles,
    workflow,
    glossary,
    imports,
    feedback,
    contact,
    impact,
    topics,
    staff,
)

for area in AREAS:
    bp.register_blueprint(area.bp)
