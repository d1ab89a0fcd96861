"""Sign up, log in and log out."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm

from blueprints.forms import LoginForm, SignupForm
from blueprints.navigation import safe_next
from blueprints.saved import PENDING_SAVE
from blueprints.security import auth_limit, limiter
from models import db
from services import accounts

bp = Blueprint("auth", __name__)


def _show_errors(form: FlaskForm, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        form[name].errors.append(message)


# Asked for before logging in (e.g. saving an article); finished once the reader is in.
CARRIED_OVER = (PENDING_SAVE,)


def _start_session(user, remember: bool = False) -> None:
    """Log in on a fresh session (against session fixation), keeping only the pending actions."""
    carried = {key: session[key] for key in CARRIED_OVER if key in session}
    session.clear()
    session.update(carried)
    login_user(user, remember=remember)


def _render(template: str, form: FlaskForm):
    return render_template(template, form=form), 422 if form.errors else 200


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("feed.index"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.password.data, form.role.data)
        except accounts.AccountError as exc:
            _show_errors(form, exc.errors)
        else:
            db.session.commit()
            _start_session(user)
            flash("Welcome to Plainly. Choose a few topics to build your feed.", "success")
            return redirect(url_for("topics.index"))
    return _render("auth/signup.html", form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def login():
    form = LoginForm()
    if not form.is_submitted():
        form.next.data = safe_next(request.args.get("next")) or ""
    target = safe_next(form.next.data) or url_for("feed.index")
    if current_user.is_authenticated:
        return redirect(target)
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append("That email and password do not match an account.")
        else:
            db.session.commit()
            _start_session(user, remember=form.remember.data)
            flash("You are logged in.", "success")
            return redirect(target)
    return _render("auth/login.html", form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # Logging out also retires every remember-me cookie, wherever it was copied to.
        accounts.end_all_sessions(current_user)
        db.session.commit()
    # Clear the session first: logout_user() leaves a note in it to delete the remember-me
    # cookie, and clearing afterwards would drop that note and log the reader back in.
    session.clear()
    logout_user()
    flash("You are logged out. Come back any time.", "success")
    return redirect(url_for("feed.index"))
