"""Sign-up and sign-in rules."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from models import Role, User, db

MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()
# Verified against when no account matches, so a wrong email costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("plainly-no-such-account")


class AccountError(Exception):
    """A rule was broken; `errors` maps a form field name to a message for the reader."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def normalize_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str, email: str) -> str | None:
    """Say what is wrong with a new password, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if password.strip().lower() == normalize_email(email):
        return "Your password cannot be your email address."
    return None


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(email: str, password: str, role: str) -> User:
    """Add a new account (not committed). Raises AccountError on a broken rule."""
    email = normalize_email(email)
    errors: dict[str, str] = {}
    if role not in {r.value for r in Role}:
        errors["role"] = "Choose one of the options."
    if problem := password_problem(password, email):
        errors["password"] = problem
    if find_by_email(email) is not None:
        errors["email"] = "An account with this email already exists. Try logging in instead."
    if errors:
        raise AccountError(errors)
    user = User(email=email, password_hash=_hasher.hash(password), role=role)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user when the email and password match, otherwise None."""
    user = find_by_email(email)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user
