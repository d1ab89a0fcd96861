"""WTForms used across the site. Every form carries a CSRF token.

Forms read and tidy what was posted (the shape: required fields, an email address that
looks like one); the rules live in the services, which raise `DomainError`. `attempt`
runs a service call for a form and puts those messages next to their fields. Limits and
choices come from the services' constants, so a form never repeats one.
"""

import calendar
from collections.abc import Callable
from typing import TypeVar

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
from wtforms.validators import DataRequired, Email, InputRequired, Length

from models.contact import CONTACT_MESSAGE_MAX_LENGTH, CONTACT_TOPICS
from models.digest import DEFAULT_MAX_ARTICLES, FREQUENCIES
from models.editorial import FEEDBACK_MAX_LENGTH
from models.saved import NOTE_MAX_LENGTH
from models.user import (
    CREDENTIALS_MAX_LENGTH,
    DISPLAY_NAME_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    ROLE_LABELS,
)
from services.accounts import PASSWORD_HINT, ROLE_MESSAGE
from services.contact import MESSAGE_HINT
from services.digests.settings import PAUSE_WEEKS, SEND_HOURS, WEEKDAYS
from services.errors import DomainError
from services.feedback import UNCLEAR_HINT
from services.saves import NOTE_HINT, normalize_note
from services.shares import EXPIRY_DAYS, EXPIRY_MESSAGE, LABEL_HINT
from services.staff import CREDENTIALS_HINT, NAME_HINT
from services.two_step import CODE_HINT, ENTER_CODE


def show_errors(form: FlaskForm, error: DomainError) -> None:
    """Put each message of a service's DomainError next to its field (or atop the form)."""
    for name, message in error.errors.items():
        field = form._fields.get(name)
        (field.errors if field is not None else form.form_errors).append(message)


T = TypeVar("T")


def attempt(form: FlaskForm, action: Callable[[], T]) -> T | None:
    """Run the service call `action` for a valid form: its result, or None when the service
    refused (its messages are then on the form)."""
    try:
        return action()
    except DomainError as error:
        show_errors(form, error)
        return None


def _strip(value: str | None) -> str | None:
    """Readers often paste an email address with a space around it."""
    return value.strip() if isinstance(value, str) else value


