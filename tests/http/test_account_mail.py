"""Email confirmation and password reset, with mail delivered to a real SMTP server."""

import re
import threading
from datetime import timedelta

import pytest

from models import User, db
from models.base import utcnow
from services import accounts, background, tokens
from tests.conftest import Auth, csrf_token, post, tampered
from tests.smtp import body

LINK = re.compile(r"http://127\.0\.0\.1:5000(/\S+)")
NEW_PASSWORD = "a brand new passphrase"


def link_in(msg) -> str:
    return LINK.search(body(msg))[1]


def user(app, email="reader@example.com") -> User:
    with app.app_context():
        return db.session.scalar(db.select(User).where(User.email == email))


# Email confirmation


def test_sign_up_sends_a_link_that_confirms_the_address_and_logs_in(client, auth, smtp, app):
    auth.sign_up_form()
    [msg] = smtp.to("reader@example.com")
    assert msg["Subject"] == "Please confirm your email address"
    assert not user(app).is_verified
    response = client.get(link_in(msg))
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics"
    assert user(app).email_verified_at is not None
    page = client.get("/topics").get_data(as_text=True)
    assert "Logged in as reader@example.com" in page
    assert "Please confirm your email address" not in page


def test_an_unconfirmed_reader_sees_the_banner(client, login_as):
    login_as()
    page = client.get("/topics").get_data(as_text=True)
    assert "Please confirm your email address" in page


def test_confirmation_in_another_browser_confirms_without_logging_in(app, auth, smtp):
    auth.sign_up_form()
    elsewhere = app.test_client()
    response = elsewhere.get(link_in(smtp.messages[0]), follow_redirects=True)
    assert "your email address is confirmed" in response.get_data(as_text=True)
    assert "Logged in as" not in response.get_data(as_text=True)
    assert user(app).is_verified


def test_resend_has_a_cooldown(client, login_as, smtp, app):
    login_as()
    post(client, "/verify/resend")
    assert len(smtp.messages) == 1
    response = post(client, "/verify/resend", follow_redirects=True)
    assert "You can ask again in" in response.get_data(as_text=True)
    assert len(smtp.messages) == 1
    with app.app_context():
        u = db.session.get(User, user(app).id)
        u.verification_sent_at = utcnow() - accounts.RESEND_COOLDOWN - timedelta(seconds=1)
        db.session.commit()
    response = post(client, "/verify/resend", follow_redirects=True)
    assert "We sent a new link to reader@example.com" in response.get_data(as_text=True)
    assert len(smtp.messages) == 2


def test_expired_tampered_and_foreign_confirmation_links_are_404(client, auth, smtp, app):
    auth.sign_up_form()
    good = link_in(smtp.messages[0]).rsplit("/", 1)[1]
    with app.app_context():
        uid = user(app).id
        old = tokens.make(
            tokens.VERIFY_EMAIL,
            {"u": uid, "e": "reader@example.com"},
            utcnow() - accounts.VERIFY_MAX_AGE - timedelta(minutes=1),
        )
        other_email = tokens.make(tokens.VERIFY_EMAIL, {"u": uid, "e": "old@example.com"})
        reset_kind = tokens.make(tokens.RESET_PASSWORD, {"u": uid, "e": "reader@example.com"})
    for bad in (old, other_email, reset_kind, tampered(good), "nonsense", good + "a"):
        response = client.get(f"/verify/{bad}")
        assert response.status_code == 404
        assert "This link no longer works" in response.get_data(as_text=True)
    assert not user(app).is_verified


def test_resend_without_csrf_token_is_400(client, auth, smtp):
    auth.signup()
    assert client.post("/verify/resend").status_code == 400


# Password reset


