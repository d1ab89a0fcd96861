"""Turning two-step sign-in on and off in Settings, recovery codes, and the staff byline."""

import re

import pyotp
import pytest
from sqlalchemy import select

from models import RecoveryCode, User, db
from services import two_step
from tests.conftest import Auth, next_totp_code, post
from tests.http.test_no_inline_code import INLINE
from tests.pages import main, page

EMAIL = "reader@example.com"


def account(app) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        db.session.expunge(user)
        return user


def section(response):
    return page(response).find("section", id="two-step")


def start(client, app) -> str:
    response = post(client, "/settings/two-step/start")
    assert response.headers["Location"] == "/settings#two-step"
    return account(app).totp_secret


def turn_on(client, app) -> list[str]:
    secret = start(client, app)
    response = post(client, "/settings/two-step/confirm", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    return [li.text for li in section(response).find("ol", cls="recovery-codes").find_all("li")]


def test_the_section_offers_to_set_up(client, reader):
    box = section(client.get("/settings"))
    assert box.find("h2").text == "Two-step sign-in"
    assert box.find("form").attrs["action"] == "/settings/two-step/start"
    assert box.find("button").text == "Set up two-step sign-in"


def test_setting_up_shows_a_qr_code_and_the_key_and_nothing_changes_yet(client, app, reader):
    secret = start(client, app)
    response = client.get("/settings")
    box = section(response)
    image = box.find("svg", cls="qr-code")  # inline SVG, named by its <title>
    assert "QR code" in image.find("title").text
    assert all(path.attrs["d"] for path in image.find_all("path"))
    assert box.find("p", cls="setup-key").text.replace(" ", "") == secret
    assert box.find("form", action="/settings/two-step/confirm").find("input", name="code")
    assert INLINE.search(response.get_data(as_text=True)) is None
    assert not account(app).has_two_step
    Auth(client).logout()
    assert Auth(client).login().headers["Location"] == "/"  # the password is still enough


def test_confirming_turns_it_on_and_shows_ten_codes_once(client, app, reader):
    secret = start(client, app)
    response = post(client, "/settings/two-step/confirm", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    codes = [li.text for li in section(response).find("ol", cls="recovery-codes").find_all("li")]
    assert len(set(codes)) == 10 and all(
        re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){2}", c) for c in codes
    )
    assert "Two-step sign-in is on." in main(response).text
    assert account(app).has_two_step
    again = client.get("/settings")
    assert not any(code in again.get_data(as_text=True) for code in codes)
    assert "You have 10 unused recovery codes." in section(again).text


def test_turning_it_on_signs_out_every_other_device(app, client, reader):
    other = app.test_client()
    assert Auth(other).login().status_code == 302
    turn_on(client, app)
    assert "Log in" in other.get("/").get_data(as_text=True)
    assert f"Logged in as {EMAIL}" in client.get("/settings").get_data(as_text=True)


def test_a_wrong_confirmation_code_is_422_and_leaves_it_off(client, app, reader):
    start(client, app)
    response = post(client, "/settings/two-step/confirm", {"code": "12345"})
    assert response.status_code == 422
    box = section(response)
    assert box.find("p", cls="error-message").text == two_step.WRONG_CODE
    assert box.find("input", id="confirm-code").attrs["aria-invalid"] == "true"
    assert not account(app).has_two_step


def test_after_turning_it_on_log_in_asks_for_a_code(client, app, reader):
    turn_on(client, app)
    Auth(client).logout()
    assert Auth(client).login().headers["Location"] == "/login/code"


def test_new_recovery_codes_need_a_code_and_replace_the_old(client, app, reader):
    old = turn_on(client, app)
    response = post(client, "/settings/two-step/codes", {"code": ""})
    assert response.status_code == 422
    assert section(response).find("p", cls="error-message").text == two_step.ENTER_CODE
    response = post(client, "/settings/two-step/codes", {"code": old[0]})
    assert response.status_code == 200
    new = [li.text for li in section(response).find("ol", cls="recovery-codes").find_all("li")]
    assert len(new) == 10 and not set(new) & set(old)
    with app.app_context():
        assert len(db.session.scalars(select(RecoveryCode)).all()) == 10


def test_turning_off_needs_password_and_code(client, app, reader):
    codes = turn_on(client, app)
    response = post(client, "/settings/two-step/off", {"password": "wrong one!", "code": "x"})
    assert response.status_code == 422
    messages = [p.text for p in section(response).find_all("p", cls="error-message")]
    assert messages == [two_step.WRONG_PASSWORD, two_step.WRONG_CODE]
    assert account(app).has_two_step
    data = {"password": Auth.PASSWORD, "code": codes[0]}
    response = post(client, "/settings/two-step/off", data)
    assert response.headers["Location"] == "/settings#two-step"
    assert not account(app).has_two_step and account(app).totp_secret is None
    Auth(client).logout()
    assert Auth(client).login().headers["Location"] == "/"


def test_starting_again_while_on_is_refused_calmly(client, app, reader):
    turn_on(client, app)
    response = post(client, "/settings/two-step/start", follow_redirects=True)
    assert two_step.ALREADY_ON in main(response).text
    assert account(app).has_two_step


TWO_STEP_POSTS = [
    "/settings/two-step/start",
    "/settings/two-step/confirm",
    "/settings/two-step/codes",
    "/settings/two-step/off",
    "/settings/byline",
]


@pytest.mark.parametrize("url", TWO_STEP_POSTS)
def test_every_form_needs_its_csrf_token(client, app, staff_login, url):
    member = staff_login("admin", name="Dr A. Example")
    before = account_of(app, member.email)
    response = client.post(
        url, data={"code": next_totp_code(app, member.email), "display_name": "X"}
    )
    assert response.status_code == 400
    assert account_of(app, member.email) == before


def account_of(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return (user.totp_secret, user.totp_enabled_at, user.display_name)


@pytest.mark.parametrize("url", TWO_STEP_POSTS)
def test_visitors_are_sent_to_log_in(client, url):
    response = post(client, url)
    assert response.headers["Location"].startswith("/login")


def test_the_byline_section_is_for_staff_only(client, reader):
    response = client.get("/settings")
    assert page(response).find_all("section", id="byline") == []
    response = post(client, "/settings/byline", {"display_name": "Me"})
    assert response.status_code == 403
    assert "for Plainly's editorial staff" in main(response).text


def test_staff_set_their_name_and_credentials(client, app, staff_login):
    staff_login("reviewer")
    box = page(client.get("/settings")).find("section", id="byline")
    assert "Now it reads: reviewer." in box.text
    data = {"display_name": "Dr A. Example", "credentials": "consultant neurologist"}
    response = post(client, "/settings/byline", data, follow_redirects=True)
    assert "Your name on reviewed pages is saved." in main(response).text
    box = page(response).find("section", id="byline")
    assert "Now it reads: Dr A. Example, consultant neurologist." in box.text
    assert box.find("input", name="display_name").attrs["value"] == "Dr A. Example"


def test_a_too_long_byline_is_422_with_both_messages(client, app, staff_login):
    staff_login("reviewer", name="Dr A. Example")
    response = post(
        client, "/settings/byline", {"display_name": "n" * 121, "credentials": "c" * 201}
    )
    assert response.status_code == 422
    box = page(response).find("section", id="byline")
    assert [p.text for p in box.find_all("p", cls="error-message")] == [
        "Use at most 120 characters.",
        "Use at most 200 characters.",
    ]
    assert account_of(app, "reviewer@example.com")[2] == "Dr A. Example"


def test_the_two_step_and_code_pages_have_no_inline_code(client, app, reader):
    pages = []
    start(client, app)
    pages.append(client.get("/settings"))
    secret = account(app).totp_secret
    # The current code: one from a step back fails when a step begins before the post lands.
    pages.append(post(client, "/settings/two-step/confirm", {"code": pyotp.TOTP(secret).now()}))
    pages.append(client.get("/settings"))
    Auth(client).logout()
    Auth(client).login()
    pages += [client.get("/login/code"), client.get("/login/code?recovery=1")]
    for response in pages:
        assert response.status_code == 200
        assert INLINE.search(response.get_data(as_text=True)) is None
