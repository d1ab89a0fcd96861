"""A calmer start on a phone: following topics keeps the reader's place, with and without
JavaScript, and the grouped topics page passes axe-core."""

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import assert_accessible, sign_up

PHONE = {"width": 390, "height": 844}
# Far down the page on a phone: in the last group, "Shared by several conditions".
FAR_DOWN = "pregnancy"
FAR_DOWN_NAME = "Pregnancy and family planning"


@pytest.fixture
def phone(browser: Browser):
    """A 390 px wide browser with JavaScript on."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_js(browser: Browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


def scroll_to_row(page: Page, slug: str) -> None:
    """Scroll so the topic's row sits in the middle of the screen, as a reader would."""
    page.locator(f"#topic-{slug}").evaluate(
        "row => row.scrollIntoView({block: 'center', behavior: 'instant'})"
    )
    assert page.evaluate("window.scrollY") > 1000


def top_of_row(page: Page, slug: str) -> float:
    box = page.locator(f"#topic-{slug}").bounding_box()
    assert box is not None
    return box["y"]


def test_following_with_javascript_keeps_the_scroll_position(phone: Page, live_server, artifacts):
    sign_up(phone, live_server, "phone.js@example.com")
    phone.screenshot(path=artifacts / "topics-welcome-390px.png")
    assert phone.evaluate("document.documentElement.scrollHeight") > 3 * PHONE["height"]
    scroll_to_row(phone, FAR_DOWN)
    phone.evaluate("window.stillThisPage = true")  # gone if the page reloads
    before = phone.evaluate("window.scrollY")
    row = phone.locator(f"#topic-{FAR_DOWN}")
    row.get_by_role("button", name=f"Follow {FAR_DOWN_NAME}").click()
    expect(row.get_by_role("status")).to_have_text(
        f"You now follow {FAR_DOWN_NAME}. Its articles will appear in your feed."
    )
    button = row.locator(".follow-button")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_be_focused()
    expect(row.locator(".follow-state")).to_be_visible()
    assert phone.evaluate("window.stillThisPage") is True
    assert phone.evaluate("window.scrollY") == before
    assert phone.url == live_server("/topics")
    assert_accessible(phone)  # the grouped page with a follow status showing
    phone.screenshot(path=artifacts / "topics-followed-390px.png")

    button.click()  # and unfollow, in place too
    expect(row.get_by_role("status")).to_have_text(f"You no longer follow {FAR_DOWN_NAME}.")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(row.locator(".follow-state")).to_be_hidden()
    assert phone.evaluate("window.scrollY") == before

    phone.get_by_role("link", name="Done — show my feed").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your feed")


def test_following_without_javascript_comes_back_to_the_topic(phone_without_js, live_server):
    page = phone_without_js
    sign_up(page, live_server, "phone.nojs@example.com")
    page.locator(f"#topic-{FAR_DOWN}").scroll_into_view_if_needed()
    page.get_by_role("button", name=f"Follow {FAR_DOWN_NAME}").click()
    expect(page).to_have_url(re.compile(rf"/topics#topic-{FAR_DOWN}$"))
    row = page.locator(f"#topic-{FAR_DOWN}")
    expect(row.locator(".follow-button")).to_have_attribute("aria-pressed", "true")
    expect(row.locator(".follow-state")).to_be_visible()
    # The browser brought the row back to the top of the screen, below its margin.
    deadline = time.monotonic() + 5
    while not 0 <= top_of_row(page, FAR_DOWN) < 60 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert 0 <= top_of_row(page, FAR_DOWN) < 60
    assert page.evaluate("window.scrollY") > 1000
    expect(page.get_by_role("status").first).to_contain_text(f"You now follow {FAR_DOWN_NAME}")


def test_the_topics_page_passes_axe_for_visitors_and_on_a_phone(phone: Page, live_server):
    phone.goto(live_server("/topics"))
    expect(phone.get_by_role("heading", name="New to this? Start here")).to_be_visible()
    assert_accessible(phone)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    phone.get_by_role("link", name="MOGAD", exact=True).first.click()
    expect(phone).to_have_url(re.compile(r"#group-mogad$"))
