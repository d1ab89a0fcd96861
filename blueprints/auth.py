"""Sign up, log in and log out; confirming the email address and resetting the password.

Also who is signed in: the session's user loader, and where visitors are sent to log in.
"""

import hmac
import logging
import secrets
from datetime import timedelta

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from blueprints import auth_jobs, comfort_choice, pending, sessions
from blueprints.forms import (
    LoginCodeForm,
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
    SignupForm,
    attempt,
)
from blueprints.navigation import here, redirect_back, safe_next
from blueprints.security import auth_limit
from extensions import limiter, login_manager
from models import User, db
from models.base import utcnow
from services import (
    account_changes,
    accounts,
    background,
    login_limits,
    mail,
    security_log,
    two_step,
)

bp = Blueprint("auth", __name__)
log = logging.getLogger("plainly.auth")

# After the right password, an account with two-step sign-in waits here for its code.
AWAITING_CODE = "awaiting_code"
CODE_MAX_AGE = timedelta(minutes=10)
NO_MATCH = "That email and password do not match an account."
# The address this browser last signed up with, and the nonce its confirmation link carries.
SIGNED_UP = "signed_up"
WELCOME = "Welcome to Plainly. Follow a few topics below, then press “Done” to see your feed."


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    """Load the user named by a session or remember cookie, if its token is still current."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


@login_manager.unauthorized_handler
def _ask_to_log_in():
    """Send visitors to the login page, then back to the page they were on."""
    if request.method == "GET":
        back = here()
    else:  # a button was pressed: come back to the page that showed it
        back = safe_next(request.form.get("next")) or url_for("feed.index")
    flash("Please log in or create an account to do that.", "info")
    return redirect(url_for("auth.login", next=back))


def _start_session(user: User, method: str, remember: bool = False) -> None:
    """Log in on a fresh session (against session fixation) and finish what the visitor
    asked for before logging in. The caller commits."""
    carried = pending.carried_over()
    session.clear()
    session.update(carried)
    sessions.begin(user, remember=remember)
    comfort_choice.logged_in(user, method)
    security_log.record("login.succeeded", user_id=user.id, method=method, remember=remember)
    pending.finish(user)


def _render(template: str, form: FlaskForm, status: int | None = None):
    return render_template(template, form=form), status or (422 if form.errors else 200)


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("feed.index"))
    form = SignupForm()
    values = (form.email.data, form.password.data, form.role.data)
    if form.validate_on_submit() and (
        email := attempt(form, lambda: accounts.check_new_account(*values))
    ):
        _sign_up_in_background(email, form)
        return redirect(url_for("auth.signup_sent"))
    return _render("auth/signup.html", form)


def _sign_up_in_background(email: str, form: SignupForm) -> None:
    """Whether or not the address has an account, the answer, its time and its work are
    the same: hash the password, remember the sign-up in this browser, queue the rest."""
    nonce = secrets.token_urlsafe(16)
    session[SIGNED_UP] = {"email": email, "nonce": nonce}
    password_hash = accounts.hash_password(form.password.data)
    job = (email, password_hash, form.role.data, form.timezone.data, nonce, request.remote_addr)
    background.enqueue(auth_jobs.finish_signup, *job)


@bp.get("/signup/sent")
def signup_sent():
    signed_up = session.get(SIGNED_UP)
    if not isinstance(signed_up, dict) or not signed_up.get("email"):
        return redirect(url_for("auth.signup"))
    return render_template(
        "auth/signup_sent.html", email=signed_up["email"], days=accounts.VERIFY_MAX_AGE.days
    )


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
        return _check_password(form, target)
    return _render("auth/login.html", form)


def _check_password(form: LoginForm, target: str):
    """Onward when the password matches; else the form again with a calm message (429
    while the address's tries are paused, services.login_limits)."""
    try:
        user = login_limits.authenticate(form.email.data, form.password.data)
    except login_limits.TryLater as pause:
        form.form_errors.append(str(pause))
        return _render("auth/login.html", form, 429)
    if user is None:
        form.form_errors.append(NO_MATCH)
        return _render("auth/login.html", form)
    return _password_accepted(user, form.remember.data, target)


def _password_accepted(user: User, remember: bool, target: str):
    """Log in, or first ask for the two-step code when the account has it on."""
    if user.has_two_step:
        since = int(utcnow().timestamp())
        session[AWAITING_CODE] = {
            "id": user.get_id(),
            "remember": remember,
            "next": target,
            "since": since,
        }
        db.session.commit()  # the password hash may have been renewed
        return redirect(url_for("auth.login_code"))
    _start_session(user, "password", remember=remember)
    db.session.commit()
    flash("You are logged in.", "success")
    return redirect(target)


def _awaiting_code() -> tuple[User | None, dict]:
    """The account whose password was right a moment ago, and what it asked for."""
    waiting = session.get(AWAITING_CODE)
    if not isinstance(waiting, dict) or not isinstance(waiting.get("since"), int):
        return None, {}
    if utcnow().timestamp() - waiting["since"] > CODE_MAX_AGE.total_seconds():
        session.pop(AWAITING_CODE)
        return None, {}
    return _load_user(str(waiting.get("id"))), waiting


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def login_code():
    user, waiting = _awaiting_code()
    if user is None:
        minutes = int(CODE_MAX_AGE.total_seconds() // 60)
        flash(f"Please log in again: the code is needed within {minutes} minutes.", "info")
        return redirect(url_for("auth.login"))
    form, recovery = LoginCodeForm(), request.args.get("recovery") == "1"
    if recovery:
        form.code.label.text = "Recovery code"
    if form.validate_on_submit() and (
        used := attempt(form, lambda: two_step.verify(user, form.code.data))
    ):
        _start_session(user, "two_step", remember=bool(waiting.get("remember")))
        db.session.commit()
        _flash_logged_in(user, used)
        return redirect(safe_next(waiting.get("next")) or url_for("feed.index"))
    return render_template("auth/login_code.html", form=form, recovery=recovery), (
        422 if form.errors else 200
    )


def _flash_logged_in(user: User, used: str) -> None:
    flash("You are logged in.", "success")
    if used == two_step.RECOVERY:
        left = two_step.recovery_codes_left(user)
        flash(f"You used a recovery code: {left} left. You can make new ones in Settings.", "info")


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # Logging out also retires every remember-me cookie, wherever it was copied to.
        accounts.end_all_sessions(current_user)
        db.session.commit()
        security_log.record("logout.succeeded", user_id=current_user.id)
    sessions.sign_out()
    flash("You are logged out. Come back any time.", "success")
    return redirect(url_for("feed.index"))


def _send_verification(user) -> bool:
    """Send the confirmation email; a mail problem is logged and told calmly, never a 500."""
    try:
        sent = accounts.send_verification(user)
    except mail.MailError:
        log.exception("Could not send the confirmation email to user %s", user.id)
        flash("We couldn't send the confirmation email just now. Please try again later.", "error")
        return False
    db.session.commit()
    return sent


@bp.get("/verify/<token>")
def verify(token: str):
    user = accounts.verify_email(token)
    if user is None:
        return render_template("auth/link_invalid.html", kind="confirm"), 404
    if _signed_up_here(user, token):
        _start_session(user, "signup")
        db.session.commit()
        flash(WELCOME, "welcome")  # base.html folds the other messages into this one note
        return redirect(url_for("topics.index"))
    db.session.commit()
    flash("Thank you, your email address is confirmed.", "success")
    return redirect(url_for("settings.index" if current_user.is_authenticated else "auth.login"))


def _signed_up_here(user: User, token: str) -> bool:
    """True when this browser signed up with the address the link confirms, and the link
    was sent for that sign-up: then following it logs the new reader in.

    Anywhere else the link only confirms, so an account someone else opened with this
    address never logs its owner in unknowingly.
    """
    signed_up = session.get(SIGNED_UP)
    if current_user.is_authenticated or user.has_two_step or not isinstance(signed_up, dict):
        return False
    nonce = accounts.signup_nonce(token)
    return signed_up.get("email") == user.email and bool(nonce) and nonce == signed_up.get("nonce")


@bp.post("/verify/resend")
@login_required
@limiter.limit(auth_limit)
def resend_verification():
    if current_user.is_verified:
        flash("Your email address is already confirmed.", "info")
    elif wait := accounts.resend_wait(current_user):
        minutes = max(1, round(wait.total_seconds() / 60))
        flash(f"We sent a link a moment ago. You can ask again in {minutes} min.", "info")
    elif _send_verification(current_user):
        flash(f"We sent a new link to {current_user.email}.", "success")
    return redirect_back(url_for("feed.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        # The lookup and the email happen in the background, so neither the page nor the
        # time it takes tells whether an account exists.
        background.enqueue(auth_jobs.send_reset_link, form.email.data, request.remote_addr)
        return render_template("auth/reset_sent.html", email=form.email.data)
    return _render("auth/reset.html", form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def reset_password(token: str):
    user = accounts.user_for_reset(token)
    if user is None:
        return render_template("auth/link_invalid.html", kind="reset"), 404
    form = NewPasswordForm()
    if form.validate_on_submit() and (
        done := attempt(form, lambda: account_changes.reset_password(user, form.password.data))
    ):
        db.session.commit()
        security_log.record("password_reset.completed", user_id=user.id)
        login_limits.clear(user.email)  # the owner proved it: log-in tries open again
        sessions.sign_out()
        flash("Your password is changed. Please log in with your new password.", "success")
        sessions.flash_secured(done)
        return redirect(url_for("auth.login"))
    return _render("auth/reset_password.html", form)
