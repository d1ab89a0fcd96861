"""The settings page and its digest section: validation, pause and resume, CSRF."""

import re

import pytest
from sqlalchemy import select

from models import DigestPreference, db
from services.digests.settings import MESSAGES
from tests import pages
from tests.conftest import csrf_token, post

GOOD = {
    "frequency": "daily",
    "weekday": "3",
    "send_hour": "7",
    "timezone": "Europe/Berlin",
    "max_articles": "3",
}


def prefs(app) -> tuple:
    with app.app_context():
        p = db.session.scalar(select(DigestPreference))
        return (p.frequency, p.weekday, p.send_hour, p.timezone, p.max_articles, p.paused_until)


def selected(form: pages.Node, name: str) -> list[tuple[str, str]]:
    """(value, text) of each selected option of the form's <select name=...>."""
    options = form.find("select", name=name).find_all("option")
    return [(o.attrs["value"], o.text) for o in options if "selected" in o.attrs]


@pytest.fixture
def reader(auth, smtp):
    auth.signup()
    return auth


def test_settings_needs_login(client):
    response = client.get("/settings")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_settings_page_shows_the_digest_section_with_defaults(client, reader):
    response = client.get("/settings")
    page = response.get_data(as_text=True)
    form = pages.page(response).find("section", id="digest").find("form", action="/settings/digest")
    checked = [
        i.attrs["value"] for i in form.find_all("input", name="frequency") if "checked" in i.attrs
    ]
    assert checked == ["weekly"]
    assert selected(form, "weekday") == [("0", "Monday")]
    assert selected(form, "send_hour") == [("8", "08:00 in the morning")]
    hours = {
        o.attrs["value"]: o.text for o in form.find("select", name="send_hour").find_all("option")
    }
    assert (hours["0"], hours["12"], hours["13"]) == (
        "00:00 midnight",
        "12:00 midday",
        "13:00 in the afternoon",
    )
    assert selected(form, "timezone") == [("", "Not chosen: use UTC")]
    assert form.find("input", name="max_articles").attrs["value"] == "5"
    assert 'src="/static/js/timezone.js" defer' in page
    assert 'src="/static/js/settings.js" defer' in page
    assert "<script>" not in page and " style=" not in page and " onclick" not in page


