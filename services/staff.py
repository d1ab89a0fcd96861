"""Staff permissions: who may write, review and administer. Separate from the reader role.

A member of staff has one role at a time (`User.staff_role`); a clinician reviewer still reads
Plainly like anyone else. Staff also have the name and credentials line shown on the pages
they review (`User.byline`).
"""

from sqlalchemy import select

from models import StaffRole, User, db
from models.user import CREDENTIALS_MAX_LENGTH, DISPLAY_NAME_MAX_LENGTH
from services import security_log
from services.accounts import find_by_email
from services.errors import DomainError

# Any member of staff: the editor's front page, lists, previews, histories, reader feedback.
STAFF = "staff"
WRITE = "write"  # write and import summaries, submit them for review
REVIEW = "review"  # clinically check, request changes, approve, schedule, publish
ADMIN = "admin"  # staff, topics and everything else

PERMISSIONS = {
    STAFF: set(StaffRole),
    WRITE: {StaffRole.EDITOR, StaffRole.ADMIN},
    REVIEW: {StaffRole.REVIEWER, StaffRole.ADMIN},
    ADMIN: {StaffRole.ADMIN},
}

ROLE_NAMES = ", ".join(role.value for role in StaffRole)
ROLE_MESSAGE = f"Choose a staff role: {ROLE_NAMES}."
NAME_HINT = "How you are named on the pages you review, for example “Dr A. Example”."
CREDENTIALS_HINT = "Your role or qualification, for example “consultant neurologist”."


def can(user: User | None, permission: str) -> bool:
    """True when `user` is staff with a role that grants `permission`."""
    return user is not None and user.staff_role in PERMISSIONS[permission]


def _tidy(value: str | None) -> str | None:
    """Spaces collapsed; an empty value means none."""
    if value is None:
        return None
    return " ".join(value.split()) or None


def _byline_errors(display_name: str | None, credentials: str | None) -> dict[str, str]:
    errors = {}
    if display_name and len(display_name) > DISPLAY_NAME_MAX_LENGTH:
        errors["display_name"] = f"Use at most {DISPLAY_NAME_MAX_LENGTH} characters."
    if credentials and len(credentials) > CREDENTIALS_MAX_LENGTH:
        errors["credentials"] = f"Use at most {CREDENTIALS_MAX_LENGTH} characters."
    return errors


def _account(email: str, errors: dict[str, str]) -> User | None:
    user = find_by_email(email)
    if user is None:
        errors["email"] = f"No account uses the email address {email.strip()}."
    return user


def promote(
    email: str, role: str, display_name: str | None = None, credentials: str | None = None
) -> User:
    """Give the account with `email` the staff `role` (editor, reviewer or admin), replacing
    any role it had. A name or credentials line given is stored; None keeps the current one.

    Raises DomainError for an unknown email address or role. The caller commits.
    """
    errors: dict[str, str] = {}
    user = _account(email, errors)
    if role not in set(StaffRole):
        errors["role"] = ROLE_MESSAGE
    display_name, credentials = _tidy(display_name), _tidy(credentials)
    errors |= _byline_errors(display_name, credentials)
    if errors:
        raise DomainError(errors)
    security_log.record("staff.promoted", user_id=user.id, role=role, before=user.staff_role)
    user.staff_role = role
    if display_name is not None:
        user.display_name = display_name
    if credentials is not None:
        user.credentials = credentials
    return user


def demote(email: str, role: str) -> User:
    """Take the staff `role` away from the account with `email`: it is a reader again.

    Raises DomainError for an unknown email address or role, or when the account does not
    have that role. The caller commits.
    """
    errors: dict[str, str] = {}
    user = _account(email, errors)
    if role not in set(StaffRole):
        errors["role"] = ROLE_MESSAGE
    elif user is not None and user.staff_role != role:
        has = f"is {user.staff_role}" if user.staff_role else "has no staff role"
        errors["role"] = f"{user.email} {has}, not {role}."
    if errors:
        raise DomainError(errors)
    user.staff_role = None
    security_log.record("staff.demoted", user_id=user.id, role=role)
    return user


def list_staff() -> list[User]:
    """Every member of staff, admins first, then reviewers and editors, by email address."""
    order = {StaffRole.ADMIN: 0, StaffRole.REVIEWER: 1, StaffRole.EDITOR: 2}
    users = db.session.scalars(
        select(User).where(User.staff_role.is_not(None)).order_by(User.email)
    )
    return sorted(users, key=lambda user: order.get(user.staff_role, len(order)))


def list_accounts() -> list[User]:
    """Every account, staff or not, by email address."""
    return list(db.session.scalars(select(User).order_by(User.email)))


def update_byline(user: User, display_name: str | None, credentials: str | None) -> User:
    """Change the name and credentials line a member of staff is shown with; empty clears.

    Raises DomainError when `user` is not staff or a value is too long. The caller commits.
    """
    if not user.is_staff:
        raise DomainError({"display_name": "Only staff are named on reviewed pages."})
    display_name, credentials = _tidy(display_name), _tidy(credentials)
    if errors := _byline_errors(display_name, credentials):
        raise DomainError(errors)
    user.display_name, user.credentials = display_name, credentials
    security_log.record("staff.byline_changed", user_id=user.id)
    return user
