"""Muting a topic and making a private feed address, in a browser: axe-core on each new state."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import assert_accessible, sign_up

HIDDEN = "1 article hidden because you muted B cells"
FEED_ADDRESS = re.compile(r"^http://127\.0\.0\.1:\d+/feeds/[A-Za-z0-9_-]{43}\.atom$")


def sign_up_and_mute_b_cells(page: Page, live_server, email: str) -> None:
    """A reader who follows Epstein-Barr virus and muted B cells (one article is in both)."""
    sign_up(page, live_server, email)
    page.get_by_role("button", name="Follow Epstein-Barr virus").click()
    page.goto(live_server("/topics/b-cells"))
    page.get_by_role("button", name="Don't show me articles about B cells").click()
    expect(page.locator(".topic-mute")).to_contain_text("You muted B cells")


def make_private_feed(page: Page, live_server) -> None:
    page.goto(live_server("/settings"))
    page.get_by_role("button", name="Make my private feed address").click()
    expect(page.get_by_label("Private feed address")).to_have_value(FEED_ADDRESS)


def sideways_scroll(page: Page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_muting_and_private_feed_pages_pass_axe(page, live_server):
    sign_up_and_mute_b_cells(page, live_server, "axe.mutes@example.com")
    assert_accessible(page)  # the muted topic's own page, with the flash message
    page.goto(live_server("/"))
    expect(page.locator(".muted-note")).to_contain_text(HIDDEN)
    assert_accessible(page)
    page.get_by_role("link", name="Show them").click()
    expect(page.locator(".muted-note")).to_contain_text("which you muted")
    assert_accessible(page)
    page.goto(live_server("/topics/ebv"))
    expect(page.locator(".muted-note")).to_contain_text(HIDDEN)
    assert_accessible(page)
    make_private_feed(page, live_server)
    assert_accessible(page)
    page.get_by_role("link", name="Back to settings").click()
    expect(page.locator("#muted-topics")).to_contain_text("B cells")
    expect(page.locator("#private-feed")).to_contain_text("Your private feed is on")
    assert_accessible(page)


def test_new_pages_reflow_on_a_320px_phone(browser: Browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    sign_up_and_mute_b_cells(page, live_server, "narrow.mutes@example.com")
    make_private_feed(page, live_server)
    assert sideways_scroll(page) <= 0, "the private feed address page scrolls sideways"
    for path in ("/", "/topics/ebv", "/topics/b-cells", "/settings"):
        page.goto(live_server(path))
        assert sideways_scroll(page) <= 0, f"{path} scrolls sideways at 320px"
    context.close()
