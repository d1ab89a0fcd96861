"""Every page type passes axe-core (WCAG 2.2 AA) signed in and out, and reflows on small screens."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import Auth
from tests.e2e.conftest import assert_accessible, log_in, sign_up
from tests.e2e.editor_pages import ADMIN, PAGE_NAMES, WRITER, make_editor_pages

ARTICLE = "/articles/ebv-infection-comes-before-ms-military-study"
PUBLIC_PAGES = {
    "home": "/",
    "topics": "/topics",
    "topic": "/topics/ebv",
    "article": ARTICLE,
    "signup": "/signup",
    "login": "/login",
    "glossary": "/glossary",
    "search": "/search?q=vitamin",
    "search-empty": "/search",
    "search-filtered": "/search?q=relapse&condition=ms&year_from=2015&year_to=2025",
    "search-page-2": "/search?q=ms&page=2",
    "search-nothing": "/search?q=zebra",
    "search-did-you-mean": "/search?q=fatige",
    "search-common-words": "/search?q=the+and+of",
    "search-bad-filters": "/search?q=vitamin&condition=flu&year_from=soon",
    "not-found": "/articles/no-such-article",
    "reset": "/reset",
    "reset-bad-link": "/reset/not-a-real-link",
    "verify-bad-link": "/verify/not-a-real-link",
    "unsubscribe-bad-link": "/unsubscribe/not-a-real-link",
    "shared-list-gone": "/shared/not-a-real-link",
    "about": "/about",
    "how-we-work": "/about/how-we-work",
    "editorial-policy": "/about/editorial-policy",
    "privacy": "/about/privacy",
    "accessibility": "/about/accessibility",
    "contact": f"/contact?page={ARTICLE}",
    "contact-sent": "/contact/thanks",
}
READER_PAGES = {
    "feed": "/",
    "feed-filtered": "/?topic=ebv",
    "topics": "/topics",
    "topic": "/topics/ebv",
    "article": ARTICLE,
    "saved": "/saved",
    "print-sheet": "/saved/print",
    "settings": "/settings",
    "digest-preview": "/digest/preview",
}

# The edit form's controls, and the focused element: checkboxes by name and value, the rest by
# name (a radio group is one stop for the Tab key), with the focused element's outline.
CONTROL_KEY = "e => e.type === 'checkbox' ? e.name + '=' + e.value : e.name || e.textContent.trim()"
CONTROLS = "form.article-form :is(input:not([type=hidden]), select, textarea, button)"
FORM_CONTROLS = f"""() => [...new Set([...document.querySelectorAll(
  "{CONTROLS}")].map({CONTROL_KEY}))]"""
FOCUSED = f"""() => {{ const e = document.activeElement, s = getComputedStyle(e);
  return {{key: e.closest('form.article-form') ? ({CONTROL_KEY})(e) : null,
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}}; }}"""


def follow_ebv(page) -> None:
    """Follow a topic, and wait for it: the button follows in place, in the background."""
    page.get_by_role("button", name="Follow Epstein-Barr virus").click()
    button = page.locator("#topic-ebv .follow-button")
    expect(button).to_have_attribute("aria-pressed", "true")


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_pass_axe(page, live_server, name):
    page.goto(live_server(PUBLIC_PAGES[name]))
    assert_accessible(page)


def test_form_error_states_pass_axe(page, live_server):
    page.goto(live_server("/signup"))
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    assert_accessible(page)
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill("nobody@example.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    assert_accessible(page)
    page.goto(live_server("/contact"))
    page.get_by_label("Your email address (optional)").fill("not an address")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("alert")).to_contain_text("Write your message.")
    assert_accessible(page)


def test_signed_in_pages_pass_axe(page, live_server):
    sign_up(page, live_server, "axe.reader@example.com")
    assert_accessible(page)  # topics page with the welcome note
    follow_ebv(page)
    for path in READER_PAGES.values():
        page.goto(live_server(path))
        assert_accessible(page)
    page.goto(live_server("/?hide_read=1"))
    assert_accessible(page)


def test_mail_landing_pages_pass_axe(page, live_server):
    """The pages a reader reaches from an email: unsubscribe (also an old link) and choosing
    a new password; and the page that asks a new reader to check their email."""
    page.goto(live_server("/signup"))
    page.get_by_label("Email address").fill("axe.taken@example.com")
    page.get_by_label("Password").fill(Auth.PASSWORD)
    page.get_by_label("Something else").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email to continue")
    assert_accessible(page)
    sign_up(page, live_server, "axe.mail@example.com")
    with live_server.app.app_context():
        from models import User, db
        from services import accounts, tokens

        user = db.session.scalar(db.select(User).where(User.email == "axe.mail@example.com"))
        unsubscribe = tokens.make(tokens.UNSUBSCRIBE, {"u": user.id, "l": "digest", "v": 0})
        reset = tokens.make(
            tokens.RESET_PASSWORD, {"u": user.id, "p": accounts._password_fingerprint(user)}
        )
    page.goto(live_server(f"/unsubscribe/{unsubscribe}"))
    expect(page.get_by_role("button", name="Unsubscribe")).to_be_visible()
    assert_accessible(page)
    with live_server.app.app_context():
        old = tokens.make(tokens.UNSUBSCRIBE, {"u": user.id, "l": "digest", "v": -1})
    page.goto(live_server(f"/unsubscribe/{old}"))
    expect(page.locator("main")).to_contain_text("from an older email")
    assert_accessible(page)
    page.goto(live_server(f"/reset/{reset}"))
    page.get_by_role("button", name="Save my new password").click()  # empty: the error state
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 640])
def test_pages_reflow_without_horizontal_scrolling(browser: Browser, live_server, artifacts, width):
    """320 px is a phone; 640 px is a 1280 px window at 200 % zoom. Signed out, then in."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()

    def check(pages: dict[str, str]) -> None:
        for name, path in pages.items():
            page.goto(live_server(path))
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"

    check(PUBLIC_PAGES)
    page.goto(live_server(ARTICLE))
    page.screenshot(path=artifacts / f"article-{width}px.png", full_page=True)
    sign_up(page, live_server, f"narrow.{width}@example.com")
    follow_ebv(page)
    page.goto(live_server(ARTICLE))
    page.locator("main .save-button").click()
    expect(page.locator("main .save-button")).to_have_attribute("aria-pressed", "true")
    check(READER_PAGES)
    page.goto(live_server("/saved"))
    page.screenshot(path=artifacts / f"saved-{width}px.png", full_page=True)
    context.close()


