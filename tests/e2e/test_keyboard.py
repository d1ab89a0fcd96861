"""A reader who uses only the keyboard can sign up, follow a topic, open and save an article."""

from playwright.sync_api import Page, expect

from tests.conftest import Auth
from tests.e2e.conftest import confirmation_link, tab_to


def test_keyboard_only_sign_up_follow_and_read(page: Page, live_server):
    page.goto(live_server("/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, "main a[href='/signup']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server("/signup"))
    tab_to(page, "input[name=email]")
    page.keyboard.type("keyboard.reader@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(Auth.PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # picks the focused first choice of the role group
    expect(page.get_by_label("I live with MS, NMOSD or MOGAD")).to_be_checked()
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email to continue")
    page.goto(confirmation_link(live_server, "keyboard.reader@example.com"))
    expect(page).to_have_url(live_server("/topics"))

    tab_to(page, "form[action='/topics/ebv/follow'] button")
    page.keyboard.press("Space")
    expect(page.locator("#topic-ebv").get_by_role("status")).to_contain_text(
        "You now follow Epstein-Barr virus"
    )
    expect(page.locator("#topic-ebv .follow-button")).to_be_focused()  # followed in place

    tab_to(page, "a[href='/']:not(.brand)")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your feed", level=1)).to_be_visible()
    tab_to(page, ".card-title a")
    title = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="What the study found")).to_be_visible()

    tab_to(page, "main .save-button")
    page.keyboard.press("Enter")
    expect(page.locator("main .save-button")).to_have_attribute("aria-pressed", "true")
    page.goto(live_server("/saved"))
    expect(page.locator("main")).to_contain_text(title)
