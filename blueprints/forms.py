"""WTForms used across the site. Every form carries a CSRF token."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length

from models.user import ROLE_LABELS


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
