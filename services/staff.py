"""Staff permissions: who may write, review and administer. Separate from the reader role."""

from models import StaffRole, User

WRITE = "write"  # write and import summaries, submit them for review
REVIEW = "review"  # clinically check, request changes, approve, schedule, publish
ADMIN = "admin"  # staff, topics and everything else
# Any staff role: pages every writer and reviewer works from (reader feedback, impact).
STAFF = "staff"

PERMISSIONS = {
    WRITE: {StaffRole.EDITOR, StaffRole.ADMIN},
    REVIEW: {StaffRole.REVIEWER, StaffRole.ADMIN},
    ADMIN: {StaffRole.ADMIN},
    STAFF: {StaffRole.EDITOR, StaffRole.REVIEWER, StaffRole.ADMIN},
}


def can(user: User | None, permission: str) -> bool:
    """True when `user` is staff with a role that grants `permission`."""
    return user is not None and user.staff_role in PERMISSIONS[permission]
