"""Changing the email address of an account, confirmed from the new inbox, undoable from the old.

1. `request_change` checks the password and emails a signed link to the new address. The
   answer is the same whether or not that address already has an account: its owner gets an
   email saying so instead of a link, so the form never tells who has an account.
2. `confirm` (from that link) makes the new address the account's address and sends the old
   address a notice with a link that undoes the change for UNDO_MAX_AGE.
3. `undo` puts the old address back, signs the account out everywhere and turns its share
   links off: whoever made the change may have had the password, so it must be reset.

The links carry the addresses they are about and when the account's address was last
confirmed, so each works once: after a change or an undo, one of them no longer matches (an
undo also ends a confirmation link sent before it). Nothing is stored until a link is used.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from models import User, db
from models.base import utcnow
from services import accounts, mail, security_log, shares, tokens
from services.account_changes import Secured
from services.errors import DomainError

CHANGE_EMAIL = "change-email"
UNDO_EMAIL_CHANGE = "undo-email-change"
CONFIRM_HOURS = 24
CONFIRM_MAX_AGE = timedelta(hours=CONFIRM_HOURS)
UNDO_MAX_AGE = timedelta(days=7)

NOT_YOURS = "That is not your password. Enter the one you log in with."
SAME_ADDRESS = "This is already your email address."
TAKEN_NOW = (
    "This address now belongs to another Plainly account, so it cannot be yours. "
    "Your address has not changed."
)


@dataclass(frozen=True)
class Change:
    """A change of address a genuine link asks for: the account, and its old and new address."""

    user: User
    old: str
    new: str


def request_change(user: User, new_email: str, password: str) -> str:
    """Check a change of address to `new_email`: returns the normalized new address, or
    raises DomainError (every problem at once). Nothing changes and nothing is sent here:
    `send_change_link` sends the email, as a job after the answer."""
    new = accounts.normalize_email(new_email)
    errors = {}
    if not accounts.password_matches(user, password):
        errors["password"] = NOT_YOURS
    if new == user.email:
        errors["email"] = SAME_ADDRESS
    if errors:
        security_log.record("email.change_refused", user_id=user.id, reasons=",".join(errors))
        raise DomainError(errors)
    return new


def send_change_link(user: User, new: str, now: datetime | None = None) -> None:
    """Email a confirmation link to `new` or, when that address has an account, a notice to
    its owner (the page said the same either way). Raises mail.MailError."""
    if accounts.find_by_email(new) is not None:
        mail.send(new, "Someone tried to use your address on Plainly", "email_in_use")
        security_log.record("email.change_requested", user_id=user.id, address_in_use=True)
        return
    token = tokens.make(CHANGE_EMAIL, link_payload(user, user.email, new), now)
    mail.send(
        new,
        "Please confirm your new email address",
        "email_change",
        url=mail.external_url("account.confirm_email", token=token),
        hours=CONFIRM_HOURS,
    )
    security_log.record("email.change_requested", user_id=user.id, address_in_use=False)


def _confirmed_at(user: User) -> str:
    return user.email_verified_at.isoformat() if user.email_verified_at else ""


def link_payload(user: User, old: str, new: str) -> dict:
    """What a confirmation or undo link for a change from `old` to `new` carries."""
    return {"u": user.id, "o": old, "n": new, "v": _confirmed_at(user)}


def _change_in(purpose: str, token: str, max_age: timedelta, now: datetime | None):
    """The change a genuine, unexpired link asks for, while the account's address is still
    the one the link expects (`o` before a confirmation, `n` before an undo); else None."""
    payload = tokens.load(purpose, token, max_age, now)
    user_id = tokens.int_field(payload, "u")
    user = db.session.get(User, user_id) if user_id else None
    if user is None or payload is None:
        return None
    old, new = payload.get("o"), payload.get("n")
    if not isinstance(old, str) or not isinstance(new, str):
        return None
    expected = old if purpose == CHANGE_EMAIL else new
    if user.email != expected or payload.get("v") != _confirmed_at(user):
        return None
    return Change(user, old, new)


def pending_confirmation(token: str, now: datetime | None = None) -> Change | None:
    """The change a confirmation link asks for, if the link still works."""
    return _change_in(CHANGE_EMAIL, token, CONFIRM_MAX_AGE, now)


def pending_undo(token: str, now: datetime | None = None) -> Change | None:
    """The change an undo link would reverse, if the link still works."""
    return _change_in(UNDO_EMAIL_CHANGE, token, UNDO_MAX_AGE, now)


def _take_address(user: User, email: str, now: datetime) -> None:
    taken = accounts.find_by_email(email)
    if taken is not None and taken.id != user.id:
        raise DomainError({"email": TAKEN_NOW})
    user.email = email
    # Following a link sent to the address proves the reader receives mail there.
    user.email_verified_at = now


def confirm(change: Change, now: datetime | None = None) -> User:
    """Make the new address the account's (not committed). Raises DomainError when the
    address was taken meanwhile. `send_changed_notice` then tells the old address."""
    now = now or utcnow()
    user = change.user
    _take_address(user, change.new, now)
    db.session.flush()
    security_log.record("email.changed", user_id=user.id)
    return user


def send_changed_notice(user: User, old: str, now: datetime | None = None) -> None:
    """Tell the old address its account now uses `user.email`, with an undo link. Raises
    mail.MailError."""
    token = tokens.make(UNDO_EMAIL_CHANGE, link_payload(user, old, user.email), now)
    mail.send(
        old,
        "Your Plainly email address was changed",
        "email_changed",
        new=user.email,
        url=mail.external_url("account.undo_email", token=token),
        days=UNDO_MAX_AGE.days,
    )


def undo(change: Change, now: datetime | None = None) -> Secured:
    """Put the old address back, sign the account out everywhere and turn its share links
    off (not committed). Raises DomainError when the old address was taken by another
    account meanwhile."""
    now = now or utcnow()
    user = change.user
    _take_address(user, change.old, now)
    accounts.end_all_sessions(user)
    turned_off = shares.revoke_all(user.id, now)
    security_log.record("email.change_undone", user_id=user.id, share_links_off=turned_off)
    return Secured(user, turned_off)
