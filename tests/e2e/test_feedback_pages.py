"""Feedback with the keyboard, and the staff pages for feedback, numbers and topics, pass axe."""

from datetime import UTC, datetime

import pyotp
from playwright.sync_api import expect

from models import User, db
from tests.e2e.conftest import assert_accessible, sign_up

ARTICLE = "/articles/ebv-infection-comes-before-ms-military-study"
STAFF_PAGES = [
    "/editor/feedback",
    "/editor/feedback?show=all",
    "/editor/feedback/articles/ebv-infection-comes-before-ms-military-study",
    "/editor/impact",
    "/editor/topics",
    "/editor/topics/new",
    "/editor/topics/ebv",
]


def test_a_reader_answers_with_the_keyboard_and_is_thanked_in_place(page, live_server):
    page.goto(live_server(ARTICLE))
    page.get_by_label("What was unclear?").fill("The word cohort.")
    answers = page.get_by_role("group", name="Was this page helpful?")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past Yes, onto No
    expect(answers.get_by_role("button", name="No", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server(ARTICLE + "#feedback"))
    feedback = page.locator("#feedback")
    expect(feedback).to_contain_text("Thank you.")
    assert_accessible(page)


def test_the_error_page_for_a_too_long_answer_passes_axe(page, live_server):
    page.goto(live_server(ARTICLE))
    page.get_by_label("What was unclear?").fill("x" * 501)
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Please shorten this to 500 characters")
    assert_accessible(page)


def test_staff_pages_pass_axe(page, live_server):
    sign_up(page, live_server, "axe.admin@example.com")
    with live_server.app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "axe.admin@example.com"))
        user.staff_role, user.email_verified_at = "admin", datetime.now(UTC)
        # Two-step sign-in set up: this browser stays signed in, as after confirming it.
        user.totp_secret, user.totp_enabled_at = pyotp.random_base32(), datetime.now(UTC)
        db.session.commit()
    for path in STAFF_PAGES:
        page.goto(live_server(path))
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.goto(live_server("/editor/topics/new"))
    page.get_by_role("button", name="Add the topic").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name for the topic.")
    assert_accessible(page)
