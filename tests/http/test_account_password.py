"""Changing the password and the role in Settings, logging out everywhere, and the share links
that a reset or logging out everywhere turns off."""

import re

import pytest

from models import ShareLink, User, db
from services import account_changes, shares
from tests.conftest import Auth, csrf_token, post
from tests.factories import confirm_signed_in, make_article, make_topic
from tests.pages import main
from tests.smtp import body

LINK = re.compile(r"http://127\.0\.0\.1:5000(/\S+)")
EMAIL, NEW_PASSWORD = "reader@example.com", "a brand new passphrase"


def signed_in(client) -> bool:
    return "Logged in as" in client.get("/topics").get_data(as_text=True)


def password_hash(app) -> str:
    with app.app_context():
        return db.session.scalar(db.select(User.password_hash).where(User.email == EMAIL))


def log_in(app, remember=False):
    other = app.test_client()
    data = {"email": EMAIL, "password": Auth.PASSWORD} | ({"remember": "y"} if remember else {})
    assert post(other, "/login", data).status_code == 302
    return other


def change(client, current=Auth.PASSWORD, new=NEW_PASSWORD, again=NEW_PASSWORD):
    data = {"current_password": current, "password": new, "password_again": again}
    return post(client, "/settings/password", data)


@pytest.fixture
def reader(auth, smtp):
    auth.signup(EMAIL)
    smtp.messages.clear()
    return EMAIL


