"""WTForms used across the site. Every form carries a CSRF token."""

import calendar

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from models.digest import FREQUENCIES
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
    # Filled in by static/js/timezone.js when JavaScript is on; checked by the service.
    timezone = HiddenField(filters=[_strip])


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


class _Choice(SelectField):
    """A select whose "not a valid choice" message says what to choose."""

    def __init__(self, *args, invalid: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid = invalid

    def pre_validate(self, form) -> None:
        if self.data not in {self.coerce(c.value) for c in self.iter_choices()}:
            raise ValidationError(self.invalid)

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None


def _hour_label(hour: int) -> str:
    suffix = (
        "in the morning" if hour < 12 else "in the afternoon" if hour < 18 else "in the evening"
    )
    return f"{hour:02d}:00 {suffix}" if hour else "00:00 midnight"


class ResetRequestForm(FlaskForm):
    email = EmailField(
        "Email address",
        filters=[_strip],
        validators=[
            DataRequired("Enter the email address you signed up with."),
            Email("Enter an email address like name@example.com."),
            Length(max=254),
        ],
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        description="At least 10 characters. A short phrase is easy to remember.",
        validators=[DataRequired("Choose a new password."), Length(max=200)],
    )


class DigestForm(FlaskForm):
    frequency = RadioField(
        "How often would you like a digest email?",
        choices=[SelectChoice(value, label) for value, label in FREQUENCIES.items()],
        validators=[InputRequired("Choose how often you would like a digest.")],
    )
    weekday = _Choice(
        "Day for the weekly digest",
        choices=[SelectChoice(n, name) for n, name in enumerate(calendar.day_name)],
        coerce=int,
        invalid="Choose a day of the week.",
    )
    send_hour = _Choice(
        "Time to send it",
        description="In your own time zone. It can arrive up to an hour later.",
        choices=[SelectChoice(h, _hour_label(h)) for h in range(24)],
        coerce=int,
        invalid="Choose an hour from 0 to 23.",
    )
    timezone = StringField(
        "Your time zone",
        filters=[_strip],
        description="A name like Europe/London or America/New_York. Empty means UTC.",
        validators=[Length(max=64, message="Use a time zone name like Europe/London.")],
    )
    max_articles = IntegerField(
        "Most articles in one digest",
        description="A short digest is easier on tired eyes. We suggest 5.",
        validators=[
            InputRequired("Enter a number from 1 to 20."),
            NumberRange(1, 20, "Enter a number from 1 to 20."),
        ],
    )


class PauseForm(FlaskForm):
    weeks = _Choice(
        "Pause digests for",
        choices=[SelectChoice(w, f"{w} week" if w == 1 else f"{w} weeks") for w in range(1, 9)],
        coerce=int,
        invalid="Choose a pause from 1 to 8 weeks.",
    )
