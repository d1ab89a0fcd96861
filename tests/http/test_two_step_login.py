"""Logging in with two-step sign-in: the password, then a code from the app or a recovery code."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from blueprints.auth import AWAITING_CODE
from models import RecoveryCode, db
from services import two_step
from tests.conftest import Auth, csrf_token, login_staff, next_totp_code, post
from tests.factories import make_staff
from tests.http.conftest import saved_rows
from tests.pages import main

EMAIL = "editor@example.com"


@pytest.fixture
def member(seed):
    """An editor with two-step sign-in on and ten recovery codes (`member.codes`)."""
    with seed():
        user = make_staff(EMAIL)
        user.totp_enabled_at = None
        now = datetime.now(UTC) - timedelta(minutes=2)
        user.codes = two_step.confirm_setup(user, pyotp.TOTP(user.totp_secret).at(now), now)
    return user


def password_step(client, **data):
    response = post(client, "/login", {"email": EMAIL, "password": Auth.PASSWORD, **data})
    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    return response


def logged_in(client) -> bool:
    return f"Logged in as {EMAIL}" in client.get("/").get_data(as_text=True)


def test_the_password_alone_does_not_log_in(client, member):
    password_step(client)
    assert not logged_in(client)
    assert client.get("/saved").headers["Location"].startswith("/login")
    page = main(client.get("/login/code"))
    assert page.find("h1").text == "Enter your code"
    assert page.find("input", name="code").attrs["autocomplete"] == "one-time-code"
    assert ("Use a recovery code instead", "/login/code?recovery=1") in page.links()


def test_the_apps_code_logs_in_and_goes_where_the_reader_was_going(client, member):
    password_step(client, next="/saved")
    code = next_totp_code(client.application, EMAIL)
    response = post(client, "/login/code", {"code": code})
    assert response.status_code == 302 and response.headers["Location"] == "/saved"
    assert logged_in(client)
    with client.session_transaction() as session:
        assert AWAITING_CODE not in session


def test_the_same_code_cannot_log_in_twice(app, client, member):
    password_step(client)
    code = next_totp_code(app, EMAIL)
    assert post(client, "/login/code", {"code": code}).status_code == 302
    other = app.test_client()
    password_step(other)
    response = post(other, "/login/code", {"code": code})
    assert response.status_code == 422
    assert two_step.USED_CODE in main(response).text


def test_a_recovery_code_logs_in_once(app, client, member):
    password_step(client)
    page = main(client.get("/login/code?recovery=1"))
    assert page.find("label").text == "Recovery code"
    assert page.find("form").attrs["action"] == "/login/code?recovery=1"
    response = post(
        client, "/login/code?recovery=1", {"code": member.codes[3]}, follow_redirects=True
    )
    assert logged_in(client)
    assert "You used a recovery code: 9 left." in main(response).text
    with app.app_context():
        used = db.session.scalars(select(RecoveryCode).where(RecoveryCode.used_at.is_not(None)))
        assert len(used.all()) == 1
    Auth(client).logout()
    password_step(client)
    response = post(client, "/login/code", {"code": member.codes[3]})
    assert response.status_code == 422 and not logged_in(client)


@pytest.mark.parametrize(
    ("code", "message"),
    [("", two_step.ENTER_CODE), ("12345", two_step.WRONG_CODE), ("nope", two_step.WRONG_CODE)],
)
def test_a_wrong_code_is_422_with_a_field_message(client, member, code, message):
    password_step(client)
    response = post(client, "/login/code", {"code": code})
    assert response.status_code == 422
    page = main(response)
    assert page.find("p", cls="error-message").text == message
    assert page.find("input", name="code").attrs["aria-invalid"] == "true"
    assert not logged_in(client)


def wait_minutes(client, minutes: int) -> None:
    with client.session_transaction() as session:
        waiting = session[AWAITING_CODE]
        session[AWAITING_CODE] = {**waiting, "since": waiting["since"] - minutes * 60}


def test_the_code_is_still_asked_for_after_nine_minutes(client, member):
    password_step(client)
    wait_minutes(client, 9)
    response = post(client, "/login/code", {"code": next_totp_code(client.application, EMAIL)})
    assert response.headers["Location"] == "/" and logged_in(client)


def test_the_code_step_expires_after_ten_minutes(client, member):
    password_step(client)
    wait_minutes(client, 11)
    response = post(client, "/login/code", {"code": next_totp_code(client.application, EMAIL)})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "the code is needed within 10 minutes" in client.get("/login").get_data(as_text=True)
    assert not logged_in(client)


def test_the_code_page_without_a_password_first_sends_to_log_in(client, member):
    assert client.get("/login/code").headers["Location"] == "/login"
    response = post(client, "/login/code", {"code": "123456"})
    assert response.headers["Location"] == "/login" and not logged_in(client)


def test_a_changed_password_ends_the_wait_for_a_code(app, client, member):
    password_step(client)
    with app.app_context():
        db.session.get(type(member), member.id).session_token = "renewed"
        db.session.commit()
    response = post(client, "/login/code", {"code": next_totp_code(app, EMAIL)})
    assert response.headers["Location"] == "/login" and not logged_in(client)


def test_remember_me_is_kept_through_the_code_step(client, member):
    password_step(client, remember="y")
    assert client.get_cookie("remember_token") is None
    post(client, "/login/code", {"code": next_totp_code(client.application, EMAIL)})
    assert client.get_cookie("remember_token") is not None


def test_a_save_asked_for_before_logging_in_completes_after_the_code(app, client, member, items):
    response = post(client, f"/articles/{items[0].slug}/save", {"next": "/topics/ebv"})
    assert response.headers["Location"] == "/login?next=/topics/ebv"
    password_step(client, next="/topics/ebv")
    assert saved_rows(app, EMAIL) == []
    code = next_totp_code(client.application, EMAIL)
    response = post(client, "/login/code", {"code": code}, follow_redirects=True)
    assert response.request.path == "/topics/ebv"
    assert f"Saved “{items[0].title}”" in response.get_data(as_text=True)
    assert [r.article_id for r in saved_rows(app, EMAIL)] == [items[0].id]


def test_the_login_staff_helper_logs_in_twice_in_one_time_step(app, client, member):
    login_staff(client, EMAIL)
    Auth(client).logout()
    login_staff(client, EMAIL, member.totp_secret)
    assert logged_in(client)


def test_the_code_form_is_rate_limited(app, client, member):
    app.config["AUTH_RATE_LIMIT"] = "3 per minute"
    password_step(client)
    token = csrf_token(client, "/login/code")
    codes = [
        client.post("/login/code", data={"code": "000000x", "csrf_token": token}).status_code
        for _ in range(4)
    ]
    assert codes == [422, 422, 422, 429]
    assert "Please slow down" in main(client.post("/login/code", data={"csrf_token": token})).text
    assert client.get("/login/code").status_code == 200, "reading the form is never limited"


@pytest.mark.parametrize("token", [{}, {"csrf_token": "forged"}])
def test_the_code_form_needs_its_csrf_token(client, member, token):
    password_step(client)
    code = next_totp_code(client.application, EMAIL)
    response = client.post("/login/code", data={"code": code, **token})
    assert response.status_code == 400 and "This form has expired" in main(response).text
    assert not logged_in(client)
