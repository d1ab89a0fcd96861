"""Account settings in a real browser: changing the password with the keyboard, and every new
page or page state passing axe-core."""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from blueprints import sessions
from models import User, db
from services import email_change, tokens
from tests.conftest import Auth
from tests.e2e.conftest import assert_accessible, sign_up

NEW_PASSWORD = "a brand new passphrase"


def test_changing_the_password_with_the_keyboard(page, live_server):
    email = "password.change@example.com"
    sign_up(page, live_server, email)
    page.goto(live_server("/settings#password"))
    section = page.locator("#password")
    section.get_by_label("Your current password").fill("not my password")
    section.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    section.get_by_label("New password again").fill(NEW_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("That is not your current password.")
    assert_accessible(page)

    section.get_by_label("Your current password").fill(Auth.PASSWORD)
    section.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    section.get_by_label("New password again").fill(NEW_PASSWORD)
    section.get_by_role("button", name="Change my password").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Your password is changed")
    expect(page.locator(".site-footer")).to_contain_text(f"Logged in as {email}")
    assert_accessible(page)

    page.get_by_role("button", name="Log out", exact=True).click()
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".site-footer")).to_contain_text(f"Logged in as {email}")


def change_link(live_server, purpose: str, email: str, old: str, new: str) -> str:
    """The link a confirmation (or undo) email for the account at `email` would hold."""
    with live_server.app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        token = tokens.make(purpose, email_change.link_payload(user, old, new))
    kind = "confirm" if purpose == email_change.CHANGE_EMAIL else "undo"
    return f"/account/email/{kind}/{token}"


def set_confirmed(live_server, email: str, when):
    """Set when the account's address was confirmed; returns what it was."""
    with live_server.app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        before, user.email_verified_at = user.email_verified_at, when
        db.session.commit()
        return before


def test_account_pages_pass_axe(page, live_server):
    email, new = "axe.account@example.com", "axe.account.new@example.com"
    sign_up(page, live_server, email)
    confirmed_at = set_confirmed(live_server, email, None)  # as if the link were not opened yet
    page.goto(live_server("/saved"))
    expect(page.locator("#share-confirm-first")).to_be_visible()  # unconfirmed: no share links
    assert_accessible(page)
    set_confirmed(live_server, email, confirmed_at)

    page.goto(live_server("/settings#email"))
    page.get_by_role("button", name="Send a link to the new address").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your new email address.")
    assert_accessible(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Saved.")
    assert_accessible(page)

    confirm = change_link(live_server, email_change.CHANGE_EMAIL, email, email, new)
    page.goto(live_server(confirm))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your new email address")
    assert_accessible(page)
    page.get_by_role("button", name=f"Use {new}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Your email address is now {new}")

    undo = change_link(live_server, email_change.UNDO_EMAIL_CHANGE, new, email, new)
    page.goto(live_server(undo))
    expect(page.get_by_role("heading", level=1)).to_have_text("Put your old email address back")
    assert_accessible(page)
    page.get_by_role("button", name=f"Go back to {email}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your email address is back")
    assert_accessible(page)

    for path in (confirm, undo):  # used: "this link no longer works"
        page.goto(live_server(path))
        expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
        assert_accessible(page)


def test_log_out_everywhere_passes_axe(page, live_server):
    sign_up(page, live_server, "axe.everywhere@example.com")
    page.goto(live_server("/settings#sessions"))
    page.get_by_role("button", name="Log out everywhere").click()
    expect(page.get_by_role("status").first).to_contain_text("logged out on every device")
    assert_accessible(page)


def test_an_ended_session_passes_axe(browser, live_server, monkeypatch):
    # Without the offline worker: its one fetch of the page it started on, landing after the
    # clock jump, would end the session itself and take the message meant for the next page.
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    try:
        sign_up(page, live_server, "axe.idle@example.com")
        later = datetime.now(UTC) + timedelta(minutes=31)
        monkeypatch.setattr(sessions, "utcnow", lambda: later)
        page.goto(live_server("/saved"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
        expect(page.get_by_role("status").first).to_contain_text("not used for 30 minutes")
        assert_accessible(page)
    finally:
        context.close()
