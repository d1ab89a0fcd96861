"""Messages sent through the contact form ("Contact us / report a problem")."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, db, utcnow
from models.user import EMAIL_MAX_LENGTH

CONTACT_MESSAGE_MAX_LENGTH = 2000
CONTACT_NAME_MAX_LENGTH = 100
CONTACT_PAGE_MAX_LENGTH = 300

# Stored value → what the reader chooses on the form.
CONTACT_TOPICS: dict[str, str] = {
    "mistake": "A mistake in a summary",
    "accessibility": "Accessibility problem",
    "privacy": "Privacy question",
    "other": "Something else",
}


class ContactMessage(db.Model):
    """What a visitor wrote, with the name and email address only if they chose to give them.
    No account and no network address is kept."""

    __tablename__ = "contact_messages"
    __table_args__ = (Index("ix_contact_messages_handled_created", "handled_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    topic: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(CONTACT_NAME_MAX_LENGTH), default="")
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), default="")
    page: Mapped[str] = mapped_column(String(CONTACT_PAGE_MAX_LENGTH), default="")
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
