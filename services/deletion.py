"""Delete my account: the account and every row that points at it, in one transaction.

`POLICY` says, for every column that references `users.id`, what deleting an account does
to its rows: the reader's own things (follows, muted topics, saves and notes, share links,
digests and their clicks, reads, recovery codes) are deleted; editorial records (articles,
revisions, workflow steps, handled feedback and contact messages) keep their text and lose the
link to the person. `tests/unit/test_deletion.py` fails when a column is missing from the policy.
Totals that never named anyone (an article's view count, feedback answers) stay as they are.
"""

from sqlalchemy import Column, Table, delete, func, select, update

from models import StaffRole, User, db
from services import mail
from services.accounts import password_matches
from services.errors import DomainError

DELETE, UNLINK = "delete", "unlink"

POLICY: dict[str, str] = {
    "follows.user_id": DELETE,
    "topic_mutes.user_id": DELETE,
    "saved_articles.user_id": DELETE,
    "share_links.user_id": DELETE,
    "digest_preferences.user_id": DELETE,
    "digests.user_id": DELETE,  # and their digest_items: which articles were clicked
    "article_reads.user_id": DELETE,
    "recovery_codes.user_id": DELETE,
    "articles.author_id": UNLINK,
    "articles.reviewed_by_id": UNLINK,
    "article_revisions.author_id": UNLINK,
    "article_events.actor_id": UNLINK,
    "feedback.handled_by_id": UNLINK,
    "contact_messages.handled_by_id": UNLINK,
}

WRONG_ANSWER = "That is not your password. Nothing has been deleted."
LAST_ADMIN = (
    "You are Plainly's only admin, so your account cannot be deleted yet. Make another "
    "member of staff an admin first."
)


def references_to(table: Table) -> list[Column]:
    """Every column of every table that has a foreign key to `table`."""
    return [
        fk.parent
        for other in db.metadata.sorted_tables
        for fk in other.foreign_keys
        if fk.column.table is table
    ]


def _delete_rows(table: Table, where) -> None:
    """Delete the rows of `table` matching `where`, after the rows that point at them."""
    keys = list(table.primary_key.columns)
    for child in references_to(table):
        # Only single-column keys are referenced in Plainly's schema.
        (parent,) = [key for key in keys if child.references(key)]
        _delete_rows(child.table, child.in_(select(parent).where(where)))
    db.session.execute(delete(table).where(where))


def _remove_references(user_id: int) -> None:
    for column in references_to(User.__table__):
        rule = POLICY[f"{column.table.name}.{column.name}"]
        if rule == DELETE:
            _delete_rows(column.table, column == user_id)
        else:
            db.session.execute(update(column.table).where(column == user_id).values({column: None}))


def is_last_admin(user: User) -> bool:
    """True when `user` is the only admin: Plainly would have nobody to manage staff."""
    if user.staff_role != StaffRole.ADMIN:
        return False
    admins = select(func.count()).select_from(User).where(User.staff_role == StaffRole.ADMIN)
    return db.session.scalar(admins) == 1


def delete_account(user: User, password: str) -> str:
    """Delete `user` and every row that references it, as `POLICY` says (not committed: the
    caller commits, so it all happens in one transaction or not at all).

    Returns the email address the account had, for the confirmation. Raises DomainError for
    a wrong password or for the last admin, deleting nothing.
    """
    if not password_matches(user, password):
        raise DomainError({"password": WRONG_ANSWER})
    if is_last_admin(user):
        raise DomainError({"account": LAST_ADMIN})
    email, user_id = user.email, user.id
    _remove_references(user_id)
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.expunge(user)
    return email


def send_confirmation(email: str) -> None:
    """Tell the address its Plainly account has been deleted. Raises mail.MailError."""
    mail.send(
        email,
        "Your Plainly account has been deleted",
        "account_deleted",
        contact_url=mail.external_url("about.contact_form", topic="privacy"),
    )
