"""Your data over HTTP: the downloads, the delete page and its form, and who may use them."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from models import Article, SavedArticle, User
from tests import pages
from tests.account_data import NOTE, filled_account
from tests.conftest import Auth, csrf_token, login_staff, next_totp_code, post
from tests.factories import make_reader
from tests.smtp import body

DOWNLOADS = ["/settings/export", "/settings/export.csv"]
PAGES = [*DOWNLOADS, "/settings/delete"]


@pytest.fixture
def filled(seed, client):
    """reader@example.com with a row in every table that names a person (two-step sign-in
    included), logged in with a code."""
    with seed():
        account = filled_account()
    login_staff(client, account.email)
    return account


@pytest.mark.parametrize("url", PAGES)
def test_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/settings/")


def test_settings_links_to_the_downloads_and_the_delete_page(client, reader):
    section = pages.page(client.get("/settings")).find("section", id="your-data")
    hrefs = [href for _, href in section.links()]
    assert hrefs == [*DOWNLOADS, "/settings/delete"]


def test_the_json_download_holds_the_note_and_is_never_cached(client, filled, security_events):
    response = client.get("/settings/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    today = datetime.now(UTC).date().isoformat()
    disposition = f'attachment; filename="plainly-data-{today}.json"'
    assert response.headers["Content-Disposition"] == disposition
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["saved_articles"][0]["note"] == NOTE
    assert data["profile"]["email"] == "reader@example.com"
    assert filled.share_token not in response.get_data(as_text=True)
    [event] = [e for e in security_events if e["event"] == "data.exported"]
    assert event["user_id"] == filled.id and event["format"] == "json"
    assert "reader@example.com" not in json.dumps(event)


def test_the_csv_download_lists_saved_articles_with_notes(client, filled, security_events):
    response = client.get("/settings/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert "plainly-saved-articles-" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0][0] == "Title" and rows[1][3] == NOTE
    assert [e["format"] for e in security_events if e["event"] == "data.exported"] == ["csv"]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_downloads_only_read(client, filled, count_rows, url):
    before = count_rows(SavedArticle), count_rows(User)
    assert client.post(url, data={"csrf_token": csrf_token(client)}).status_code == 405
    assert client.get(url).status_code == 200
    assert (count_rows(SavedArticle), count_rows(User)) == before


def test_the_delete_page_explains_what_goes_and_what_stays(client, reader):
    response = client.get("/settings/delete")
    assert response.status_code == 200
    main = pages.main(response)
    assert main.find("h1").text == "Delete your account"
    headings = [h.text for h in main.find_all("h2")]
    assert headings == ["What is deleted", "What stays"]
    assert "private notes" in main.text
    form = main.find("form", action="/settings/delete")
    assert form.find("input", name="password").attrs["autocomplete"] == "current-password"


def delete_account(client, password: str = Auth.PASSWORD, **kw):
    return post(client, "/settings/delete", {"password": password}, **kw)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Enter your password to delete your account."),
        ("not my password", "That is not your password. Nothing has been deleted."),
    ],
)
def test_a_wrong_or_missing_password_deletes_nothing(client, filled, count_rows, password, message):
    response = delete_account(client, password)
    assert response.status_code == 422
    main = pages.main(response)
    assert main.find("p", cls="error-message").text == message
    assert message in main.find(cls="error-summary").text
    assert count_rows(User) == 1 and count_rows(SavedArticle) == 1
    assert client.get("/settings").status_code == 200


def test_deleting_without_a_csrf_token_is_400_and_deletes_nothing(client, filled, count_rows):
    response = client.post("/settings/delete", data={"password": Auth.PASSWORD})
    assert response.status_code == 400
    assert count_rows(User) == 1


def test_deleting_removes_the_account_signs_out_and_sends_a_confirmation(
    client, filled, count_rows, smtp, security_events
):
    response = delete_account(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert count_rows(User) == 0 and count_rows(SavedArticle) == 0
    home = client.get("/")
    flashed = " ".join(pages.flashes(home))
    assert "Your account and everything it held are deleted." in flashed
    assert "We are sending a confirmation to reader@example.com." in flashed
    assert "Logged in as" not in pages.page(home).text
    assert client.get("/settings").headers["Location"].startswith("/login")
    [mail] = smtp.to("reader@example.com")
    assert mail["Subject"] == "Your Plainly account has been deleted"
    assert "saved articles and private notes" in body(mail)
    assert "/contact?topic=privacy" in body(mail, "html")
    [event] = [e for e in security_events if e["event"] == "account.deleted"]
    assert event["user_id"] == filled.id
    assert set(event) == {"at", "event", "user_id", "ip"}


def test_other_devices_and_remember_cookies_stop_working(app, client, filled):
    phone = app.test_client()
    data = {"email": "reader@example.com", "password": Auth.PASSWORD, "remember": "y"}
    assert post(phone, "/login", data).headers["Location"] == "/login/code"
    code = next_totp_code(app, "reader@example.com")
    assert post(phone, "/login/code", {"code": code}).status_code == 302
    assert phone.get_cookie("remember_token") is not None
    assert delete_account(client).status_code == 302
    assert phone.get("/settings").headers["Location"].startswith("/login")
    phone.delete_cookie("session")
    assert phone.get("/settings").headers["Location"].startswith("/login")


def test_the_device_that_deletes_forgets_its_remember_cookie(app, seed, count_rows):
    with seed():
        make_reader()
    browser = app.test_client()
    data = {"email": "reader@example.com", "password": Auth.PASSWORD, "remember": "y"}
    assert post(browser, "/login", data).status_code == 302
    assert browser.get_cookie("remember_token") is not None
    assert delete_account(browser).status_code == 302
    assert browser.get_cookie("remember_token") is None
    assert count_rows(User) == 0


def test_the_deleted_account_cannot_log_in_again(client, filled, auth):
    delete_account(client)
    response = auth.login()
    assert response.status_code == 422
    assert "do not match an account" in pages.main(response).text


def test_a_mail_problem_does_not_stop_the_deletion(client, filled, count_rows, smtp, caplog):
    smtp.reject = True
    assert delete_account(client).status_code == 302
    assert count_rows(User) == 0
    assert "are deleted" in " ".join(pages.flashes(client.get("/")))
    failed = [r for r in caplog.records if r.name == "plainly.background"]
    assert failed and "send_account_deleted" in failed[0].getMessage()


def test_the_only_admin_is_told_and_keeps_the_account(client, staff_login, count_rows):
    staff_login("admin")
    page = pages.main(client.get("/settings/delete"))
    assert "only admin" in page.find(cls="notice").text
    response = delete_account(client)
    assert response.status_code == 422
    assert "Make another member of staff an admin first." in pages.main(response).text
    assert count_rows(User) == 1


def test_an_editor_deletes_their_account_and_their_summary_stays(
    client, seed, staff_login, count_rows
):
    editor = staff_login("editor")
    with seed():
        filled_account("reviewer@example.com", "reviewer")
    assert delete_account(client).status_code == 302
    assert count_rows(User, User.id == editor.id) == 0
    assert count_rows(Article) == 1


def test_the_privacy_page_tells_how_to_take_a_copy_and_delete(client):
    main = pages.main(client.get("/about/privacy"))
    headings = [h.text for h in main.find_all("h2")]
    assert {"Take a copy of your data", "Delete your account"} <= set(headings)
    assert "/settings#your-data" in [href for _, href in main.links()]
    assert "cannot be undone" in main.text


def test_guessing_the_password_is_rate_limited(app, client, filled, count_rows):
    app.config["AUTH_RATE_LIMIT"] = "3 per minute"
    token = csrf_token(client, "/settings/delete")
    data = {"password": "a guess", "csrf_token": token}
    codes = [client.post("/settings/delete", data=data).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    right = client.post("/settings/delete", data={"password": Auth.PASSWORD, "csrf_token": token})
    assert right.status_code == 429 and count_rows(User) == 1
