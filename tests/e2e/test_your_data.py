"""A reader takes a copy of their data, then deletes their account and cannot log in again."""

import csv
import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import Auth
from tests.e2e.conftest import assert_accessible, sign_up

EMAIL = "leaving@example.com"
NOTE = "Mum gets tired by 3pm: ask about the infusion time."


def download(page: Page, link_name: str):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return info.value


def test_a_reader_downloads_their_data_then_deletes_their_account(page: Page, live_server):
    sign_up(page, live_server, EMAIL)

    # Save an article and write a note on it.
    page.goto(live_server("/topics/ebv"))
    title = page.locator(".card-title").first.inner_text()
    page.get_by_role("button", name=f"Save {title}", exact=True).click()
    expect(page.locator(".card").first.get_by_role("status")).to_contain_text("Saved")
    page.goto(live_server("/saved"))
    item = page.locator(".saved-item").filter(has_text=title)
    item.get_by_text("Add a note").click()
    item.get_by_label("Your private note").fill(NOTE)
    item.get_by_role("button", name=re.compile("^Save note")).click()
    expect(item.locator(".note-status")).to_have_text("Your note is saved.")

    # Settings → Your data: both downloads hold the note.
    page.goto(live_server("/settings"))
    section = page.locator("#your-data")
    expect(section.get_by_role("heading", level=2)).to_have_text("Your data")
    assert_accessible(page)
    data_file = download(page, "Download all your data")
    assert re.fullmatch(r"plainly-data-\d{4}-\d{2}-\d{2}\.json", data_file.suggested_filename)
    data = json.loads(Path(data_file.path()).read_text(encoding="utf-8"))
    assert data["profile"]["email"] == EMAIL
    assert [(s["title"], s["note"]) for s in data["saved_articles"]] == [(title, NOTE)]
    sheet = download(page, "Download your saved articles and notes")
    with open(sheet.path(), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1][0] == title and rows[1][3] == NOTE

    # The delete page, its error state, then the deletion itself.
    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    assert_accessible(page)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("That is not your password.")
    expect(page.get_by_label("Your password")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Your password").fill(Auth.PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_url(live_server("/"))
    expect(page.get_by_role("status").first).to_contain_text("Your account and everything")
    expect(page.locator(".site-footer")).not_to_contain_text("Logged in as")
    assert_accessible(page)

    # The account is gone: logging in with it fails, and Settings asks to log in.
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(Auth.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    page.goto(live_server("/settings"))
    expect(page).to_have_url(re.compile(r"/login\?next=/settings"))


def test_the_downloads_and_the_delete_form_work_without_javascript(browser, live_server):
    # axe needs JavaScript, so this test checks behaviour; the test above checks axe.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_up(page, live_server, "nojs@example.com")
    page.goto(live_server("/settings#your-data"))
    data_file = download(page, "Download all your data")
    data = json.loads(Path(data_file.path()).read_text(encoding="utf-8"))
    assert data["profile"]["email"] == "nojs@example.com"
    page.get_by_role("link", name="Delete your account").click()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your password to delete")
    page.get_by_label("Your password").fill(Auth.PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".flashes")).to_contain_text("Your account and everything it held")
    context.close()
