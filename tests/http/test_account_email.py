"""Changing the email address: confirmed from the new inbox, undoable from the old one, and
never telling whether an address already has an account."""

import re
from datetime import timedelta

import pytest

from models import ShareLink, User, db
from models.base import utcnow
from services import email_change, tokens
from tests.conftest import Auth, csrf_token, post, tampered
from tests.factories import confirm_signed_in, make_user
from tests.pages import main
from tests.smtp import body

LINK = re.compile(r"http://127\.0\.0\.1:5000(/\S+)")
OLD, NEW = "reader@example.com", "new.address@example.com"


def link_in(msg) -> str:
    return LINK.search(body(msg))[1]


def account(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def signed_in(client) -> bool:
    return "Logged in as" in client.get("/topics").get_data(as_text=True)


@pytest.fixture
def reader_id(app, auth, smtp) -> int:
    auth.signup(OLD)
    smtp.messages.clear()  # the sign-up confirmation
    with app.app_context():
        return db.session.scalar(db.select(User.id).where(User.email == OLD))


def ask_for(client, email=NEW, password=Auth.PASSWORD, **kw):
    return post(client, "/settings/email", {"email": email, "password": password}, **kw)


def confirm_link(client, smtp, email=NEW) -> str:
    [msg] = smtp.to(email)
    assert msg["Subject"] == "Please confirm your new email address"
    return link_in(msg)


def press_button(client, path):
    return client.post(path, data={"csrf_token": csrf_token(client, path)})


def test_the_new_address_takes_effect_only_from_its_link(
    app, client, smtp, reader_id, security_events
):
    response = ask_for(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/settings#email"
    page = main(client.get("/settings")).text
    assert f"We sent an email to {NEW}" in page
    assert f"Until then we keep writing to {OLD}" in page
    assert account(app, reader_id).email == OLD

    path = confirm_link(client, smtp)
    landing = client.get(path)
    assert landing.status_code == 200
    assert f"Use {NEW}" in main(landing).text
    assert account(app, reader_id).email == OLD  # opening the link changes nothing

    response = press_button(client, path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/settings#email"
    user = account(app, reader_id)
    assert user.email == NEW and user.is_verified
    assert f"Your email address is now {NEW}" in main(client.get("/settings")).text
    [notice] = smtp.to(OLD)
    assert notice["Subject"] == "Your Plainly email address was changed"
    assert NEW in body(notice)
    assert link_in(notice).startswith("/account/email/undo/")
    events = [e["event"] for e in security_events]
    assert events == ["email.change_requested", "email.changed"]


def test_the_confirmation_link_works_once_and_only_while_fresh(app, client, smtp, reader_id):
    ask_for(client)
    path = confirm_link(client, smtp)
    token = path.rsplit("/", 1)[1]
    with app.app_context():
        late = utcnow() - email_change.CONFIRM_MAX_AGE - timedelta(minutes=1)
        payload = email_change.link_payload(db.session.get(User, reader_id), OLD, NEW)
        expired = tokens.make(email_change.CHANGE_EMAIL, payload, late)
        other_kind = tokens.make(email_change.UNDO_EMAIL_CHANGE, payload)
        not_current = tokens.make(email_change.CHANGE_EMAIL, {**payload, "o": "x@example.com"})
    for bad in (expired, other_kind, not_current, tampered(token), "nonsense"):
        response = client.get(f"/account/email/confirm/{bad}")
        assert response.status_code == 404, bad
        assert "This link no longer works" in main(response).text
    assert press_button(client, path).status_code == 302
    again = client.get(path)
    assert again.status_code == 404
    assert "work once, for a day" in main(again).text


def test_an_address_that_has_an_account_gets_the_same_answer_and_a_notice(
    app, client, seed, smtp, reader_id
):
    with seed():
        make_user("taken@example.com")
    fresh = ask_for(client, "fresh@example.com")
    fresh_page = main(client.get("/settings")).text
    taken = ask_for(client, "taken@example.com")
    taken_page = main(client.get("/settings")).text
    assert (fresh.status_code, fresh.headers["Location"]) == (302, "/settings#email")
    assert (taken.status_code, taken.headers["Location"]) == (302, "/settings#email")
    assert taken_page.replace("taken@", "fresh@") == fresh_page
    [notice] = smtp.to("taken@example.com")
    assert notice["Subject"] == "Someone tried to use your address on Plainly"
    assert not LINK.search(body(notice))  # no link that could move the account
    assert account(app, reader_id).email == OLD


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Enter your new email address.", "Enter your current password."]),
        (
            {"email": "not an address", "password": ""},
            ["Enter an email address like name@example.com.", "Enter your current password."],
        ),
        (
            {"email": f" {OLD.upper()} ", "password": "not my password"},
            [email_change.SAME_ADDRESS, email_change.NOT_YOURS],
        ),
        ({"email": "x" * 250 + "@example.com", "password": Auth.PASSWORD}, ["254"]),
    ],
)
def test_bad_input_shows_every_message_and_sends_nothing(
    app, client, smtp, reader_id, data, messages
):
    response = post(client, "/settings/email", data)
    assert response.status_code == 422
    summary = main(response).find(cls="error-summary").text
    for message in messages:
        assert message in summary
    assert smtp.messages == []
    assert account(app, reader_id).email == OLD


def test_the_link_goes_out_as_a_job_whose_mail_problem_is_logged(
    app, client, smtp, reader_id, caplog
):
    smtp.reject = True
    response = ask_for(client)
    assert response.status_code == 302  # the answer does not wait for, nor tell of, the mail
    assert account(app, reader_id).email == OLD
    failed = [r for r in caplog.records if r.name == "plainly.background"]
    assert failed and "send_change_link" in failed[0].getMessage()


def test_changing_the_email_needs_a_login(client, smtp):
    response = ask_for(client)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert smtp.messages == []


def test_posts_without_a_token_change_nothing(app, client, smtp, reader_id):
    assert (
        client.post("/settings/email", data={"email": NEW, "password": Auth.PASSWORD}).status_code
        == 400
    )
    assert smtp.messages == []
    ask_for(client)
    path = confirm_link(client, smtp)
    assert client.post(path).status_code == 400
    assert account(app, reader_id).email == OLD


def test_an_address_taken_before_confirming_is_refused(app, client, seed, smtp, reader_id):
    ask_for(client)
    path = confirm_link(client, smtp)
    with seed():
        make_user(NEW)
    response = press_button(client, path)
    assert response.status_code == 422
    assert "now belongs to another Plainly account" in main(response).text
    assert account(app, reader_id).email == OLD
    assert smtp.to(OLD) == []


def confirmed_change(client, smtp) -> tuple[str, str]:
    """Change the address to NEW; the paths of the confirmation and the undo link."""
    ask_for(client)
    confirm = confirm_link(client, smtp)
    press_button(client, confirm)
    [notice] = smtp.to(OLD)
    return confirm, link_in(notice)


def test_the_old_address_can_undo_the_change(app, client, smtp, reader_id, security_events):
    confirm_signed_in(client)
    post(client, "/saved/share", {"expires": "30"})
    confirm, undo = confirmed_change(client, smtp)
    phone = app.test_client()  # the real owner, not logged in
    assert phone.post(undo).status_code == 400  # no CSRF token: nothing happens
    assert account(app, reader_id).email == NEW
    landing = phone.get(undo)
    assert landing.status_code == 200
    assert f"Go back to {OLD}" in main(landing).text
    assert account(app, reader_id).email == NEW

    response = press_button(phone, undo)
    assert response.status_code == 200
    page = main(response)
    assert "Your email address is back" in page.text
    assert ("Choose a new password", "/reset") in page.links()
    assert account(app, reader_id).email == OLD
    assert not signed_in(client)  # whoever changed it is logged out
    with app.app_context():
        [link] = db.session.scalars(db.select(ShareLink)).all()
        assert link.revoked_at is not None
    assert security_events[-1]["event"] == "email.change_undone"
    assert security_events[-1]["share_links_off"] == 1
    assert phone.get(undo).status_code == 404  # once only
    assert phone.get(confirm).status_code == 404  # and the change cannot be made again


def test_undo_is_refused_when_the_old_address_was_taken_meanwhile(
    app, client, seed, smtp, reader_id
):
    _confirm, undo = confirmed_change(client, smtp)
    with seed():
        make_user(OLD)
    response = press_button(app.test_client(), undo)
    assert response.status_code == 422
    assert "now belongs to another Plainly account" in main(response).text
    assert account(app, reader_id).email == NEW
    assert signed_in(client)


def test_an_expired_undo_link_is_404(app, client, smtp, reader_id):
    confirmed_change(client, smtp)
    with app.app_context():
        late = utcnow() - email_change.UNDO_MAX_AGE - timedelta(minutes=1)
        payload = email_change.link_payload(db.session.get(User, reader_id), OLD, NEW)
        expired = tokens.make(email_change.UNDO_EMAIL_CHANGE, payload, late)
    response = client.get(f"/account/email/undo/{expired}")
    assert response.status_code == 404
    assert "work once, for a week" in main(response).text
