"""Digest settings in a real browser: the time zone comes from the browser when JS is on."""

from playwright.sync_api import expect
from sqlalchemy import select

from models import DigestPreference, User, db
from tests.e2e.conftest import sign_up as sign_up_as

PASSWORD = "a calm long passphrase"


def stored_zone(app, email):
    with app.app_context():
        stmt = (
            select(DigestPreference.timezone)
            .join(User, User.id == DigestPreference.user_id)
            .where(User.email == email)
        )
        return db.session.scalar(stmt)


def sign_up(page, url, address):
    sign_up_as(page, url, address, "I live with MS, NMOSD or MOGAD", PASSWORD)


def test_sign_up_takes_the_browser_time_zone(browser, live_server):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    sign_up(page, live_server, "tokyo@example.com")
    assert stored_zone(live_server.app, "tokyo@example.com") == "Asia/Tokyo"
    page.goto(live_server("/settings"))
    expect(page.get_by_label("Your time zone", exact=True)).to_have_value("Asia/Tokyo")
    # Following the link in the email confirmed the address.
    expect(page.get_by_role("region", name="Confirm your email address")).to_have_count(0)
    context.close()


def test_settings_work_without_javascript_and_js_suggests_the_zone(browser, live_server):
    no_js = browser.new_context(java_script_enabled=False, timezone_id="Europe/Paris")
    page = no_js.new_page()
    sign_up(page, live_server, "nojs@example.com")
    assert stored_zone(live_server.app, "nojs@example.com") is None
    page.goto(live_server("/settings"))
    expect(page.get_by_label("Your time zone", exact=True)).to_have_value("")
    page.get_by_label("Every day").check()
    page.get_by_label("Your time zone", exact=True).select_option("Europe/Lisbon")
    page.get_by_role("button", name="Save digest settings").click()
    expect(page.locator(".flashes")).to_contain_text("Your digest settings are saved")
    assert stored_zone(live_server.app, "nojs@example.com") == "Europe/Lisbon"
    page.get_by_label("Your time zone", exact=True).select_option("")
    page.get_by_role("button", name="Save digest settings").click()
    no_js.close()

    with_js = browser.new_context(timezone_id="Europe/Paris")
    page = with_js.new_page()
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill("nojs@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server("/settings"))
    expect(page.get_by_label("Your time zone", exact=True)).to_have_value("Europe/Paris")
    expect(page.get_by_text("We filled in the time zone of this device")).to_be_visible()
    page.get_by_role("button", name="Save digest settings").click()
    expect(page.locator(".flashes")).to_contain_text("Your digest settings are saved")
    assert stored_zone(live_server.app, "nojs@example.com") == "Europe/Paris"
    with_js.close()
