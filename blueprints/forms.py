"""WTForms used across the site. Every form carries a CSRF token."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length

from models.saved import NOTE_MAX_LENGTH
from models.user import ROLE_LABELS
from services.saves import normalize_note


def _strip(value: str | None) -> str | None:
    """Readers often paste an email address with a space around it."""
    return value.strip() if isinstance(value, str) else value


class NextForm(FlaskForm):
    """A button-only form (follow, log out) that remembers the page to go back to."""

    next = HiddenField()


class SignupForm(FlaskForm):
    email = EmailField(
        "Email address",
        filters=[_strip],
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter an email address like name@example.com."),
            Length(max=254),
        ],
    )
    password = PasswordField(
        "Password",
        description="At least 10 characters. A short phrase is easy to remember.",
        validators=[DataRequired("Choose a password."), Length(max=200)],
    )
    role = RadioField(
        "Which best describes you?",
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[InputRequired("Choose the option that fits you best.")],
    )


class LoginForm(FlaskForm):
    email = EmailField(
        "Email address",
        filters=[_strip],
        validators=[DataRequired("Enter your email address.")],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()


def _note_length(_form, field) -> None:
    if len(field.data or "") > NOTE_MAX_LENGTH:
        raise ValidationError(
            f"Your note is {len(field.data):,} characters long. "
            f"Please shorten it to {NOTE_MAX_LENGTH:,} characters or fewer."
        )


class NoteForm(FlaskForm):
    """The private note on a saved article."""

    note = TextAreaField(
        "Your private note",
        description=(
            f"Up to {NOTE_MAX_LENGTH:,} characters. Only you can see it, unless you choose "
            "to include notes in a share link."
        ),
        filters=[normalize_note],
        validators=[_note_length],
        render_kw={"rows": 4, "data-max-length": NOTE_MAX_LENGTH},
    )
    next = HiddenField()


EXPIRY_CHOICES = [
    SelectChoice("7", "After 7 days"),
    SelectChoice("30", "After 30 days"),
    SelectChoice("90", "After 90 days"),
    SelectChoice("never", "Never: it works until I turn it off"),
]


class ShareForm(FlaskForm):
    """Options for a new read-only link to the saved list."""

    include_notes = BooleanField("Include my private notes on the shared page")
    expires = RadioField(
        "When should the link stop working?",
        choices=EXPIRY_CHOICES,
        default="30",
        validators=[InputRequired("Choose when the link stops working.")],
    )

    @property
    def expires_in_days(self) -> int | None:
        return None if self.expires.data == "never" else int(self.expires.data)
