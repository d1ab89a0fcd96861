"""Forms of topic administration. They read what was posted; services.topics checks it."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from models.topic import DESCRIPTION_MAX_LENGTH, TOPIC_GROUPS
from services.topics import DESCRIPTION_HINT, NAME_HINT


def _name_field() -> StringField:
    return StringField("Name", description=NAME_HINT)


def _description_field() -> TextAreaField:
    return TextAreaField(
        "Description",
        description=DESCRIPTION_HINT,
        render_kw={"rows": 3, "data-max-length": DESCRIPTION_MAX_LENGTH},
    )


class NewTopicForm(FlaskForm):
    name = _name_field()
    description = _description_field()


class RenameForm(FlaskForm):
    name = _name_field()


class DescribeForm(FlaskForm):
    description = _description_field()


class PlacementForm(FlaskForm):
    """Where the topics page lists a topic; services.topic_groups.place checks the group."""

    group = RadioField(
        "Which section of the topics page is it in?",
        choices=[SelectChoice(key, label) for key, label in TOPIC_GROUPS.items()],
        validate_choice=False,
    )
    starter = BooleanField("Suggest it to new readers in “New to this? Start here”")
