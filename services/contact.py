"""The contact form ("Contact us / report a problem") and the staff's list of its messages.

Only what the visitor typed and the time are kept: no account and no network address.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from models import ContactMessage, User, db
from models.contact import (
    CONTACT_MESSAGE_MAX_LENGTH,
    CONTACT_NAME_MAX_LENGTH,
    CONTACT_PAGE_MAX_LENGTH,
    CONTACT_TOPICS,
)
from models.user import EMAIL_MAX_LENGTH
from services import handling
from services.errors import DomainError
from services.feed import Cursor
from services.handling import ALL, HANDLED, UNHANDLED
from services.saves import normalize_note

PAGE_SIZE = 25
SHOWN = {UNHANDLED: "Not handled yet", HANDLED: "Handled", ALL: "All messages"}

TOPIC_MESSAGE = "Choose what your message is about."
MESSAGE_MISSING = "Write your message."
EMAIL_MESSAGE = "Enter an email address like name@example.com, or leave it empty."
# Enough to reply to: something@something.something, no spaces.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MESSAGE_HINT = (
    f"Up to {CONTACT_MESSAGE_MAX_LENGTH:,} characters. Please do not include medical details "
    "you would rather keep private."
)


@dataclass(frozen=True)
class ContactRow:
    """One message as staff see it, with who handled it."""

    id: int
    created_at: datetime
    topic: str
    message: str
    name: str
    email: str
    page: str
    handled_at: datetime | None
    handled_by: str | None

    @property
    def topic_label(self) -> str:
        return CONTACT_TOPICS.get(self.topic, self.topic)

    @property
    def local_page(self) -> bool:
        """True when `page` is a path on this site, safe to show as a link."""
        return self.page.startswith("/") and not self.page.startswith("//")


@dataclass
class ContactPage:
    rows: list[ContactRow]
    older: Cursor | None


def _too_long(what: str, text: str, limit: int) -> str | None:
    if len(text) <= limit:
        return None
    return f"Please shorten {what} to {limit:,} characters or fewer (it has {len(text):,})."


def submit(
    topic: str | None,
    message: str | None,
    *,
    name: str | None = "",
    email: str | None = "",
    page: str | None = "",
) -> ContactMessage:
    """Store a message from the contact form. Every broken rule is reported at once.

    The email address is optional and kept only to reply.
    """
    text = normalize_note(message)
    name, email, page = (value.strip() if value else "" for value in (name, email, page))
    errors: dict[str, str] = {}
    if topic not in CONTACT_TOPICS:
        errors["topic"] = TOPIC_MESSAGE
    if not text:
        errors["message"] = MESSAGE_MISSING
    if email and not (len(email) <= EMAIL_MAX_LENGTH and _EMAIL.fullmatch(email)):
        errors["email"] = EMAIL_MESSAGE
    for field, what, value, limit in (
        ("message", "your message", text, CONTACT_MESSAGE_MAX_LENGTH),
        ("name", "your name", name, CONTACT_NAME_MAX_LENGTH),
        ("page", "the page it is about", page, CONTACT_PAGE_MAX_LENGTH),
    ):
        if problem := _too_long(what, value, limit):
            errors[field] = problem
    if errors:
        raise DomainError(errors)
    row = ContactMessage(topic=topic, message=text, name=name, email=email, page=page)
    db.session.add(row)
    db.session.flush()
    return row


def page(
    show: str = UNHANDLED, *, before: Cursor | None = None, limit: int = PAGE_SIZE
) -> ContactPage:
    """Messages newest first, one page at a time (keyset on created_at, id), in one query.

    show: UNHANDLED (anything unknown counts as this), HANDLED or ALL.
    """
    stmt = (
        select(
            ContactMessage.id,
            ContactMessage.created_at,
            ContactMessage.topic,
            ContactMessage.message,
            ContactMessage.name,
            ContactMessage.email,
            ContactMessage.page,
            ContactMessage.handled_at,
            func.coalesce(User.display_name, User.email).label("handled_by"),
        )
        .outerjoin(User, User.id == ContactMessage.handled_by_id)
        .where(handling.shown_filter(ContactMessage, show))
        .order_by(ContactMessage.created_at.desc(), ContactMessage.id.desc())
    )
    return ContactPage(*handling.newest_page(ContactMessage, stmt, before, limit, ContactRow))


def unhandled_count() -> int:
    """How many messages nobody has handled yet (for the editor's home)."""
    stmt = select(func.count()).where(ContactMessage.handled_at.is_(None))
    return db.session.scalar(stmt) or 0


def mark_handled(message_id: int, staff_id: int, now: datetime) -> bool | None:
    """Record that a member of staff dealt with a message.

    Returns True when it was marked, False when it had been handled already, None when no
    such message exists.
    """
    return handling.mark_handled(ContactMessage, message_id, staff_id, now)
