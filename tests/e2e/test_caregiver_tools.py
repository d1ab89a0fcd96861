"""A caregiver saves articles, writes a note, shares the list and prints an appointment sheet."""

import re
import unicodedata

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import assert_accessible, sign_up
from tests.factories import confirm_address

PASSWORD = "a calm long passphrase"
OVERFLOWING = """() => [...document.querySelectorAll('.sheet *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.outerHTML.slice(0, 80))"""


def squash(text: str) -> str:
    """Text without spaces or ligatures: PDF text breaks lines and joins "fi" into one glyph."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(path) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(path).pages))


def test_caregiver_saves_notes_shares_and_prints(
    page: Page, browser: Browser, live_server, artifacts
):
    sign_up(page, live_server, "caregiver@example.com")
    confirm_address(live_server.app, "caregiver@example.com")  # needed to make share links

    # Save three articles from a topic page; the buttons change in place and say so.
    page.goto(live_server("/topics/ebv"))
    titles = page.locator(".card-title").all_inner_texts()[:3]
    for title in titles:
        page.get_by_role("button", name=f"Save {title}", exact=True).click()
        card = page.locator(".card").filter(has_text=title)
        expect(
            card.get_by_role("button", name=re.compile(f"^Saved {re.escape(title)}"))
        ).to_have_attribute("aria-pressed", "true")
        expect(card.get_by_role("status")).to_contain_text(f"Saved “{title}”")
    expect(page).to_have_url(live_server("/topics/ebv"))  # no page load needed
    assert_accessible(page)

    # The saved list: newest saved first, with a note and its counter.
    page.get_by_role("link", name="Saved", exact=True).click()
    expect(page.get_by_role("heading", name="Saved articles", level=1)).to_be_visible()
    assert page.locator(".saved-item .card-title").all_inner_texts() == titles[::-1]
    first = page.locator(".saved-item").filter(has_text=titles[0])
    first.get_by_text("Add a note").click()
    note = first.get_by_label("Your private note")
    note.fill("x" * 2001)
    expect(first.locator(".note-counter")).to_have_text("You have 1 character too many.")
    first.get_by_role("button", name=re.compile("^Save note")).click()
    expect(first.locator(".note-status")).to_contain_text("Your note is 2,001 characters long")
    expect(note).to_have_attribute("aria-invalid", "true")
    expect(note).to_be_focused()
    note.fill("Ask Dr Okafor whether this changes Sam's treatment plan.")
    expect(first.locator(".note-counter")).to_have_text("You have 1,944 characters left.")
    first.get_by_role("button", name=re.compile("^Save note")).click()
    expect(first.locator(".note-status")).to_have_text("Your note is saved.")
    expect(note).not_to_have_attribute("aria-invalid", "true")
    page.reload()
    first.get_by_text("Edit note").click()
    expect(note).to_have_value("Ask Dr Okafor whether this changes Sam's treatment plan.")
    first.get_by_text("Read the summary").click()
    expect(first.get_by_role("heading", name="What the study found")).to_be_visible()
    page.screenshot(path=artifacts / "saved.png", full_page=True)
    assert_accessible(page)

    # A share link with notes, opened by someone who is not logged in.
    page.get_by_label("After 7 days").check()
    page.get_by_label("Include my private notes on the shared page").check()
    page.get_by_role("button", name="Create share link").click()
    expect(page.get_by_role("heading", name="Your new share link")).to_be_visible()
    share_url = page.get_by_label("Share link").input_value()
    page.get_by_role("link", name="Settings", exact=True).first.click()
    expect(page.get_by_role("heading", name="Share links")).to_be_visible()
    expect(page.locator(".share-row")).to_have_count(1)
    assert_accessible(page)
    assert re.fullmatch(re.escape(live_server("/shared/")) + r"[A-Za-z0-9_-]{40,}", share_url)

    visitor = browser.new_context()
    try:
        shared = visitor.new_page()
        response = shared.goto(share_url)
        assert response.status == 200
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        expect(shared.get_by_role("heading", name="A reading list shared with you")).to_be_visible()
        for title in titles:
            expect(shared.get_by_role("heading", name=title, level=2)).to_be_visible()
        expect(shared.get_by_text("whether this changes Sam's treatment plan")).to_be_visible()
        expect(shared.get_by_role("link", name="Log in")).to_be_visible()
        assert "caregiver@example.com" not in shared.content()
        assert_accessible(shared)
    finally:
        visitor.close()

    # The appointment sheet: untick one article, print the other two to PDF.
    page.goto(live_server("/saved"))
    page.get_by_role("link", name="Print for my appointment").click()
    expect(
        page.get_by_role("heading", name="Research to talk about at my appointment")
    ).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)
    page.get_by_role("checkbox", name=titles[2]).uncheck()
    page.get_by_role("button", name="Update the sheet").click()
    expect(page.locator(".sheet-item")).to_have_count(2)
    expect(page.get_by_role("button", name="Print this sheet")).to_be_visible()
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print this sheet")).to_be_hidden()
    for paper, width_mm in (("A4", 210), ("Letter", 216)):
        # At the paper's printable width nothing sticks out to the side.
        page.set_viewport_size({"width": round((width_mm - 30) / 25.4 * 96), "height": 1000})
        overflow = page.evaluate(OVERFLOWING)
        assert overflow == []
        path = artifacts / f"appointment-sheet-{paper.lower()}.pdf"
        page.pdf(path=str(path), format=paper, print_background=False)
        text = pdf_text(path)
        assert squash(titles[0]) in text and squash(titles[1]) in text
        assert squash(titles[2]) not in text
        for heading in ("Key finding", "Limitations", "My note", "Questions to ask", "Source:"):
            assert squash(heading) in text
        assert squash("whether this changes Sam's treatment plan") in text
        for question in page.locator(".sheet-questions li").all_inner_texts():
            assert squash(question) in text
        for source in page.locator(".sheet-source a").all_inner_texts():
            assert squash(source) in text  # the whole link, not cut off at the page edge
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=artifacts / "appointment-sheet.png", full_page=True)


def test_saving_works_without_javascript(browser: Browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server("/topics/mogad"))
        title = page.locator(".card-title").first.inner_text()
        # A visitor presses Save, signs in on the way, and the save completes.
        page.get_by_role("button", name=f"Save {title}", exact=True).click()
        expect(page).to_have_url(re.compile(r"/login\?next=/topics/mogad$"))
        page.get_by_role("link", name="Create an account").click()
        sign_up(page, live_server, "no.script@example.com")
        expect(page.get_by_role("status").first).to_contain_text(f"Saved “{title}”")
        page.goto(live_server("/topics/mogad"))
        button = page.get_by_role("button", name=re.compile(f"^Saved {re.escape(title)}"))
        expect(button).to_have_attribute("aria-pressed", "true")
        button.click()
        expect(page.get_by_role("status").first).to_contain_text("Removed “")
        expect(page).to_have_url(live_server("/topics/mogad"))
    finally:
        context.close()


def test_visitor_saving_with_javascript_logs_in_and_the_save_completes(page: Page, live_server):
    sign_up(page, live_server, "returning@example.com")
    page.get_by_role("button", name="Log out", exact=True).click()
    page.goto(live_server("/topics/pml"))
    title = page.locator(".card-title").first.inner_text()
    page.get_by_role("button", name=f"Save {title}", exact=True).click()
    expect(page).to_have_url(re.compile(r"/login\?next=/topics/pml$"))
    expect(page.get_by_role("status").first).to_contain_text("We'll save the article for you")
    page.get_by_label("Email address").fill("returning@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server("/topics/pml"))
    expect(page.get_by_role("status").first).to_contain_text(f"Saved “{title}”")
    saved = page.get_by_role("button", name=re.compile(f"^Saved {re.escape(title)}"))
    expect(saved).to_have_attribute("aria-pressed", "true")
