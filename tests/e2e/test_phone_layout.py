"""The phone layout at 390 × 844 and 320 × 640: the menu button, the article's title in the
first screen, short date lines, banners that stay hidden, closed note editors; screenshots
of the main pages, and axe-core on them."""

import itertools
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from models import Article, Topic, User, db
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

PHONES = {"390": {"width": 390, "height": 844}, "320": {"width": 320, "height": 640}}
SCREENSHOT_PAGES = {
    "feed": "/",
    "article": None,  # the first saved article
    "saved": "/saved",
    "topics": "/topics",
    "settings": "/settings",
}
_emails = (f"phone{n}@example.com" for n in itertools.count(1))


class Reader:
    """A reader who has not confirmed their email yet (so the reminder shows), following two
    topics, with two sample articles saved."""

    def __init__(self, live_server):
        self.email = next(_emails)
        with live_server.app.app_context():
            user = factories.make_user(self.email)
            topics = db.session.scalars(
                db.select(Topic).where(Topic.slug.in_(["ebv", "fatigue"]))
            ).all()
            factories.follow(user, *topics)
            saved = db.session.scalars(
                db.select(Article).where(Article.topics.any(Topic.slug == "ebv")).limit(2)
            ).all()
            for article in saved:
                factories.save(user, article)
            self.saved = [(a.slug, a.title) for a in saved]
            db.session.commit()
            assert (
                db.session.scalar(db.select(User.email_verified_at).where(User.id == user.id))
                is None
            )


@pytest.fixture(scope="module", autouse=True)
def many_log_ins(live_server):
    """Each test logs a fresh reader in, more often than the log-in limit allows a minute."""
    live_server.app.config["AUTH_RATE_LIMIT"] = "1000 per minute"


def open_phone(browser: Browser, size: str, **options) -> Page:
    return browser.new_context(viewport=PHONES[size], **options).new_page()


@pytest.fixture(params=list(PHONES))
def phone(request, browser: Browser, live_server):
    """A logged-in reader on a phone-sized browser with JavaScript on."""
    page = open_phone(browser, request.param)
    reader = Reader(live_server)
    log_in(page, live_server, reader.email, two_step=False)
    yield page, reader, request.param
    page.context.close()


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width} px wide"


def test_the_menu_is_one_row_and_opens_by_keyboard(phone, live_server):
    page, _reader, _size = phone
    page.goto(live_server("/topics"))
    brand, menu = box(page, ".brand"), box(page, ".site-menu > summary")
    # One row: the menu button sits beside the name, not below it.
    assert abs((brand["y"] + brand["height"] / 2) - (menu["y"] + menu["height"] / 2)) < 8
    assert menu["x"] + menu["width"] <= page.viewport_size["width"]
    no_sideways_scroll(page)
    saved_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Saved")
    expect(saved_link).to_be_hidden()
    button = page.locator(".site-menu > summary")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.site-menu > summary')"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".site-menu")).to_have_attribute("open", "")
    expect(saved_link).to_be_visible()
    saved_link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server("/saved"))
    expect(page.get_by_role("heading", name="Saved articles", level=1)).to_be_visible()


def test_the_article_title_is_in_the_first_screen_despite_both_banners(phone, live_server):
    page, reader, size = phone
    slug, title = reader.saved[0]
    page.goto(live_server(f"/articles/{slug}"))
    expect(page.get_by_role("region", name="Confirm your email address")).to_be_visible()
    expect(page.get_by_role("region", name="Sample content")).to_be_visible()
    found = page.get_by_role("heading", name=title, level=1).bounding_box()
    if size == "390":  # the whole title
        assert found["y"] + found["height"] <= page.viewport_size["height"], found
    else:  # a long title starts in the first screen of a small phone
        assert found["y"] + 80 <= page.viewport_size["height"], found
    no_sideways_scroll(page)


def test_card_date_lines_take_at_most_two_lines(phone, live_server):
    page, _reader, size = phone
    page.goto(live_server("/"))
    lines = page.locator(".card-dates").evaluate_all(
        """nodes => nodes.map(n => Math.round(n.getBoundingClientRect().height
                  / parseFloat(getComputedStyle(n).lineHeight)))"""
    )
    assert lines, "no cards on the feed"
    if size == "390":
        assert max(lines) <= 2, lines
    no_sideways_scroll(page)


def test_topic_chips_keep_to_one_row_that_scrolls_sideways(phone, live_server):
    page, _reader, _size = phone
    page.goto(live_server("/"))
    chips = page.locator(".chip-list .chip")
    assert chips.count() == 3  # "All my topics" and the two followed topics
    tops = {round(b["y"]) for b in (chips.nth(i).bounding_box() for i in range(chips.count()))}
    assert len(tops) == 1, tops
    no_sideways_scroll(page)
    last = chips.last
    last.focus()  # the keyboard reaches a chip beyond the edge, and it scrolls into view
    expect(last).to_be_in_viewport()


