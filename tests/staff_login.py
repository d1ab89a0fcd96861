"""Staff accounts for tests of the editor: made directly, then logged in through /login."""

from datetime import UTC, datetime

from models import User, db
from tests.conftest import Auth
from tests.factories import make_user


def make_staff_member(email: str, staff_role: str) -> User:
    """A verified account with a staff role ("editor", "reviewer" or "admin")."""
    user = make_user(email)
    user.staff_role = staff_role
    user.email_verified_at = datetime(2026, 1, 1, tzinfo=UTC)
    db.session.flush()
    return user


def log_in_staff(seed, client, staff_role: str = "editor", email: str | None = None) -> User:
    """Create a member of staff and log `client` in as them with the password."""
    email = email or f"{staff_role}@example.com"
    with seed():
        user = make_staff_member(email, staff_role)
    response = Auth(client).login(email)
    assert response.status_code == 302, "logging in as staff did not work"
    return user
