"""Changes a signed-in reader makes to their account: password, role, and signing out everywhere.

Also the password reset's last step, which turns share links off: a reset means the reader
may have lost control of the account, and links someone else made must stop working.
"""

from dataclasses import dataclass
from datetime import datetime

from models import Role, User
from models.base import utcnow
from services import accounts, mail, security_log, shares
from services.errors import DomainError

WRONG_CURRENT = "That is not your current password."
NOT_THE_SAME = "The two new passwords are not the same. Please type it again."
SAME_AS_OLD = "This is your current password. Choose a new one."


@dataclass(frozen=True)
class Secured:
    """What a step that takes the account back did: whose, and how many share links it
    turned off."""

    user: User
    share_links_off: int

    @property
    def message(self) -> str | None:
        """What to tell the reader about their share links, if any were turned off."""
        n = self.share_links_off
        if not n:
            return None
        links = "share link was" if n == 1 else "share links were"
        return (
            f"To keep your saved list private, your {n} {links} turned off. "
            "You can make new ones in Saved."
        )


def change_password(user: User, current: str, new: str, new_again: str) -> User:
    """Set a new password after checking the current one (not committed).

    Every session and remember-me cookie of the account ends; the caller keeps the current
    browser signed in. Raises DomainError with every problem at once.
    """
    errors = {}
    if not accounts.password_matches(user, current):
        errors["current_password"] = WRONG_CURRENT
    if problem := accounts.password_problem(new, user.email):
        errors["password"] = problem
    elif new != new_again:
        errors["password_again"] = NOT_THE_SAME
    elif "current_password" not in errors and new == current:
        errors["password"] = SAME_AS_OLD
    if errors:
        security_log.record("password.change_refused", user_id=user.id, reasons=",".join(errors))
        raise DomainError(errors)
    accounts.set_password(user, new)
    security_log.record("password.changed", user_id=user.id, how="settings")
    return user


def send_password_changed(user: User) -> None:
    """Tell the account's address that its password changed, with a way to reset it.

    Raises mail.MailError."""
    mail.send(
        user.email,
        "Your password was changed",
        "password_changed",
        url=mail.external_url("auth.reset"),
    )


def reset_password(user: User, password: str, now: datetime | None = None) -> Secured:
    """The last step of a password reset (not committed): the new password, every session
    ended and every share link off. Raises DomainError."""
    accounts.set_password(user, password, now)
    turned_off = shares.revoke_all(user.id, now)
    security_log.record(
        "password.changed", user_id=user.id, how="reset", share_links_off=turned_off
    )
    return Secured(user, turned_off)


def sign_out_everywhere(user: User, now: datetime | None = None) -> Secured:
    """End every session and remember-me cookie and turn every share link off (not
    committed)."""
    accounts.end_all_sessions(user)
    turned_off = shares.revoke_all(user.id, now or utcnow())
    security_log.record("session.ended_everywhere", user_id=user.id, share_links_off=turned_off)
    return Secured(user, turned_off)


def change_role(user: User, role: str) -> User:
    """Set which best describes the reader; the feed and articles follow it. Raises
    DomainError for a value that is no role."""
    if role not in {r.value for r in Role}:
        raise DomainError({"role": accounts.ROLE_MESSAGE})
    if user.role != role:
        security_log.record("account.role_changed", user_id=user.id, role=role)
    user.role = role
    return user