def test_saving_valid_preferences(client, app, reader):
    response = post(client, "/settings/digest", {**GOOD, "frequency": "weekly"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/settings#digest"
    assert prefs(app)[:5] == ("weekly", 3, 7, "Europe/Berlin", 3)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timezone", "Mars/Olympus_Mons", MESSAGES["timezone"]),
        ("timezone", "../../etc/passwd", MESSAGES["timezone"]),
        ("send_hour", "25", MESSAGES["send_hour"]),
        ("send_hour", "eight", MESSAGES["send_hour"]),
        ("frequency", "hourly", MESSAGES["frequency"]),
        ("max_articles", "0", MESSAGES["max_articles"]),
        ("max_articles", "lots", MESSAGES["max_articles"]),
    ],
)
def test_bad_preferences_show_field_messages_and_change_nothing(
    client, app, reader, field, value, message
):
    before = prefs(app)
    response = post(client, "/settings/digest", {**GOOD, field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert message in page
    assert f'id="{field}-error"' in page or 'id="frequency-error"' in page
    assert "Please check the form" in page
    assert prefs(app) == before


def test_every_bad_preference_is_explained_at_once(client, app, reader):
    before = prefs(app)
    bad = {"frequency": "weekly", "weekday": "9", "send_hour": "noon", "timezone": "Mars/Base"}
    response = post(client, "/settings/digest", {**bad, "max_articles": "lots"})
    assert response.status_code == 422
    for name in ("weekday", "send_hour", "timezone", "max_articles"):
        assert f'id="{name}-error"' in response.get_data(as_text=True), name
    assert prefs(app) == before


@pytest.mark.parametrize("weeks", ["9", "0", "-1", "two"])
def test_bad_pause_shows_a_field_message_and_changes_nothing(client, app, reader, weeks):
    response = post(client, "/settings/digest/pause", {"weeks": weeks})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose a pause from 1 to 8 weeks." in page
    assert re.search(r'<input checked[^>]*value="weekly"', page)  # the saved settings still show
    assert prefs(app)[5] is None


def test_pause_and_resume(client, app, reader):
    page = post(client, "/settings/digest/pause", {"weeks": "2"}, follow_redirects=True)
    assert "Digests are paused until" in page.get_data(as_text=True)
    assert prefs(app)[5] is not None
    page = client.get("/settings").get_data(as_text=True)
    assert "Your digest is paused until" in page and "Start digests again now" in page
    page = post(client, "/settings/digest/resume", follow_redirects=True).get_data(as_text=True)
    assert "Digests are back on" in page
    assert "Your digest is paused until" not in page


@pytest.mark.parametrize(
    "url", ["/settings/digest", "/settings/digest/pause", "/settings/digest/resume"]
)
def test_settings_forms_without_csrf_token_are_400(client, app, reader, url):
    before = prefs(app)
    assert client.post(url, data={**GOOD, "weeks": "2"}).status_code == 400
    assert prefs(app) == before


def test_signup_keeps_a_valid_browser_time_zone_only(client, app, smtp):
    data = {"email": "a@example.com", "password": "a calm long passphrase", "role": "patient"}
    client.post(
        "/signup",
        data={**data, "csrf_token": csrf_token(client, "/signup"), "timezone": "America/Chicago"},
    )
    assert prefs(app)[3] == "America/Chicago"


def test_signup_ignores_a_bogus_browser_time_zone(client, app, smtp):
    data = {"email": "a@example.com", "password": "a calm long passphrase", "role": "patient"}
    response = client.post(
        "/signup",
        data={**data, "csrf_token": csrf_token(client, "/signup"), "timezone": "Nowhere/Land"},
    )
    assert response.status_code == 302
    assert prefs(app)[3] is None


def test_time_zone_is_a_select_grouped_by_region_with_the_saved_zone_chosen(client, app, reader):
    assert (
        post(client, "/settings/digest", {**GOOD, "timezone": "America/New_York"}).status_code
        == 302
    )
    form = pages.parse(client.get("/settings").get_data(as_text=True)).find(
        "form", action="/settings/digest"
    )
    select = form.find("select", name="timezone")
    regions = [g.attrs["label"] for g in select.find_all("optgroup")]
    assert regions[:3] == ["Africa", "America", "Antarctica"] and "Europe" in regions
    america = select.find("optgroup", label="America")
    assert ("America/New_York", "New York") in [
        (o.attrs["value"], o.text) for o in america.find_all("option")
    ]
    assert selected(form, "timezone") == [("America/New_York", "New York")]
    assert form.find("label", for_="timezone").text == "Your time zone"


def test_a_valid_zone_outside_the_list_stays_chosen(client, app, reader):
    assert post(client, "/settings/digest", {**GOOD, "timezone": "US/Eastern"}).status_code == 302
    form = pages.parse(client.get("/settings").get_data(as_text=True)).find(
        "form", action="/settings/digest"
    )
    assert selected(form, "timezone") == [("US/Eastern", "US/Eastern")]


def test_weekday_is_explained_and_ignored_unless_weekly(client, app, reader):
    form = pages.parse(client.get("/settings").get_data(as_text=True)).find(
        "form", action="/settings/digest"
    )
    box = form.find("div", id="weekday-field")
    assert box.attrs["data-shown-value"] == "weekly"
    assert "Only used for weekly digests." in box.text
    assert post(client, "/settings/digest", {**GOOD, "weekday": "4"}).status_code == 302
    before = prefs(app)
    response = post(client, "/settings/digest", {**GOOD, "frequency": "daily", "weekday": "nine"})
    assert response.status_code == 302
    assert prefs(app)[:2] == ("daily", before[1])


def test_a_weekly_digest_needs_a_day(client, app, reader):
    before = prefs(app)
    response = post(client, "/settings/digest", {**GOOD, "frequency": "weekly", "weekday": "7"})
    assert response.status_code == 422
    assert MESSAGES["weekday"] in response.get_data(as_text=True)
    assert prefs(app) == before
