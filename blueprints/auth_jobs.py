"""The sign-up and reset work done as jobs (services.background), after the answer.

The pages answer the same whether or not an address has an account; the lookup, the new
account and the email happen here, out of the request, so the time they take tells
nothing either. Each job commits its own work. Sending is a job of its own that raises
mail.MailError, so the queue retries the email alone, never the account it belongs to.
"""

from models import User, db
from services import accounts, background, security_log


def finish_signup(
    email: str, password_hash: str, role: str, timezone: str | None, nonce: str, ip: str | None
) -> None:
    """Create the account, then queue its confirmation link, or a notice to the owner of a
    taken address that someone tried to sign up with it."""
    user, created = accounts.register(email, password_hash, role, timezone)
    db.session.commit()
    security_log.record("signup.created" if created else "signup.existing", user_id=user.id, ip=ip)
    if created:
        background.enqueue(send_confirmation, user.id, nonce)
    else:
        background.enqueue(send_signup_notice, user.id)


def send_confirmation(user_id: int, nonce: str) -> None:
    """Email the confirmation link of a new account (nothing once it is confirmed).

    Raises mail.MailError, so the job is tried again."""
    user = db.session.get(User, user_id)
    if user is not None and not user.is_verified:
        accounts.send_verification(user, nonce=nonce)
        db.session.commit()


def send_signup_notice(user_id: int) -> None:
    """Tell the owner of an address someone tried to sign up with it. Raises mail.MailError."""
    user = db.session.get(User, user_id)
    if user is not None:
        accounts.send_signup_notice(user)
        db.session.commit()


def send_reset_link(email: str, ip: str | None) -> None:
    """Email a reset link if an account has the address (at most one per cooldown).

    Raises mail.MailError (logged first), so the job is tried again."""
    user = accounts.find_by_email(email)
    sent = False
    try:
        sent = accounts.request_password_reset(email)
        db.session.commit()
    finally:
        security_log.record(
            "password_reset.requested", user_id=user.id if user else None, sent=sent, ip=ip
        )
