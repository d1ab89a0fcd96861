"""Sign-up and sign-in rules, email confirmation and password reset."""

import hashlib
import hmac
import re
from datetime import datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from zxcvbn import zxcvbn

from extensions import Passwords
from models import DigestPreference, Role, User, db
from models.base import utcnow
from models.user import new_session_token
from services import mail, tokens
from services.errors import DomainError
from services.timezones import valid_timezone

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# Advice shown to readers, not a password:
PASSPHRASE_TIP = "Try a passphrase: three or four unrelated words."  # noqa: S105  # nosec B105
PASSWORD_HINT = f"At least {MIN_PASSWORD_LENGTH} characters. {PASSPHRASE_TIP}"
GUESSABLE_PASSWORD = (
    "This password is too easy to guess: it is one of the most used passwords, "
    f"or close to one. {PASSPHRASE_TIP}"
)
# zxcvbn's score from 0 to 4; 3 is "safely unguessable" against an attacker online and
# against most offline guessing. It reads at most this many characters.
MIN_PASSWORD_SCORE = 3
STRENGTH_CHECK_LENGTH = 72
ROLE_MESSAGE = "Choose which best describes you."
EMAIL_TAKEN = "An account with this email already exists. Try logging in instead."
VERIFY_MAX_AGE = timedelta(days=7)
RESEND_COOLDOWN = timedelta(minutes=2)
RESET_MAX_AGE = timedelta(hours=1)
# At most one "someone tried to sign up with your address" email per account in this time.
SIGNUP_NOTICE_COOLDOWN = timedelta(hours=1)


def normalize_email(email: str) -> str:
    return email.strip().lower()


MASK = "\u2022\u2022\u2022"  # three bullets


def mask_email(email: str) -> str:
    """The address as a page may show it to whoever holds a link: "j•••@example.com"."""
    local, at, domain = email.partition("@")
    return f"{local[:1]}{MASK}{at}{domain}"


def password_problem(password: str, email: str) -> str | None:
    """Say what is wrong with a new password, or None when it is acceptable.

    The one rule for every new password (sign-up, reset, change): long enough, not the
    email address, and not one of the commonest breached passwords or a close variant
    (zxcvbn, offline, with the address as a word the password must not lean on).
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    email = normalize_email(email)
    if password.strip().lower() == email:
        return "Your password cannot be your email address."
    words = [email, *email.split("@"), *re.split(r"[^a-z0-9]+", email), "plainly"]
    if zxcvbn(password[:STRENGTH_CHECK_LENGTH], user_inputs=words)["score"] < MIN_PASSWORD_SCORE:
        return GUESSABLE_PASSWORD
    return None


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def check_new_account(email: str, password: str, role: str) -> str:
    """The rules a sign-up meets whether or not the address has an account: returns the
    address as it is stored. Raises DomainError for a role that is not offered or a
    password that is not allowed.
    """
    errors: dict[str, str] = {}
    if role not in {r.value for r in Role}:
        errors["role"] = ROLE_MESSAGE
    if problem := password_problem(password, email):
        errors["password"] = problem
    if errors:
        raise DomainError(errors)
    return normalize_email(email)


def hash_password(password: str) -> str:
    return Passwords.current().hasher.hash(password)


def _add_user(email: str, password_hash: str, role: str, timezone: str | None) -> User:
    user = User(email=email, password_hash=password_hash, role=role)
    db.session.add(user)
    db.session.flush()
    zone = timezone if timezone and valid_timezone(timezone) else None
    db.session.add(DigestPreference(user_id=user.id, timezone=zone))
    return user


def register(
    email: str, password_hash: str, role: str, timezone: str | None = None
) -> tuple[User, bool]:
    """The account a checked sign-up is for: a new one (True) with default digest
    preferences, or the one that already has the address (False), left unchanged.

    Not committed. `timezone` is the browser's guess, kept only when it is a real IANA name.
    """
    email = normalize_email(email)
    if (user := find_by_email(email)) is not None:
        return user, False
    return _add_user(email, password_hash, role, timezone), True


def create_user(email: str, password: str, role: str, timezone: str | None = None) -> User:
    """Add a new account at once (the command line and tests; not committed).

    Raises DomainError on a broken rule, a taken address included: only callers that may
    say so use this; the sign-up page uses `register`.
    """
    email = normalize_email(email)
    errors: dict[str, str] = {}
    try:
        check_new_account(email, password, role)
    except DomainError as error:
        errors |= error.errors
    if find_by_email(email) is not None:
        errors["email"] = EMAIL_TAKEN
    if errors:
        raise DomainError(errors)
    return _add_user(email, hash_password(password), role, timezone)


def authenticate(email: str, password: str) -> User | None:
    """Return the user when the email and password match, otherwise None."""
    user = find_by_email(email)
    passwords = Passwords.current()
    try:
        passwords.hasher.verify(user.password_hash if user else passwords.dummy_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if passwords.hasher.check_needs_rehash(user.password_hash):
        user.password_hash = passwords.hasher.hash(password)
    return user


def password_matches(user: User, password: str) -> bool:
    """True when `password` is this account's password (to confirm a sensitive change)."""
    try:
        return Passwords.current().hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def end_all_sessions(user: User) -> None:
    """Invalidate every session and remember-me cookie of this user (not committed)."""
    user.session_token = new_session_token()


