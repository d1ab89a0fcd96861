"""Two-step sign-in in a real browser, with the keyboard only: set up, recovery codes, log in."""

import pyotp
from playwright.sync_api import expect

from tests.conftest import Auth
from tests.e2e.conftest import assert_accessible, sign_up

EMAIL = "two.step@example.com"


def test_setting_up_and_logging_in_with_a_code(page, live_server):
    sign_up(page, live_server, EMAIL)
    page.goto(live_server("/settings"))
    page.get_by_role("button", name="Set up two-step sign-in").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    assert_accessible(page)
    secret = page.locator(".setup-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your app").fill(pyotp.TOTP(secret).now())
    page.keyboard.press("Enter")
    codes = page.locator(".recovery-codes li")
    expect(codes).to_have_count(10)
    assert_accessible(page)
    recovery = codes.first.inner_text()

    page.get_by_role("button", name="Log out", exact=True).click()
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(Auth.PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_label("Code").fill("000000x")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    assert_accessible(page)
    page.get_by_role("link", name="Use a recovery code instead").click()
    page.get_by_label("Recovery code").fill(recovery)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("You used a recovery code: 9 left")
    expect(page.locator(".site-footer")).to_contain_text(f"Logged in as {EMAIL}")
