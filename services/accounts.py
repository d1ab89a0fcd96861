"""Sign-up and sign-in rules."""

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from models import Role, User, db
from models.user import new_session_token

MIN_PASSWORD_LENGTH = 10


class _Hashing:
    """The argon2 hasher in use, and a hash to verify against when no account matches
    (so a wrong email costs as much time as a wrong password)."""

    def __init__(self, profile: str):
        self.profile = profile
        self.hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
        self.dummy_hash = self.hasher.hash("plainly-no-such-account")


_hashing = _Hashing("RFC_9106_LOW_MEMORY")


def use_hash_profile(profile: str) -> None:
    """Choose argon2's cost by a profile name from `argon2.profiles` (tests use CHEAPEST)."""
    global _hashing
    if profile != _hashing.profile:
        _hashing = _Hashing(profile)


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
    user = User(email=email, password_hash=_hashing.hasher.hash(password), role=role)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user when the email and password match, otherwise None."""
    user = find_by_email(email)
    try:
        _hashing.hasher.verify(user.password_hash if user else _hashing.dummy_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hashing.hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hashing.hasher.hash(password)
    return user


def end_all_sessions(user: User) -> None:
    """Invalidate every session and remember-me cookie of this user (not committed)."""
    user.session_token = new_session_token()