def resend_wait(user: User, now: datetime | None = None) -> timedelta:
    """How long until another confirmation email may be sent (zero when it may go now)."""
    if user.verification_sent_at is None:
        return timedelta(0)
    return max(timedelta(0), user.verification_sent_at + RESEND_COOLDOWN - (now or utcnow()))


def verification_token(user: User, nonce: str | None = None, now: datetime | None = None) -> str:
    """The token of a confirmation link; `nonce` ties it to the browser that signed up."""
    payload = {"u": user.id, "e": user.email} | ({"n": nonce} if nonce else {})
    return tokens.make(tokens.VERIFY_EMAIL, payload, now)


def send_verification(user: User, now: datetime | None = None, nonce: str | None = None) -> bool:
    """Email a link that confirms the address. False (nothing sent) during the cooldown.

    Raises mail.MailError when the message cannot be sent.
    """
    now = now or utcnow()
    if resend_wait(user, now):
        return False
    mail.send(
        user.email,
        "Please confirm your email address",
        "verify",
        url=mail.external_url("auth.verify", token=verification_token(user, nonce, now)),
        days=VERIFY_MAX_AGE.days,
    )
    user.verification_sent_at = now
    return True


def send_signup_notice(user: User, now: datetime | None = None) -> bool:
    """Tell the owner of an address that someone tried to sign up with it, with links to
    log in or reset the password. False (nothing sent) within the cooldown.

    Raises mail.MailError when the message cannot be sent.
    """
    now = now or utcnow()
    sent = user.signup_notice_sent_at
    if sent is not None and now - sent < SIGNUP_NOTICE_COOLDOWN:
        return False
    mail.send(
        user.email,
        "Someone tried to sign up to Plainly with your address",
        "signup_notice",
        login_url=mail.external_url("auth.login"),
        reset_url=mail.external_url("auth.reset"),
    )
    user.signup_notice_sent_at = now
    return True


def signup_nonce(token: str, now: datetime | None = None) -> str | None:
    """The browser nonce a genuine, unexpired confirmation link carries, if any."""
    nonce = (tokens.load(tokens.VERIFY_EMAIL, token, VERIFY_MAX_AGE, now) or {}).get("n")
    return nonce if isinstance(nonce, str) else None


def _token_user(purpose: str, token: str, max_age: timedelta, now: datetime | None):
    """The payload of a genuine, unexpired token and the account it names (or Nones)."""
    payload = tokens.load(purpose, token, max_age, now)
    user_id = tokens.int_field(payload, "u")
    user = db.session.get(User, user_id) if user_id else None
    return (user, payload) if user is not None and payload is not None else (None, None)


def verify_email(token: str, now: datetime | None = None) -> User | None:
    """Mark the address in a genuine, unexpired link as confirmed; None for a bad link."""
    user, payload = _token_user(tokens.VERIFY_EMAIL, token, VERIFY_MAX_AGE, now)
    if user is None or payload.get("e") != user.email:
        return None
    if user.email_verified_at is None:
        user.email_verified_at = now or utcnow()
    return user


def _password_fingerprint(user: User) -> str:
    # Part of a digest of the current hash: the link stops working once the password changes.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def request_password_reset(email: str, now: datetime | None = None) -> bool:
    """Email a reset link when an account has this address. Returns whether one was sent.

    Callers must answer the same way either way, and commit. Raises mail.MailError.
    """
    now = now or utcnow()
    user = find_by_email(email)
    if user is None:
        return False
    if user.reset_sent_at and now - user.reset_sent_at < RESEND_COOLDOWN:
        return False  # one email per cooldown, however often the form is sent
    payload = {"u": user.id, "p": _password_fingerprint(user)}
    token = tokens.make(tokens.RESET_PASSWORD, payload, now)
    mail.send(
        user.email,
        "Reset your Plainly password",
        "reset",
        url=mail.external_url("auth.reset_password", token=token),
        minutes=int(RESET_MAX_AGE.total_seconds() // 60),
    )
    user.reset_sent_at = now
    return True


def user_for_reset(token: str, now: datetime | None = None) -> User | None:
    """The account a reset link is for, if the link is genuine, unexpired and unused."""
    user, payload = _token_user(tokens.RESET_PASSWORD, token, RESET_MAX_AGE, now)
    fingerprint = (payload or {}).get("p")
    if user is None or not isinstance(fingerprint, str):
        return None
    return user if hmac.compare_digest(fingerprint, _password_fingerprint(user)) else None


def set_password(user: User, password: str, now: datetime | None = None) -> User:
    """Change the password (which also ends every reset link). Raises DomainError."""
    if problem := password_problem(password, user.email):
        raise DomainError({"password": problem})
    user.password_hash = hash_password(password)
    end_all_sessions(user)  # a changed password signs the account out everywhere else
    # Following a link sent to the address proves the reader receives mail there.
    if user.email_verified_at is None:
        user.email_verified_at = now or utcnow()
    return user
