"""The search form: words and filters, read from the URL (a GET form changes nothing, so it
carries no CSRF token). The choices come from the models' tables; the year range rule is
`services.search.Filters.check`."""

from collections.abc import Mapping, Sequence

from wtforms import Form, IntegerField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from models import Topic
from models.article import CONDITIONS, POPULATIONS, STUDY_TYPES
from services.search import MAX_QUERY_LENGTH, Filters

# Each message names its field, so the error summary reads on its own.
YEAR_INVALID = "Enter “{label}” as a year of four digits, like 2021."
FILTER_FIELDS = ("topic", "condition", "study_type", "population", "year_from", "year_to")


CHOICE_INVALID = "Choose one of the listed options for “{label}”."


class _Choice(SelectField):
    def pre_validate(self, form) -> None:
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(CHOICE_INVALID.format(label=self.label.text))


def _choices(any_label: str, options: Mapping[str, str]) -> list[SelectChoice]:
    return [SelectChoice("", any_label), *(SelectChoice(k, v) for k, v in options.items())]


def _year(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional()],
        invalid_value_message=YEAR_INVALID.format(label=label),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 6},
    )


class SearchForm(Form):
    q = SearchField(
        "Words to look for",
        description="For example: fatigue, vitamin D, pregnancy, Ocrevus, MOG.",
        filters=[lambda v: (v or "")[:MAX_QUERY_LENGTH].strip()],
        render_kw={"maxlength": MAX_QUERY_LENGTH},
    )
    topic = _Choice("Topic", choices=_choices("Any topic", {}))
    condition = _Choice("Condition", choices=_choices("Any condition", CONDITIONS))
    study_type = _Choice("Type of study", choices=_choices("Any type", STUDY_TYPES))
    population = _Choice("Who was studied", choices=_choices("Anyone", POPULATIONS))
    year_from = _year("Study year from")
    year_to = _year("Study year to")

    def __init__(self, formdata, topics: Sequence[Topic]):
        super().__init__(formdata)
        self.topic.choices = _choices("Any topic", {t.slug: t.name for t in topics})
        self.topic_ids = {t.slug: t.id for t in topics}

    @property
    def filtered(self) -> bool:
        """Whether any filter is set (the filters then show open)."""
        return any(self[name].data for name in FILTER_FIELDS)

    def filters(self) -> Filters:
        return Filters(
            topic_id=self.topic_ids.get(self.topic.data or ""),
            condition=self.condition.data or None,
            study_type=self.study_type.data or None,
            population=self.population.data or None,
            year_from=self.year_from.data,
            year_to=self.year_to.data,
        )
