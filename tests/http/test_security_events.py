"""Security events: one structured line per account, sharing and staff action, never a secret."""

import re

import pyotp
import pytest

from models import db
from services import accounts, editorial, security_log, shares, two_step
from tests.conftest import next_totp_code, post
from tests.editorial_support import draft, make_staff_member
from tests.factories import make_topic, make_user

LINK = re.compile(r"http://127\.0\.0\.1:5000(/\S+)")
CODES = re.compile(r"<li><code>([^<]+)</code></li>")
SECRET_FIELDS = {"password", "token", "code", "codes", "secret", "note", "comment"}


def names(events) -> list[str]:
    return [e["event"] for e in events]


def no_secrets(events, *secrets: str) -> None:
    for event in events:
        assert not set(event) & SECRET_FIELDS
        for secret in secrets:
            assert secret not in str(event)


def test_logging_in_and_out_is_logged(client, login_as, auth, security_events):
    user = login_as()
    auth.logout()
    assert names(security_events) == ["login.succeeded", "logout.succeeded"]
    login, logout = security_events
    assert (login["user_id"], login["method"], login["ip"]) == (user.id, "password", "127.0.0.1")
    assert logout["user_id"] == user.id
    no_secrets(security_events, auth.PASSWORD)


def test_a_password_reset_is_logged_when_asked_for_and_when_done(
    client, seed, auth, smtp, security_events
):
    with seed():
        user = make_user()
    post(client, "/reset", {"email": "nobody@example.com"})
    post(client, "/reset", {"email": "reader@example.com"})
    path = LINK.search(smtp.to("reader@example.com")[0].get_body(("plain",)).get_content())[1]
    post(client, path, {"password": "a brand new passphrase"})
    assert names(security_events) == [
        "password_reset.requested",
        "password_reset.requested",
        "password.changed",
        "password_reset.completed",
    ]
    unknown, known, changed, done = security_events
    assert (changed["user_id"], changed["how"]) == (user.id, "reset")
    assert (unknown["user_id"], unknown["sent"], unknown["ip"]) == (None, False, "127.0.0.1")
    assert (known["user_id"], known["sent"]) == (user.id, True)
    assert done["user_id"] == user.id
    no_secrets(security_events, "a brand new passphrase", path.rsplit("/", 1)[1])


def test_two_step_changes_are_logged_without_codes(client, login_as, app, security_events):
    user = login_as()
    post(client, "/settings/two-step/start")
    with app.app_context():
        secret = accounts.find_by_email(user.email).totp_secret
    code = pyotp.TOTP(secret).now()
    page = post(client, "/settings/two-step/confirm", {"code": code}).get_data(as_text=True)
    recovery = CODES.findall(page)
    assert recovery
    renewed = post(client, "/settings/two-step/codes", {"code": next_totp_code(app, user.email)})
    recovery += CODES.findall(renewed.get_data(as_text=True))
    off = {"password": "a calm long passphrase", "code": recovery[-1]}
    post(client, "/settings/two-step/off", off)
    assert names(security_events)[1:] == [
        "two_step.enabled",
        "two_step.recovery_codes_renewed",
        "two_step.recovery_code_used",
        "two_step.disabled",
    ]
    no_secrets(security_events, secret, code, *recovery)


def test_using_a_recovery_code_is_logged(ctx, security_events):
    user = make_user()
    two_step.start_setup(user)
    codes = two_step.confirm_setup(user, pyotp.TOTP(user.totp_secret).now())
    two_step.verify(user, codes[0])
    assert names(security_events) == ["two_step.enabled", "two_step.recovery_code_used"]
    no_secrets(security_events, codes[0], user.totp_secret)


def test_share_links_made_and_turned_off_are_logged(ctx, security_events):
    user = make_user(verified=True)
    link, token = shares.create(user.id, include_notes=True, expires_in_days=30)
    shares.revoke(user.id, link.id)
    shares.revoke(user.id, link.id)  # already off: nothing more to log
    assert names(security_events) == ["share_link.created", "share_link.revoked"]
    created, revoked = security_events
    assert (created["link_id"], created["with_annotations"], created["expires_in_days"]) == (
        link.id,
        True,
        30,
    )
    assert revoked["link_id"] == link.id
    no_secrets(security_events, token)


def test_staff_roles_given_and_taken_on_the_command_line_are_logged(runner, seed, security_events):
    with seed():
        user = make_user("doc@example.com")
    runner.invoke(args=["users", "promote", "doc@example.com", "--role", "reviewer"])
    runner.invoke(args=["users", "demote", "doc@example.com", "--role", "reviewer"])
    assert names(security_events) == ["staff.promoted", "staff.demoted"]
    promoted, demoted = security_events
    assert (promoted["user_id"], promoted["role"], promoted["before"]) == (
        user.id,
        "reviewer",
        None,
    )
    assert (demoted["user_id"], demoted["role"]) == (user.id, "reviewer")


def test_editorial_transitions_are_logged_without_the_comment(ctx, security_events):
    editor = make_staff_member("editor@example.com", "editor")
    article = draft(editor, make_topic("myelin"))
    db.session.flush()
    editorial.submit(article, editor, "Private remark about the draft")
    [event] = [e for e in security_events if e["event"].startswith("editorial.")]
    assert event["event"] == "editorial.submitted"
    assert (event["user_id"], event["article_id"]) == (editor.id, article.id)
    assert (event["from_status"], event["to_status"]) == ("draft", "in_review")
    no_secrets(security_events, "Private remark")


@pytest.mark.parametrize("field", ["password", "new_password", "reset_token", "note", "codes"])
def test_a_secret_field_is_refused(ctx, field):
    with pytest.raises(ValueError, match="never hold secrets"):
        security_log.record("test.event", **{field: "x"})


def test_staff_log_in_with_two_step_is_logged(client, staff_login, security_events):
    user = staff_login("editor")
    [event] = [e for e in security_events if e["event"] == "login.succeeded"]
    assert (event["user_id"], event["method"]) == (user.id, "two_step")
