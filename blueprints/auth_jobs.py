"""The sign-up and reset work done in the background (services.background), after the answer.

The pages answer the same whether or not an address has an account; the lookup, the new
account and the email happen here, out of the request, so the time they take tells
nothing either. Each job commits its own work and logs a mail problem, never raises it.
"""

import logging

from models import db
from services import accounts, mail, security_log

log = logging.getLogger("plainly.auth")


def finish_signup(
    email: str, password_hash: str, role: str, timezone: str | None, nonce: str, ip: str | None
) -> None:
    """Create the account and send its confirmation link, or tell the owner of a taken
    address that someone tried to sign up with it."""
    user, created = accounts.register(email, password_hash, role, timezone)
    db.session.commit()
    security_log.record("signup.created" if created else "signup.existing", user_id=user.id, ip=ip)
    try:
        if created:
            accounts.send_verification(user, nonce=nonce)
        else:
            accounts.send_signup_notice(user)
        db.session.commit()
    except mail.MailError:
        db.session.rollback()
        log.exception("Could not send the sign-up email to user %s", user.id)


def send_reset_link(email: str, ip: str | None) -> None:
    """Email a reset link if an account has the address (at most one per cooldown)."""
    user = accounts.find_by_email(email)
    try:
        sent = accounts.request_password_reset(email)
        db.session.commit()
    except mail.MailError:
        db.session.rollback()
        sent = False
        log.exception("Could not send a password reset email")
    security_log.record(
        "password_reset.requested", user_id=user.id if user else None, sent=sent, ip=ip
    )
