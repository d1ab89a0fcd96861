"""The forms of the editor: the article, and the small forms of each workflow step.

The article form checks only the shape of what was posted (lengths, whole numbers); the
rules (slug, PMID, DOI, choices, the update note) live in services.authoring, and
`blueprints.editor.views.save` shows both kinds of message at once.
"""

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp

from models import Article, Topic, User
from models.article import CONDITIONS, PHASES, POPULATIONS, STUDY_TYPES
from services import authoring, editorial
from services.editor_lists import FILTER_STATUSES

MARKDOWN_HINT = (
    "Leave a blank line between paragraphs. Start a line with - for a bullet. "
    "**bold**, *italic* and [link text](https://…) work."
)
WHOLE_NUMBER = r"^\d*$"


class _Checkboxes(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _text(label: str, rows: int = 6, hint: str = MARKDOWN_HINT) -> TextAreaField:
    return TextAreaField(label, description=hint, render_kw={"rows": rows})


def _choices(options: dict[str, str] | list[str], empty: str) -> list[SelectChoice]:
    pairs = options.items() if isinstance(options, dict) else ((o, o) for o in options)
    return [SelectChoice("", empty)] + [SelectChoice(v, label) for v, label in pairs]


class ArticleForm(FlaskForm):
    title = StringField("Title", validators=[Length(max=200)])
    slug = StringField(
        "Web address (slug)",
        description="Lower-case words joined by hyphens. Leave empty to make one from the title.",
        validators=[Length(max=authoring.SLUG_MAX_LENGTH)],
    )
    summary = _text("Summary", 3, "One short paragraph in plain words.")
    found = _text("What the study found")
    for_patients = _text("For people living with the condition")
    for_caregivers = _text("For caregivers and family")
    for_clinicians = _text("For healthcare professionals")
    limitations = _text("Limitations")
    question_1 = StringField("Question 1 to ask a specialist", validators=[Length(max=300)])
    question_2 = StringField("Question 2", validators=[Length(max=300)])
    question_3 = StringField("Question 3", validators=[Length(max=300)])
    study_type = SelectField(
        "Type of study", choices=_choices(STUDY_TYPES, "Choose…"), validate_choice=False
    )
    phase = SelectField(
        "Trial phase",
        choices=_choices(sorted(PHASES), "Not a trial, or not reported"),
        validate_choice=False,
    )
    participants = StringField(
        "Participants",
        description="A whole number. Leave empty when the paper does not report it.",
        validators=[Regexp(WHOLE_NUMBER, message="Enter a whole number, or leave it empty.")],
    )
    population = SelectField(
        "Studied in", choices=_choices(POPULATIONS, "Choose…"), validate_choice=False
    )
    conditions = _Checkboxes(
        "Conditions",
        choices=[SelectChoice(v, label) for v, label in CONDITIONS.items()],
        validate_choice=False,
    )
    source_title = StringField("Title of the paper", validators=[Length(max=500)])
    source_first_author = StringField("First author", validators=[Length(max=200)])
    source_journal = StringField("Journal", validators=[Length(max=200)])
    source_year = StringField(
        "Year published",
        validators=[Regexp(WHOLE_NUMBER, message="Enter the year, like 2024.")],
    )
    source_url = StringField(
        "Link to the original study", description="Starts with https://",
        validators=[Length(max=500)],
    )  # fmt: skip
    source_pmid = StringField("PubMed ID (PMID)", description="Digits only.")
    source_doi = StringField("DOI", description="Starts with 10.", validators=[Length(max=200)])
    topic_ids = _Checkboxes("Topics", coerce=int, validate_choice=False)
    update_note = StringField(
        "Public note about this change",
        description=(
            "Needed when the article is live: one line readers see as "
            f"“Updated <date>: <note>”, at most {authoring.NOTE_MAX_LENGTH} characters."
        ),
    )

    def offer_topics(self, topics: list[Topic], article: Article | None) -> None:
        """Topic checkboxes: archived topics only when the article already has them."""
        kept = {t.id for t in article.topics} if article else set()
        self.topic_ids.choices = [
            (t.id, t.name) for t in topics if not t.is_archived or t.id in kept
        ]

    def fill(self, article: Article) -> None:
        """Show an article's current values (on GET)."""
        data = authoring.snapshot(article)
        for name in authoring.TEXT_FIELDS + ("conditions", "topic_ids"):
            self[name].data = data[name]
        questions = data["questions"] + ["", "", ""]
        for i in range(editorial.QUESTION_COUNT):
            self[f"question_{i + 1}"].data = questions[i]
        self.participants.data = "" if article.participants is None else str(article.participants)
        self.source_year.data = str(article.source_year) if article.source_year else ""

    def values(self) -> dict[str, Any]:
        """The posted fields as services.authoring takes them; unreadable numbers are None."""
        data = {name: self[name].data for name in authoring.TEXT_FIELDS}
        data["questions"] = [self[f"question_{i + 1}"].data for i in range(3)]
        data["conditions"] = self.conditions.data or []
        data["topic_ids"] = self.topic_ids.data or []
        data["participants"] = _number(self.participants.data)
        data["source_year"] = _number(self.source_year.data)
        return data


def _number(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


class CommentForm(FlaskForm):
    """Submit, approve, reopen and request changes: an optional (or required) comment."""

    comment = TextAreaField("Comment", render_kw={"rows": 3})


class PublishForm(FlaskForm):
    publish_at = DateTimeLocalField(
        "Publish at (UTC)",
        description="Time in UTC, the same as London time in winter. Leave empty to publish now.",
        validators=[Optional()],
    )


class UnpublishForm(FlaskForm):
    comment = TextAreaField(
        "Why is it coming down?", description="Kept in the history; not shown to readers."
    )


class ReviewDueForm(FlaskForm):
    due = DateField("Next review due", validators=[Optional()])


class NoteForm(FlaskForm):
    """Restoring a revision of a live article needs the public note as well."""

    update_note = StringField("Public note about this change")


class ListFilterForm(FlaskForm):
    """The filters of /editor/articles, read from the query string."""

    class Meta:
        csrf = False

    status = SelectField(
        "Status", choices=_choices(FILTER_STATUSES, "Any status"), validate_choice=False
    )
    topic = SelectField("Topic", validate_choice=False)
    author = SelectField("Author", validate_choice=False)
    q = StringField("Title contains", validators=[Length(max=100)])

    def offer(self, topics: list[Topic], members: list[User]) -> None:
        self.topic.choices = [SelectChoice("", "Any topic")] + [
            SelectChoice(str(t.id), t.name) for t in topics
        ]
        self.author.choices = [SelectChoice("", "Anyone")] + [
            SelectChoice(str(u.id), u.byline) for u in members
        ]

    def criteria(self) -> dict[str, Any]:
        """The filters as services.editor_lists.article_list takes them."""
        return {
            "status": self.status.data or None,
            "topic_id": _number(self.topic.data),
            "author_id": _number(self.author.data),
            "text": None if self.q.errors else self.q.data,
        }