@pytest.fixture(scope="module")
def editor(browser: Browser, live_server):
    """One admin signed in with a code for the whole module, and the editor's page addresses."""
    paths = make_editor_pages(live_server.app)
    context = browser.new_context()
    page = context.new_page()
    log_in(page, live_server, ADMIN)
    yield SimpleNamespace(page=page, paths=paths)
    context.close()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_editor_pages_pass_axe(editor, live_server, name):
    page = editor.page
    response = page.goto(live_server(editor.paths[name]))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_editor_error_states_pass_axe(editor, live_server):
    page = editor.page
    page.goto(live_server(editor.paths["edit"]))
    page.get_by_label("Participants", exact=True).fill("many")
    page.get_by_label("Year published").fill("last year")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a whole number")
    expect(page.locator(".reading-warn").first).to_contain_text("Hard to read")
    assert_accessible(page)
    for path, button in [
        ("import", "Check and import"),
        ("pubmed", "Start the draft"),
        ("glossary-new", "Add to the glossary"),
    ]:
        page.goto(live_server(editor.paths[path]))
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("alert")).to_be_visible()
        assert_accessible(page)


def test_every_edit_form_control_is_reached_by_tab_with_a_visible_focus(editor, live_server):
    page = editor.page
    page.goto(live_server(editor.paths["edit"]))
    controls = page.evaluate(FORM_CONTROLS)
    reached = set()
    for _ in range(len(controls) + 80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        if focus["key"] in controls:
            assert focus["outline"] != "none" and focus["width"] > 0, f"{focus['key']} focus"
            reached.add(focus["key"])
    assert set(controls) - reached == set()


def test_public_article_shows_glossary_terms_and_the_feedback_form(editor, live_server):
    page = editor.page
    page.goto(live_server(ARTICLE))
    expect(page.locator("main a[href^='/glossary#']").first).to_be_visible()
    expect(page.get_by_role("group", name="Was this page helpful?")).to_be_visible()
    assert_accessible(page)


def test_code_step_gone_and_forbidden_pages_pass_axe(editor, browser: Browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill(WRITER)
    page.get_by_label("Password").fill(Auth.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server("/login/code"))
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    assert_accessible(page)
    context.close()
    page = editor.page
    response = page.goto(live_server(editor.paths["gone"]))
    assert response.status == 410
    assert_accessible(page)
    context = browser.new_context()
    page = context.new_page()
    log_in(page, live_server, WRITER)
    response = page.goto(live_server("/editor/staff"))
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    context.close()


def test_editor_pages_reflow_at_320px(editor, live_server):
    """Wide tables scroll in their own focusable box; the page itself never scrolls sideways."""
    page = editor.page
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        for name in PAGE_NAMES:
            page.goto(live_server(editor.paths[name]))
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px"
        page.goto(live_server(editor.paths["dashboard"]))
        assert_accessible(page)
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})
