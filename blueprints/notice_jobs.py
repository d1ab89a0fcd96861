"""Notices sent as jobs (services.background), after the answer: the change they tell of is
made and committed already, so a mail problem is retried by the queue, never shown."""

from models import User, db
from services import account_changes, deletion, email_change


def send_password_changed(user_id: int) -> None:
    """Tell the account's address its password changed. Raises mail.MailError (retried)."""
    user = db.session.get(User, user_id)
    if user is not None:
        account_changes.send_password_changed(user)


def send_change_link(user_id: int, new: str) -> None:
    """The confirmation link for a new address (or the notice that it has an account)."""
    user = db.session.get(User, user_id)
    if user is not None and user.email != new:
        email_change.send_change_link(user, new)


def send_email_changed(user_id: int, old: str) -> None:
    """Tell the old address of a change, with its undo link, while the change stands."""
    user = db.session.get(User, user_id)
    if user is not None and user.email != old:
        email_change.send_changed_notice(user, old)


def send_account_deleted(email: str) -> None:
    """Tell the address its account has been deleted."""
    deletion.send_confirmation(email)
