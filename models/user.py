import secrets
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, db, utcnow


class Role(StrEnum):
    PATIENT = "patient"
    CAREGIVER = "caregiver"
    CLINICIAN = "clinician"
    OTHER = "other"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.PATIENT: "I live with MS, NMOSD or MOGAD",
    Role.CAREGIVER: "I care for someone who does",
    Role.CLINICIAN: "I am a healthcare professional",
    Role.OTHER: "Something else",
}


EMAIL_MAX_LENGTH = 254  # the longest address SMTP allows


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.PATIENT.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the last verification email went out, for the resend cooldown.
    verification_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the last password reset email went out, so /reset cannot flood an inbox.
    reset_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    # Part of every session and remember-me cookie; changing it signs the user out everywhere.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
