"""Signing staff in for tests of the editor: made directly, then logged in through the forms."""

from models import User
from tests.conftest import Auth, login_staff
from tests.factories import make_staff


def log_in_staff(
    seed, client, staff_role: str = "editor", email: str | None = None, two_step=True, **kw
) -> User:
    """Create a member of staff (factories.make_staff) and log `client` in as them: password,
    then a code from their authenticator (with `two_step=False`, the password only, as for
    staff who have not set two-step sign-in up yet). Returns a detached snapshot of the user."""
    email = email or f"{staff_role}@example.com"
    with seed():
        user = make_staff(email, staff_role, two_step=two_step, **kw)
    if two_step:
        login_staff(client, email)
    else:
        assert Auth(client).login(email).status_code == 302, "logging in did not work"
    return user
