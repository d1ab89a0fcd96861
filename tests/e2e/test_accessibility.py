"""Every page type passes axe-core (WCAG 2.2 AA) signed in and out, and reflows on small screens."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.conftest import Auth

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
ARTICLE = "/articles/ebv-infection-comes-before-ms-military-study"
PUBLIC_PAGES = {
    "home": "/",
    "topics": "/topics",
    "topic": "/topics/ebv",
    "article": ARTICLE,
    "signup": "/signup",
    "login": "/login",
    "search": "/search?q=vitamin",
    "search-nothing": "/search?q=zebra",
    "not-found": "/articles/no-such-article",
}
READER_PAGES = {
    "feed": "/",
    "feed-filtered": "/?topic=ebv",
    "topics": "/topics",
    "topic": "/topics/ebv",
    "article": ARTICLE,
}
_axe = Axe()


def assert_accessible(page: Page) -> None:
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def sign_up(page: Page, live_server, email: str, role_label: str = "I care for someone who does"):
    page.goto(live_server("/signup"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(Auth.PASSWORD)
    page.get_by_label(role_label).check()
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(live_server("/topics"))


@pytest.fixture
def axe_page(browser: Browser):
    # axe is injected from the test, so the page's script policy must let it in.
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_pass_axe(axe_page, live_server, name):
    axe_page.goto(live_server(PUBLIC_PAGES[name]))
    assert_accessible(axe_page)


def test_form_error_states_pass_axe(axe_page, live_server):
    axe_page.goto(live_server("/signup"))
    axe_page.get_by_role("button", name="Create account").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Please check the form")
    assert_accessible(axe_page)
    axe_page.goto(live_server("/login"))
    axe_page.get_by_label("Email address").fill("nobody@example.com")
    axe_page.get_by_label("Password").fill("not the password")
    axe_page.get_by_role("button", name="Log in").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("do not match")
    assert_accessible(axe_page)


def test_signed_in_pages_pass_axe(axe_page, live_server):
    sign_up(axe_page, live_server, "axe.reader@example.com")
    assert_accessible(axe_page)  # topics page with a flash message
    axe_page.get_by_role("button", name="Follow Epstein-Barr virus").click()
    for path in READER_PAGES.values():
        axe_page.goto(live_server(path))
        assert_accessible(axe_page)
    axe_page.goto(live_server("/?hide_read=1"))
    assert_accessible(axe_page)


@pytest.mark.parametrize("width", [320, 640])
def test_pages_reflow_without_horizontal_scrolling(browser: Browser, live_server, artifacts, width):
    """320 px is a phone; 640 px is a 1280 px window at 200 % zoom."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for name, path in PUBLIC_PAGES.items():
        page.goto(live_server(path))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    page.goto(live_server(ARTICLE))
    page.screenshot(path=artifacts / f"article-{width}px.png", full_page=True)
    context.close()
