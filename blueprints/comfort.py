"""Reading comfort: the settings page and the header's text-size buttons, for visitors and
readers alike (blueprints/comfort_choice.py keeps the choices)."""

from flask import Blueprint, flash, redirect, render_template, url_for

from blueprints.comfort_choice import current, keep
from blueprints.comfort_forms import ComfortForm, TextSizeForm
from blueprints.forms import attempt
from blueprints.navigation import redirect_back
from models import db
from models.comfort import TEXT_SIZES
from services import comfort

bp = Blueprint("comfort", __name__, url_prefix="/settings/reading")


def _page(form: ComfortForm | None = None):
    """The settings page, showing what is chosen now unless a post re-renders its form."""
    form = form or ComfortForm(formdata=None, data=current().values())
    return render_template("comfort/index.html", form=form), 422 if form.errors else 200


@bp.get("")
def index():
    return _page()


@bp.post("")
def save():
    form = ComfortForm()
    chosen = form.validate_on_submit() and attempt(form, lambda: comfort.check(**form.values()))
    if not chosen:
        return _page(form)
    keep(chosen)
    db.session.commit()
    flash("Your reading settings are saved. Every page now uses them.", "success")
    return redirect(url_for("comfort.index"))


@bp.post("/text-size")
def text_size():
    form = TextSizeForm()
    size = form.text_size.data
    chosen = form.validate_on_submit() and attempt(
        form, lambda: comfort.changed(current(), text_size=size)
    )
    if not chosen:
        page = ComfortForm(formdata=None, data=current().values())
        page.text_size.errors = list(form.text_size.errors)
        return _page(page)
    keep(chosen)
    db.session.commit()
    flash(f"Text size: {TEXT_SIZES[size]}.", "success")
    return redirect_back(url_for("comfort.index"))