class _Readable:
    """Input that cannot be read (a word where a number belongs) becomes None, and the
    service says what is wrong, with the same message as for any other bad value."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None


class _NumberChoice(_Readable, SelectField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=int, validate_choice=False, **kwargs)


class _Number(_Readable, IntegerField):
    pass


def _email_field(required: str, label: str = "Email address", **kwargs) -> EmailField:
    return EmailField(
        label,
        filters=[_strip],
        validators=[
            DataRequired(required),
            Email("Enter an email address like name@example.com."),
            Length(max=EMAIL_MAX_LENGTH),
        ],
        **kwargs,
    )


def _new_password_field(label: str, required: str, **kwargs) -> PasswordField:
    """Every field for choosing a password has these validators (sign-up, reset, settings)."""
    return PasswordField(
        label, description=PASSWORD_HINT, validators=[DataRequired(required)], **kwargs
    )


def _role_field(**kwargs) -> RadioField:
    return RadioField(
        "Which best describes you?",
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[InputRequired(ROLE_MESSAGE)],
        validate_choice=False,
        **kwargs,
    )


class NextForm(FlaskForm):
    """A button-only form (follow, log out) that remembers the page to go back to."""

    next = HiddenField()


class SignupForm(FlaskForm):
    email = _email_field("Enter your email address.")
    password = _new_password_field("Password", "Choose a password.")
    role = _role_field()
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


def _code_field(label: str, field_id: str | None = None, hint: str = CODE_HINT) -> StringField:
    """A code from the authenticator app or a recovery code; the service reads either."""
    return StringField(
        label,
        id=field_id,
        description=hint,
        filters=[_strip],
        validators=[DataRequired(ENTER_CODE)],
        render_kw={
            "autocomplete": "one-time-code",
            "spellcheck": "false",
            "autocapitalize": "none",
        },
    )


class LoginCodeForm(FlaskForm):
    """The second step of logging in, for accounts with two-step sign-in on."""

    code = _code_field("Code")


class ConfirmTwoStepForm(FlaskForm):
    code = _code_field(
        "Code from your app", "confirm-code", "The 6-digit code the app shows for Plainly."
    )


class NewRecoveryCodesForm(FlaskForm):
    code = _code_field("Code from your app or a recovery code", "new-codes-code")


class TurnOffTwoStepForm(FlaskForm):
    password = PasswordField(
        "Your password", id="off-password", validators=[DataRequired("Enter your password.")]
    )
    code = _code_field("Code from your app or a recovery code", "off-code")


class BylineForm(FlaskForm):
    """How a member of staff is named on the pages they review."""

    display_name = StringField(
        "Your name", description=NAME_HINT, render_kw={"maxlength": DISPLAY_NAME_MAX_LENGTH}
    )
    credentials = StringField(
        "Credentials",
        description=CREDENTIALS_HINT,
        render_kw={"maxlength": CREDENTIALS_MAX_LENGTH},
    )


class DeleteAccountForm(FlaskForm):
    """Deleting an account is confirmed with its password; the service checks it."""

    password = PasswordField(
        "Your password",
        id="delete-password",
        description="To be sure it is you.",
        validators=[DataRequired("Enter your password to delete your account.")],
    )


class ResetRequestForm(FlaskForm):
    email = _email_field("Enter the email address you signed up with.")


class NewPasswordForm(FlaskForm):
    password = _new_password_field("New password", "Choose a new password.")


def _current_password_field(field_id: str) -> PasswordField:
    return PasswordField(
        "Your current password",
        id=field_id,
        validators=[DataRequired("Enter your current password.")],
    )


class ChangeEmailForm(FlaskForm):
    """A new address for the account; it takes effect once confirmed from its inbox."""

    email = _email_field("Enter your new email address.", "New email address", id="new-email")
    password = _current_password_field("email-password")


class ChangePasswordForm(FlaskForm):
    current_password = _current_password_field("current-password")
    # The same field as the reset form's, so a rule about new passwords applies to both.
    password = _new_password_field("New password", "Choose a new password.", id="new-password")
    password_again = PasswordField(
        "New password again",
        id="new-password-again",
        validators=[DataRequired("Type the new password a second time.")],
    )


class RoleForm(FlaskForm):
    role = _role_field(id="reader-role")


class NoteForm(FlaskForm):
    """The private note on a saved article."""

    note = TextAreaField(
        "Your private note",
        description=NOTE_HINT,
        filters=[normalize_note],
        render_kw={"rows": 4, "data-max-length": NOTE_MAX_LENGTH},
    )
    next = HiddenField()


NEVER = "never"


class ShareForm(FlaskForm):
    """Options for a new read-only link to the saved list."""

    # No maxlength attribute: a longer name is refused with a message, never cut silently.
    label = StringField(
        "A name for this link (optional)", description=LABEL_HINT, render_kw={"autocomplete": "off"}
    )
    include_notes = BooleanField("Include my private notes on the shared page")
    expires = RadioField(
        "When should the link stop working?",
        choices=[SelectChoice(str(days), f"After {days} days") for days in EXPIRY_DAYS]
        + [SelectChoice(NEVER, "Never: it works until I turn it off")],
        default="30",
        validators=[InputRequired(EXPIRY_MESSAGE)],
        validate_choice=False,
    )

    @property
    def expires_in_days(self) -> int | None:
        """None for a link without expiry; a value that is no number of days gives 0."""
        if self.expires.data == NEVER:
            return None
        value = self.expires.data or ""
        return int(value) if value.isdigit() else 0


def _hour_label(hour: int) -> str:
    if hour in (0, 12):
        return f"{hour:02d}:00 {'midnight' if hour == 0 else 'midday'}"
    suffix = (
        "in the morning" if hour < 12 else "in the afternoon" if hour < 18 else "in the evening"
    )
    return f"{hour:02d}:00 {suffix}"


class DigestForm(FlaskForm):
    """Digest preferences; `services.digests.settings.update` checks every value."""

    frequency = RadioField(
        "How often would you like a digest email?",
        choices=[SelectChoice(value, label) for value, label in FREQUENCIES.items()],
        validate_choice=False,
    )
    weekday = _NumberChoice(
        "Day for the weekly digest",
        description="Only used for weekly digests.",
        choices=[SelectChoice(n, calendar.day_name[n]) for n in WEEKDAYS],
    )
    send_hour = _NumberChoice(
        "Time to send it",
        description="In your own time zone. It can arrive up to an hour later.",
        choices=[SelectChoice(h, _hour_label(h)) for h in SEND_HOURS],
    )
    # Drawn as a select of the IANA names (templates/settings/_digest.html); any name the
    # service knows is taken, so the field reads text.
    timezone = StringField(
        "Your time zone",
        filters=[_strip],
        description="Listed by region and nearest big city, for example Europe › London.",
    )
    max_articles = _Number(
        "Most articles in one digest",
        description=f"A short digest is easier on tired eyes. We suggest {DEFAULT_MAX_ARTICLES}.",
    )

    def preferences(self) -> dict:
        """The posted values, as `settings.update` takes them."""
        names = ("frequency", "weekday", "send_hour", "timezone", "max_articles")
        return {name: self[name].data for name in names}


class PauseForm(FlaskForm):
    weeks = _NumberChoice(
        "Pause digests for",
        choices=[SelectChoice(w, f"{w} week" if w == 1 else f"{w} weeks") for w in PAUSE_WEEKS],
    )


class FeedbackForm(FlaskForm):
    """ "Was this page helpful?": two submit buttons named `helpful` and an optional text."""

    helpful = HiddenField("Was this page helpful?")
    unclear = TextAreaField(
        "What was unclear?",
        description=UNCLEAR_HINT,
        render_kw={"rows": 3, "data-max-length": FEEDBACK_MAX_LENGTH},
    )

    @property
    def answer(self) -> bool | None:
        """True for Yes, False for No, None when neither button was pressed."""
        return {"yes": True, "no": False}.get(self.helpful.data or "")


class ContactForm(FlaskForm):
    topic = RadioField(
        "What is your message about?",
        choices=[SelectChoice(value, label) for value, label in CONTACT_TOPICS.items()],
        validate_choice=False,
    )
    message = TextAreaField(
        "Your message",
        description=MESSAGE_HINT,
        render_kw={"rows": 8, "data-max-length": CONTACT_MESSAGE_MAX_LENGTH},
    )
    page = StringField(
        "The page it is about (optional)",
        filters=[_strip],
        description="The web address or title of the page, if your message is about one.",
    )
    name = StringField("Your name (optional)", filters=[_strip])
    email = EmailField(
        "Your email address (optional)",
        filters=[_strip],
        description="Only if you would like a reply. We use it for nothing else.",
    )

    def values(self) -> dict:
        """The posted values, as `services.contact.submit` takes them."""
        return {name: self[name].data for name in ("topic", "message", "name", "email", "page")}
