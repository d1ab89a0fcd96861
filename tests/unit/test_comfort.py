"""Reading comfort: the choices, their defaults, and reading a visitor's cookie safely."""

import json

import pytest

from models import User, db
from models.comfort import CHOICES, DEFAULTS
from services import comfort, export
from services.comfort import DEFAULT, Comfort
from services.errors import DomainError
from tests.factories import make_user

EVERY_CHANGE = {
    "text_size": "largest",
    "line_spacing": "roomy",
    "theme": "contrast",
    "motion": "reduce",
    "font": "readable",
}


def test_the_defaults_are_the_first_choice_of_each_setting():
    assert (
        DEFAULT.values()
        == DEFAULTS
        == {
            "text_size": "standard",
            "line_spacing": "normal",
            "theme": "system",
            "motion": "system",
            "font": "default",
        }
    )
    assert DEFAULT.is_default and not Comfort(theme="dark").is_default


def test_the_html_classes_name_each_setting_and_choice():
    assert Comfort(**EVERY_CHANGE).html_class.split() == [
        "text-size-largest",
        "line-spacing-roomy",
        "theme-contrast",
        "motion-reduce",
        "font-readable",
    ]


def test_four_text_sizes():
    assert list(CHOICES["text_size"]) == ["standard", "large", "larger", "largest"]


def test_a_cookie_reads_back_what_was_written():
    chosen = Comfort(**EVERY_CHANGE)
    value = comfort.to_cookie(chosen)
    assert value == (
        "text_size=largest.line_spacing=roomy.theme=contrast.motion=reduce.font=readable"
    )
    assert comfort.from_cookie(value) == chosen


@pytest.mark.parametrize(
    "cookie, expected",
    [
        (None, DEFAULT),
        ("", DEFAULT),
        ("nonsense", DEFAULT),
        ("theme=dark", Comfort(theme="dark")),
        # An unknown choice falls back to its default; the known ones are kept.
        ("theme=purple.text_size=larger", Comfort(text_size="larger")),
        ("text_size=9000px.font=readable", Comfort(font="readable")),
        # Names that are no setting, or attribute names, are ignored.
        ("is_default=true.__class__=x.theme=dark", Comfort(theme="dark")),
        ("theme=<script>.motion=reduce", Comfort(motion="reduce")),
        ("theme==dark", DEFAULT),
        ("theme=dark" + ".x" * 200, DEFAULT),  # longer than any real cookie: not read
    ],
)
def test_a_cookie_only_ever_gives_known_choices(cookie, expected):
    assert comfort.from_cookie(cookie) == expected


def test_check_names_every_unknown_or_missing_choice_at_once():
    with pytest.raises(DomainError) as refused:
        comfort.check(text_size="huge", line_spacing=None, theme="", motion="reduce", font="comic")
    assert refused.value.errors == {
        "text_size": "Choose a text size.",
        "line_spacing": "Choose the space between lines.",
        "theme": "Choose a color theme.",
        "font": "Choose a font.",
    }


def test_check_returns_the_choices():
    assert comfort.check(**EVERY_CHANGE) == Comfort(**EVERY_CHANGE)


def test_check_refuses_a_setting_that_does_not_exist():
    with pytest.raises(TypeError):
        comfort.check(color="red")


def test_changed_keeps_the_other_settings():
    before = Comfort(theme="dark", font="readable")
    assert comfort.changed(before, text_size="large") == Comfort(
        text_size="large", theme="dark", font="readable"
    )
    with pytest.raises(DomainError) as refused:
        comfort.changed(before, text_size="enormous")
    assert refused.value.errors == {"text_size": "Choose a text size."}


def test_a_new_account_has_the_defaults_and_save_reports_what_changed(ctx):
    user = make_user()
    db.session.commit()
    assert comfort.of_user(user) == DEFAULT
    assert comfort.save(user, Comfort(text_size="larger", theme="dark")) == ["text_size", "theme"]
    assert comfort.save(user, Comfort(text_size="larger", theme="dark")) == []
    db.session.commit()
    db.session.expire_all()
    assert comfort.of_user(db.session.get(User, user.id)) == Comfort(
        text_size="larger", theme="dark"
    )


def test_a_stored_value_that_is_no_longer_a_choice_reads_as_the_default(ctx):
    user = make_user()
    user.theme, user.font = "sepia", "readable"
    assert comfort.of_user(user) == Comfort(font="readable")


def test_the_data_export_holds_the_reading_settings(ctx):
    user = make_user()
    comfort.save(user, Comfort(**EVERY_CHANGE))
    db.session.commit()
    data = json.loads(export.to_json(user))
    assert data["profile"]["reading_comfort"] == EVERY_CHANGE
