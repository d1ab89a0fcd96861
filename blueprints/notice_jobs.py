"""Notices sent as jobs (services.background), after the answer: the change they tell of is
made and committed already, so a mail problem is retried by the queue, never shown."""

from models import User, db
from services import account_changes


def send_password_changed(user_id: int) -> None:
    """Tell the account's address its password changed. Raises mail.MailError (retried)."""
    user = db.session.get(User, user_id)
    if user is not None:
        account_changes.send_password_changed(user)
