"""Jinja filters and globals shared by every page."""

import re
from datetime import datetime

from flask import Flask, request
from flask_login import current_user
from flask_wtf import FlaskForm
from jinja2 import pass_context
from jinja2.runtime import Context

from blueprints.forms import NextForm
from models.article import STATUSES
from models.user import Role
from services import evidence

_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Split plain text on blank lines; the template escapes each paragraph."""
    return [p.strip() for p in _BLANK_LINES.split(text or "") if p.strip()]


def long_date(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def status_label(status: str | None) -> str:
    """An article's workflow state in words ("In review"), or a dash for none."""
    return STATUSES.get(status, status) if status else "—"


@pass_context
def page_has_form_errors(context: Context) -> bool:
    """True when a form the page was given (directly, or in a dict of forms) has errors: the
    page title then starts with "Error: ", so a screen reader says so first."""
    for value in context.get_all().values():
        forms = value.values() if isinstance(value, dict) else (value,)
        if any(isinstance(form, FlaskForm) and form.errors for form in forms):
            return True
    return False


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_filter(paragraphs)
    app.add_template_filter(long_date)
    app.add_template_filter(status_label)
    app.add_template_global(evidence.level_of, "evidence_level")
    app.add_template_global(evidence.is_older_study, "is_older_study")
    app.add_template_global(evidence.citation, "citation")
    app.add_template_global(evidence.condition_team, "condition_team")
    app.add_template_global(evidence.LADDER, "evidence_ladder")
    app.add_template_global(page_has_form_errors)

    @app.context_processor
    def page_helpers():
        return {
            "button_form": NextForm,
            "here": request.full_path.rstrip("?"),
            "reader_role": current_user.role if current_user.is_authenticated else None,
            "Role": Role,
        }