def test_wrapped_choice_labels_line_up_beside_their_box(browser: Browser, live_server):
    page = open_phone(browser, "320")
    page.goto(live_server("/signup"))
    choices = page.locator(".choice")
    assert choices.count() >= 4
    wrapped = 0
    for i in range(choices.count()):
        box_ = choices.nth(i).locator("input").bounding_box()
        label = choices.nth(i).locator("label").bounding_box()
        assert label["x"] >= box_["x"] + box_["width"], (i, box_, label)
        wrapped += label["height"] > 1.8 * box_["height"]
    assert wrapped, "no label wraps at 320 px, so nothing was checked"
    page.context.close()


def test_a_hidden_banner_stays_hidden_on_other_pages(phone, live_server):
    page, reader, _size = phone
    page.goto(live_server("/topics"))
    reminder = page.get_by_role("region", name="Confirm your email address")
    reminder.get_by_role("button", name="Hide this reminder").click()
    expect(reminder).to_be_hidden()
    expect(page).to_have_url(live_server("/topics"))  # hidden in place
    page.goto(live_server(f"/articles/{reader.saved[0][0]}"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Confirm your email address")).to_have_count(0)
    sample = page.get_by_role("region", name="Sample content")
    sample.get_by_role("button").click()
    expect(sample).to_be_hidden()  # once the answer is in, with the session's new cookie
    page.goto(live_server(f"/articles/{reader.saved[1][0]}"))
    expect(page.get_by_role("region", name="Sample content")).to_have_count(0)
    expect(page.locator(".article-header .meta")).to_contain_text("Sample content")


def test_without_javascript_the_menu_opens_and_banners_hide(browser: Browser, live_server):
    page = open_phone(browser, "320", java_script_enabled=False)
    reader = Reader(live_server)
    log_in(page, live_server, reader.email, two_step=False)
    page.goto(live_server("/topics"))
    page.locator(".site-menu > summary").focus()
    page.keyboard.press("Enter")
    saved_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Saved")
    expect(saved_link).to_be_visible()
    page.keyboard.press("Enter")  # and closes again
    expect(saved_link).to_be_hidden()
    page.get_by_role("button", name="Hide this reminder").click()
    expect(page).to_have_url(live_server("/topics"))
    expect(page.get_by_role("region", name="Confirm your email address")).to_have_count(0)
    page.goto(live_server("/saved"))
    expect(page.get_by_role("region", name="Confirm your email address")).to_have_count(0)
    page.context.close()


def test_a_note_editor_opens_by_keyboard_and_saves(phone, live_server):
    page, reader, _size = phone
    page.goto(live_server("/saved"))
    _slug, title = reader.saved[0]
    item = page.locator(".saved-item").filter(has_text=title)
    note = item.get_by_label("Your private note")
    expect(note).to_be_hidden()
    opener = item.locator(".note-editor > summary")
    expect(opener).to_have_text(re.compile("^Add a note"))
    opener.focus()
    page.keyboard.press("Enter")
    expect(note).to_be_visible()
    page.keyboard.press("Tab")
    expect(note).to_be_focused()
    page.keyboard.type("Ask about the trial size.")
    item.get_by_role("button", name=re.compile("^Save note")).click()
    expect(item.locator(".note-status")).to_have_text("Your note is saved.")
    expect(opener).to_have_text(re.compile("^Edit note"))
    remove = item.get_by_role("button", name=re.compile("^Remove from saved"))
    save_note = item.get_by_role("button", name=re.compile("^Save note"))
    looks = "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).borderStyle]"
    assert remove.evaluate(looks) != save_note.evaluate(looks)
    page.reload()
    expect(item.locator(".note-editor > summary")).to_have_text(re.compile("^Edit note"))


@pytest.mark.parametrize("size", list(PHONES))
def test_screenshots_and_no_axe_violations(browser: Browser, live_server, artifacts, size):
    page = open_phone(browser, size)
    reader = Reader(live_server)
    log_in(page, live_server, reader.email, two_step=False)
    folder = artifacts / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in SCREENSHOT_PAGES.items():
        page.goto(live_server(path or f"/articles/{reader.saved[0][0]}"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        no_sideways_scroll(page)
        page.screenshot(path=folder / f"{name}-{size}.png")
        page.screenshot(path=folder / f"{name}-{size}-full.png", full_page=True)
        if size == "390":
            assert_accessible(page)
    page.locator(".site-menu > summary").click()
    page.screenshot(path=folder / f"menu-{size}.png")
    if size == "390":
        assert_accessible(page)
    page.context.close()