def test_reset_answers_the_same_for_known_and_unknown_addresses(client, app, smtp):
    Auth(client).signup()
    Auth(client).logout()
    smtp.messages.clear()
    known = post(client, "/reset", {"email": "reader@example.com"})
    unknown = post(client, "/reset", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200

    def without_address(r):
        return (
            r.get_data(as_text=True)
            .replace("reader@example.com", "X")
            .replace("nobody@example.com", "X")
        )

    no_token = re.compile(r'name="csrf_token"[^>]*>')
    assert no_token.sub("", without_address(known)) == no_token.sub("", without_address(unknown))
    assert [m["To"] for m in smtp.messages] == ["reader@example.com"]


def test_reset_link_sets_a_new_password_once(client, app, smtp):
    auth = Auth(client)
    auth.signup()
    auth.logout()
    post(client, "/reset", {"email": "reader@example.com"})
    path = link_in(smtp.to("reader@example.com")[-1])
    assert "Choose a new password" in client.get(path).get_data(as_text=True)
    response = client.post(
        path, data={"csrf_token": csrf_token(client, path), "password": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert auth.login(password=NEW_PASSWORD).status_code == 302
    assert user(app).is_verified  # the link proved the address works
    auth.logout()
    again = client.get(path)
    assert again.status_code == 404
    assert "already" in again.get_data(as_text=True)


def test_reset_rejects_a_weak_password_and_changes_nothing(client, app, smtp):
    Auth(client).signup()
    post(client, "/reset", {"email": "reader@example.com"})
    path = link_in(smtp.to("reader@example.com")[-1])
    before = user(app).password_hash
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "password": "short"})
    assert response.status_code == 422
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    assert user(app).password_hash == before


def test_expired_and_tampered_reset_links_are_404(client, app, smtp):
    Auth(client).signup()
    post(client, "/reset", {"email": "reader@example.com"})
    token = link_in(smtp.to("reader@example.com")[-1]).rsplit("/", 1)[1]
    with app.app_context():
        u = user(app)
        assert accounts.user_for_reset(token) is not None
        later = utcnow() + accounts.RESET_MAX_AGE + timedelta(seconds=5)
        assert accounts.user_for_reset(token, now=later) is None
        expired = tokens.make(
            tokens.RESET_PASSWORD, {"u": u.id, "p": "x"}, utcnow() - timedelta(hours=2)
        )
    for bad in (expired, token[:-3] + "abc", token.replace(".", ".x", 1), "x"):
        assert client.get(f"/reset/{bad}").status_code == 404


@pytest.mark.parametrize("email", ["", "not an address"])
def test_reset_request_validates_the_address(client, smtp, email):
    response = post(client, "/reset", {"email": email})
    assert response.status_code == 422
    assert "Please check the form" in response.get_data(as_text=True)
    assert smtp.messages == []


def test_reset_forms_without_csrf_token_are_400(client, app, smtp):
    Auth(client).signup()
    post(client, "/reset", {"email": "reader@example.com"})
    path = link_in(smtp.to("reader@example.com")[-1])
    assert client.post("/reset", data={"email": "reader@example.com"}).status_code == 400
    assert client.post(path, data={"password": NEW_PASSWORD}).status_code == 400


def test_reset_emails_have_a_cooldown_and_the_answer_stays_the_same(client, app, smtp):
    Auth(client).signup()
    smtp.messages.clear()
    first = post(client, "/reset", {"email": "reader@example.com"})
    second = post(client, "/reset", {"email": "reader@example.com"})
    assert first.status_code == second.status_code == 200
    assert "Check your email" in second.get_data(as_text=True)
    assert len(smtp.messages) == 1
    with app.app_context():
        u = db.session.get(User, user(app).id)
        u.reset_sent_at -= accounts.RESEND_COOLDOWN
        db.session.commit()
    post(client, "/reset", {"email": "reader@example.com"})
    assert len(smtp.messages) == 2


HELD = threading.Event()


def hold_the_queue(seconds: int) -> None:
    """A job that keeps the queue busy until HELD is set (jobs are importable functions)."""
    HELD.wait(seconds)


def test_reset_email_is_sent_in_the_background_not_in_the_request(client, app, smtp):
    """The request only queues the lookup and the sending: with the queue held up, the page
    is out and nothing is sent yet."""
    auth = Auth(client)
    auth.signup()
    auth.logout()
    sent_before = len(smtp.to("reader@example.com"))
    HELD.clear()
    with app.app_context():
        background.enqueue(hold_the_queue, 10)
    client.wait_for_background = False
    response = post(client, "/reset", {"email": "reader@example.com"})
    assert response.status_code == 200
    assert len(smtp.to("reader@example.com")) == sent_before  # nothing yet
    HELD.set()
    background.wait(app)
    assert len(smtp.to("reader@example.com")) == sent_before + 1