def test_a_new_password_keeps_this_browser_and_ends_every_other(
    app, client, smtp, reader, security_events
):
    laptop = log_in(app, remember=True)
    copied = laptop.get_cookie("remember_token").value
    response = change(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/settings#password"
    assert "every other device and browser was logged out" in main(client.get("/settings")).text
    assert signed_in(client)
    assert not signed_in(laptop)
    thief = app.test_client()
    thief.set_cookie("remember_token", copied)
    assert not signed_in(thief)
    assert Auth(app.test_client()).login(EMAIL, NEW_PASSWORD).status_code == 302
    assert Auth(app.test_client()).login(EMAIL, Auth.PASSWORD).status_code == 422
    [msg] = smtp.to(EMAIL)
    assert msg["Subject"] == "Your password was changed"
    assert LINK.search(body(msg))[1] == "/reset"
    [changed] = [e for e in security_events if e["event"] == "password.changed"]
    assert changed["how"] == "settings"
    assert security_events[-1]["event"] == "login.failed"  # the old password, tried above


def test_a_remembered_browser_gets_a_new_remember_cookie(app, reader, smtp):
    laptop = log_in(app, remember=True)
    assert change(laptop).status_code == 302
    renewed = app.test_client()
    renewed.set_cookie("remember_token", laptop.get_cookie("remember_token").value)
    assert signed_in(renewed)


@pytest.mark.parametrize(
    ("current", "new", "again", "messages"),
    [
        (
            "",
            "",
            "",
            [
                "Enter your current password.",
                "Choose a new password.",
                "Type the new password a second time.",
            ],
        ),
        ("wrong password", "short", "short", [account_changes.WRONG_CURRENT, "at least 10"]),
        (Auth.PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", [account_changes.NOT_THE_SAME]),
        (Auth.PASSWORD, Auth.PASSWORD, Auth.PASSWORD, [account_changes.SAME_AS_OLD]),
        ("wrong password", EMAIL, EMAIL, [account_changes.WRONG_CURRENT, "email address"]),
    ],
)
def test_bad_input_shows_every_message_and_changes_nothing(
    app, client, smtp, reader, current, new, again, messages
):
    before = password_hash(app)
    response = change(client, current, new, again)
    assert response.status_code == 422
    summary = main(response).find(cls="error-summary").text
    for message in messages:
        assert message in summary
    assert password_hash(app) == before
    assert smtp.messages == []
    assert signed_in(client)


def test_account_forms_need_a_login(client):
    for url in ("/settings/password", "/settings/role", "/settings/sessions/end"):
        response = post(client, url, {"role": "caregiver"})
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login"), url


def test_account_forms_without_a_token_change_nothing(app, client, reader):
    before = password_hash(app)
    data = {"current_password": Auth.PASSWORD, "password": NEW_PASSWORD}
    assert (
        client.post("/settings/password", data=data | {"password_again": NEW_PASSWORD}).status_code
        == 400
    )
    assert client.post("/settings/role", data={"role": "clinician"}).status_code == 400
    assert client.post("/settings/sessions/end").status_code == 400
    assert password_hash(app) == before
    assert signed_in(client)
    with app.app_context():
        assert db.session.scalar(db.select(User.role)) == "patient"


def first_audience(client, slug: str) -> str:
    sections = main(client.get(f"/articles/{slug}")).find_all("section", cls="audience")
    return sections[0].attrs["aria-labelledby"]


def test_changing_the_role_reorders_who_it_matters_to(app, client, seed, reader, security_events):
    with seed():
        article = make_article(make_topic("ebv"))
    assert first_audience(client, article.slug) == "aud-patient"
    response = post(client, "/settings/role", {"role": "caregiver"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/settings#about-you"
    assert first_audience(client, article.slug) == "aud-caregiver"
    checked = main(client.get("/settings")).find("input", id="reader-role-1")
    assert "checked" in checked.attrs
    assert security_events[-1]["event"] == "account.role_changed"


@pytest.mark.parametrize("role", ["", "admin", "Patient"])
def test_a_bad_role_is_a_field_message(app, client, reader, role):
    response = post(client, "/settings/role", {"role": role})
    assert response.status_code == 422
    assert "Choose which best describes you." in main(response).find(id="reader-role").text
    with app.app_context():
        assert db.session.scalar(db.select(User.role)) == "patient"


def make_link(app, client) -> str:
    confirm_signed_in(client)
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.email == EMAIL))
        _link, token = shares.create(user_id, include_notes=False, expires_in_days=None)
        db.session.commit()
    assert app.test_client().get(f"/shared/{token}").status_code == 200
    return f"/shared/{token}"


def test_log_out_everywhere_ends_this_session_too_and_turns_links_off(
    app, client, reader, security_events
):
    laptop = log_in(app, remember=True)
    shared = make_link(app, client)
    response = post(client, "/settings/sessions/end")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    page = main(client.get("/login")).text
    assert "You are logged out on every device and browser, this one too" in page
    assert "your 1 share link was turned off" in page
    assert not signed_in(client) and not signed_in(laptop)
    assert security_events[-1] == security_events[-1] | {
        "event": "session.ended_everywhere",
        "share_links_off": 1,
    }
    assert app.test_client().get(shared).status_code == 410
    assert Auth(client).login(EMAIL).status_code == 302  # and can come straight back


def test_a_password_reset_turns_share_links_off(app, client, smtp, reader):
    shared = make_link(app, client)
    phone = app.test_client()
    post(phone, "/reset", {"email": EMAIL})
    path = LINK.search(body(smtp.to(EMAIL)[-1]))[1]
    data = {"csrf_token": csrf_token(phone, path), "password": NEW_PASSWORD}
    assert phone.post(path, data=data).status_code == 302
    assert "your 1 share link was turned off" in main(phone.get("/login")).text
    assert app.test_client().get(shared).status_code == 410
    with app.app_context():
        assert db.session.scalar(db.select(ShareLink.revoked_at)) is not None


def test_an_unconfirmed_account_cannot_make_share_links(app, client, count_rows, login_as):
    login_as()  # signed in before opening the confirmation link
    saved = main(client.get("/saved"))
    assert "Please confirm your email address before making a share link" in saved.text
    assert "Create share link" not in saved.text
    response = post(client, "/saved/share", {"expires": "30"})
    assert response.status_code == 422
    assert "Please confirm your email address" in main(response).find(cls="error-summary").text
    assert count_rows(ShareLink) == 0
