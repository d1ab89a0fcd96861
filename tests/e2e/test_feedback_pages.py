"""Feedback with the keyboard, and the staff pages for feedback, numbers and topics, pass axe."""

from playwright.sync_api import expect

from models import db
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import make_staff

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
    expect(page.get_by_role("alert")).to_contain_text(
        "Please shorten what was unclear to 500 characters"
    )
    assert_accessible(page)


def test_staff_pages_pass_axe(page, live_server):
    with live_server.app.app_context():
        make_staff("axe.admin@example.com", "admin")
        db.session.commit()
    log_in(page, live_server, "axe.admin@example.com")
    for path in STAFF_PAGES:
        assert page.goto(live_server(path)).status == 200
        expect(page).to_have_url(live_server(path))
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.goto(live_server("/editor/topics/new"))
    page.get_by_role("button", name="Add the topic").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name for the topic.")
    assert_accessible(page)
