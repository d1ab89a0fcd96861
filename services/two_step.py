"""Two-step sign-in: a code from an authenticator app (TOTP), or a single-use recovery code.

Setting up stores a new secret that does nothing until a code from the app confirms it. Each
app code works once (`User.totp_last_step`); each recovery code works once and only its
SHA-256 hash is kept (the codes are random, so a fast hash is enough). Every function raises
DomainError with a message for the `code` (or `password`) field; none of them commits.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlalchemy import delete, func, or_, select, update

from models import RecoveryCode, User, db
from models.base import utcnow
from services import security_log
from services.accounts import end_all_sessions, password_matches
from services.errors import DomainError

ISSUER = "Plainly"
DIGITS = 6
RECOVERY_CODE_COUNT = 10
# Letters and digits that cannot be mistaken for one another when written down.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GROUPS, _GROUP_LENGTH = 3, 4  # "abcd-efgh-jkmn": about 59 bits each
APP = "app"
RECOVERY = "recovery"

CODE_HINT = "The 6-digit code your authenticator app shows now, or one of your recovery codes."
ENTER_CODE = "Enter the 6-digit code from your app, or a recovery code."
WRONG_CODE = (
    "That code is not right. Enter the code your app shows now (check that the phone's time "
    "is set automatically), or one of your recovery codes."
)
USED_CODE = "That code was already used. Wait for your app to show a new one, then enter it."
NOT_ON = "Two-step sign-in is not on for this account."
ALREADY_ON = "Two-step sign-in is already on."
NOT_STARTED = "Start setting up two-step sign-in first."
WRONG_PASSWORD = "That password is not right."  # noqa: S105  # nosec B105


@dataclass(frozen=True)
class _Match:
    kind: str  # APP or RECOVERY
    step: int | None = None
    recovery: RecoveryCode | None = None


def _totp(user: User) -> pyotp.TOTP:
    return pyotp.TOTP(user.totp_secret, digits=DIGITS)


def _normalize(code: str | None) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalize(code).encode()).hexdigest()


def _app_match(user: User, code: str, now: datetime) -> _Match:
    totp = _totp(user)
    current = totp.timecode(now)
    reused = False
    for step in (current - 1, current, current + 1):  # one step of clock drift either way
        if hmac.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_step is None or step > user.totp_last_step:
                return _Match(APP, step=step)
            reused = True
    raise DomainError({"code": USED_CODE if reused else WRONG_CODE})


def _recovery_match(user: User, code: str) -> _Match:
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        raise DomainError({"code": WRONG_CODE})
    return _Match(RECOVERY, recovery=row)


def _match(user: User, code: str | None, now: datetime, recovery: bool = True) -> _Match:
    """What `code` proves, without using it up; DomainError when it proves nothing."""
    normalized = _normalize(code)
    if not normalized:
        raise DomainError({"code": ENTER_CODE})
    if normalized.isdigit() and len(normalized) == DIGITS:
        return _app_match(user, normalized, now)
    if not recovery:
        raise DomainError({"code": WRONG_CODE})
    return _recovery_match(user, normalized)


def _use(user: User, match: _Match, now: datetime) -> str:
    """Use the code up. Each UPDATE claims it only if no other request did in the meantime,
    so two requests racing with one code cannot both get in."""
    if match.step is not None:
        newer = or_(User.totp_last_step.is_(None), User.totp_last_step < match.step)
        claim = update(User).where(User.id == user.id, newer).values(totp_last_step=match.step)
        if db.session.execute(claim).rowcount != 1:
            raise DomainError({"code": USED_CODE})
        user.totp_last_step = match.step
    if match.recovery is not None:
        unused = (RecoveryCode.id == match.recovery.id, RecoveryCode.used_at.is_(None))
        claim = update(RecoveryCode).where(*unused).values(used_at=now)
        if db.session.execute(claim).rowcount != 1:
            raise DomainError({"code": WRONG_CODE})
        match.recovery.used_at = now
        security_log.record("two_step.recovery_code_used", user_id=user.id)
    return match.kind


def start_setup(user: User) -> str:
    """Store a new secret for the authenticator app (not yet in use) and return it."""
    if user.has_two_step:
        raise DomainError({"code": ALREADY_ON})
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = None
    return user.totp_secret


def setup_uri(user: User) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    if not user.totp_secret:
        raise DomainError({"code": NOT_STARTED})
    return _totp(user).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "-".join(
            "".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(_GROUPS)
        )
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def confirm_setup(user: User, code: str | None, now: datetime | None = None) -> list[str]:
    """Turn two-step sign-in on once `code` from the app matches the new secret.

    Every session signed in with the password alone ends (the caller logs its own one in
    again). Returns the recovery codes, in plain text this once only.
    """
    now = now or utcnow()
    if user.has_two_step:
        raise DomainError({"code": ALREADY_ON})
    if not user.totp_secret:
        raise DomainError({"code": NOT_STARTED})
    match = _match(user, code, now, recovery=False)
    _use(user, match, now)
    user.totp_enabled_at = now
    end_all_sessions(user)
    security_log.record("two_step.enabled", user_id=user.id)
    return _new_recovery_codes(user)


def verify(user: User, code: str | None, now: datetime | None = None) -> str:
    """Accept an app code (once per time step) or an unused recovery code, and use it up.

    Returns APP or RECOVERY, for what was used.
    """
    now = now or utcnow()
    if not user.has_two_step:
        raise DomainError({"code": NOT_ON})
    return _use(user, _match(user, code, now), now)


def disable(
    user: User, password: str | None, code: str | None, now: datetime | None = None
) -> User:
    """Turn two-step sign-in off; the password and a current code must both be right."""
    now = now or utcnow()
    if not user.has_two_step:
        raise DomainError({"code": NOT_ON})
    errors = {} if password_matches(user, password or "") else {"password": WRONG_PASSWORD}
    try:
        match = _match(user, code, now)
    except DomainError as error:
        errors |= error.errors
    if errors:
        raise DomainError(errors)
    _use(user, match, now)
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    security_log.record("two_step.disabled", user_id=user.id)
    return user


def regenerate_codes(user: User, code: str | None, now: datetime | None = None) -> list[str]:
    """Replace every recovery code with new ones, once a current code is given.

    Returns the new codes, in plain text this once only; the old ones stop working.
    """
    now = now or utcnow()
    verify(user, code, now)
    security_log.record("two_step.recovery_codes_renewed", user_id=user.id)
    return _new_recovery_codes(user)


def recovery_codes_left(user: User) -> int:
    """How many recovery codes of `user` are still unused."""
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
