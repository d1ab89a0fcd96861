"""Form errors and the digest form in a real browser: every message at once, "Error: " in
the title, focus on the summary, and the time zone and weekday fields used by keyboard."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from models import DigestPreference, User, db
from tests.e2e.conftest import sign_up

ERROR_TITLE = re.compile(r"^Error: ")


def stored(app, email):
    with app.app_context():
        stmt = (
            select(DigestPreference.frequency, DigestPreference.weekday, DigestPreference.timezone)
            .join(User, User.id == DigestPreference.user_id)
            .where(User.email == email)
        )
        return tuple(db.session.execute(stmt).one())


def test_sign_up_shows_every_error_at_once_and_starts_at_the_summary(page, live_server):
    page.goto(live_server("/signup"))
    expect(page).not_to_have_title(ERROR_TITLE)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(ERROR_TITLE)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        ["Enter your email address.", "Choose a password.", "Choose which best describes you."]
    )
    # The links lead to their fields, by keyboard too.
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Email address")).to_be_focused()
    summary.get_by_role("link", name="Choose which best describes you.").press("Enter")
    expect(page.get_by_role("radio").first).to_be_focused()


def test_settings_shows_every_error_at_once(page, live_server):
    sign_up(page, live_server, "errors@example.com")
    page.goto(live_server("/settings"))
    expect(page).not_to_have_title(ERROR_TITLE)
    page.get_by_role("button", name="Change my password").click()
    expect(page).to_have_title(ERROR_TITLE)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)
    page.goto(live_server("/settings"))
    page.get_by_label("Most articles in one digest").fill("0")
    page.get_by_role("button", name="Save digest settings").click()
    expect(page).to_have_title(ERROR_TITLE)
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Enter the most articles in one digest")


def test_time_zone_and_weekday_by_keyboard(page, live_server):
    sign_up(page, live_server, "keys@example.com")
    page.goto(live_server("/settings"))
    weekday = page.get_by_label("Day for the weekly digest")
    page.get_by_label("Once a week").check()
    expect(weekday).to_be_visible()
    # Arrow keys move through the radio group; the weekday goes and comes back.
    page.get_by_label("Once a week").focus()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Every day")).to_be_checked()
    expect(weekday).to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Once a week")).to_be_checked()
    expect(weekday).to_be_visible()
    weekday.focus()
    weekday.press("End")  # Sunday, the last day
    zones = page.get_by_label("Your time zone", exact=True)
    expect(zones.locator("optgroup[label=Europe] option[value='Europe/Lisbon']")).to_have_text(
        "Lisbon"
    )
    page.get_by_label("Find your time zone").focus()
    page.keyboard.type("lisbon")
    expect(page.locator("#timezone-filter-count")).to_have_text("1 time zone matches.")
    expect(zones).to_have_value("Europe/Lisbon")
    page.keyboard.press("Enter")  # chooses, and moves on to the list without sending the form
    expect(zones).to_be_focused()
    assert page.url.endswith("/settings")
    page.get_by_role("button", name="Save digest settings").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Your digest settings are saved")
    assert stored(live_server.app, "keys@example.com") == ("weekly", 6, "Europe/Lisbon")


def test_weekday_is_shown_with_its_hint_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_up(page, live_server, "plain@example.com")
    page.goto(live_server("/settings"))
    page.get_by_label("Every day").check()
    expect(page.get_by_label("Day for the weekly digest")).to_be_visible()
    expect(page.get_by_text("Only used for weekly digests.")).to_be_visible()
    expect(page.get_by_label("Find your time zone")).to_be_hidden()
    page.get_by_label("Your time zone", exact=True).select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save digest settings").click()
    expect(page.get_by_role("status").first).to_contain_text("Your digest settings are saved")
    assert stored(live_server.app, "plain@example.com")[::2] == ("daily", "Asia/Tokyo")
    context.close()
