import secrets
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, db, utcnow
from models.comfort import CHOICE_MAX_LENGTH, DEFAULTS


class Role(StrEnum):
    PATIENT = "patient"
    CAREGIVER = "caregiver"
    CLINICIAN = "clinician"
    OTHER = "other"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


class StaffRole(StrEnum):
    """What a member of staff may do; separate from the reader role (a reviewer also reads)."""

    EDITOR = "editor"  # writes, imports, submits for review
    REVIEWER = "reviewer"  # clinically checks, approves, schedules
    ADMIN = "admin"  # everything, plus staff and topics


ROLE_LABELS = {
    Role.PATIENT: "I live with MS, NMOSD or MOGAD",
    Role.CAREGIVER: "I care for someone who does",
    Role.CLINICIAN: "I am a healthcare professional",
    Role.OTHER: "Something else",
}


EMAIL_MAX_LENGTH = 254  # the longest address SMTP allows
DISPLAY_NAME_MAX_LENGTH = 120
CREDENTIALS_MAX_LENGTH = 200


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
    # When we last told the owner that someone tried to sign up with this address.
    signup_notice_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A made-up reader of `flask demo generate` (services.demo), at @generated.invalid.
    is_generated: Mapped[bool] = mapped_column(server_default=false())

    # Staff only: permissions, and the name and credentials shown on pages they review.
    staff_role: Mapped[str | None] = mapped_column(String(20))
    display_name: Mapped[str | None] = mapped_column(String(DISPLAY_NAME_MAX_LENGTH))
    credentials: Mapped[str | None] = mapped_column(String(CREDENTIALS_MAX_LENGTH))

    # Two-step sign-in: a TOTP secret (base32), once confirmed, and the last time step used,
    # so a code works only once.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    # Visits to the feed, for the "New to you" marks: when the reader last looked at it, and
    # when their previous visit ended (None until they come back a second time).
    feed_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    previous_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # The private Atom feed: the SHA-256 of its secret address part (the secret is not kept).
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    # Reading comfort (models/comfort.py): applied to every page the reader sees.
    text_size: Mapped[str] = mapped_column(String(CHOICE_MAX_LENGTH), default=DEFAULTS["text_size"])
    line_spacing: Mapped[str] = mapped_column(
        String(CHOICE_MAX_LENGTH), default=DEFAULTS["line_spacing"]
    )
    theme: Mapped[str] = mapped_column(String(CHOICE_MAX_LENGTH), default=DEFAULTS["theme"])
    motion: Mapped[str] = mapped_column(String(CHOICE_MAX_LENGTH), default=DEFAULTS["motion"])
    font: Mapped[str] = mapped_column(String(CHOICE_MAX_LENGTH), default=DEFAULTS["font"])

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_private_feed(self) -> bool:
        return self.feed_token_hash is not None

    @property
    def is_staff(self) -> bool:
        return self.staff_role is not None

    @property
    def has_two_step(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def byline(self) -> str:
        """How a reviewer is named on pages: "Dr A. Example, consultant neurologist"."""
        name = self.display_name or self.email.partition("@")[0]
        return f"{name}, {self.credentials}" if self.credentials else name

    # Part of every session and remember-me cookie; changing it signs the user out everywhere.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class RecoveryCode(db.Model):
    """A single-use code for two-step sign-in when the phone is not at hand; only a hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
