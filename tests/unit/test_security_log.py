"""Security events are structured, attributed and never carry secrets."""

import pytest

from services import security_log


def test_an_event_is_logged_as_json_with_who_and_from_where(app, security_events):
    with app.test_request_context("/login", environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        security_log.record("login.failed", user_id=4, reason="password")
    [event] = security_events
    assert event["event"] == "login.failed"
    assert event["user_id"] == 4 and event["ip"] == "192.0.2.7" and event["reason"] == "password"
    assert event["at"].endswith("+00:00")


def test_text_form_reads_as_key_value_pairs(app, caplog):
    security_log.log.propagate = True  # let caplog see the line
    try:
        with app.app_context(), caplog.at_level("INFO", logger=security_log.LOGGER_NAME):
            security_log.record("account.deleted", user_id=9)
    finally:
        security_log.log.propagate = False
    assert "security" in caplog.text and "event=account.deleted user_id=9 ip=None" in caplog.text


@pytest.mark.parametrize("field", ["password", "new_password", "token", "note", "totp_secret"])
def test_fields_that_could_hold_secrets_are_refused(app, security_events, field):
    with app.app_context(), pytest.raises(ValueError, match=field):
        security_log.record("password.changed", user_id=1, **{field: "x"})
    assert security_events == []


@pytest.mark.parametrize("name", ["login", "Login.Failed", "login failed", ""])
def test_event_names_are_area_dot_what(app, name):
    with app.app_context(), pytest.raises(ValueError):
        security_log.record(name)
