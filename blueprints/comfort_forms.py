"""The reading-comfort forms: the settings page's and the header's quick text-size control.

Their choices come from models/comfort.py; services.comfort.check says what is wrong.
"""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice

from blueprints.forms import NextForm
from models.comfort import CHOICES


def _choice_field(label: str, name: str, description: str | None = None) -> RadioField:
    return RadioField(
        label,
        description=description,
        choices=[SelectChoice(value, text) for value, text in CHOICES[name].items()],
        validate_choice=False,  # services.comfort.check names every unknown value at once
    )


class ComfortForm(FlaskForm):
    text_size = _choice_field("Text size", "text_size")
    line_spacing = _choice_field("Space between lines", "line_spacing")
    theme = _choice_field("Colors", "theme")
    motion = _choice_field("Movement on the page", "motion")
    font = _choice_field("Font", "font")

    def values(self) -> dict[str, str | None]:
        """The posted choices, as `services.comfort.check` takes them."""
        return {name: self[name].data for name in CHOICES}


class TextSizeForm(NextForm):
    """The header's text-size buttons: each posts its own `text_size` value."""

    text_size = HiddenField()
