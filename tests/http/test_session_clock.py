"""How long a login lasts: an idle timeout, an absolute lifetime and a 30-day remember-me
cookie renewed on use. The clock is moved by the test, never waited for."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http.cookies import SimpleCookie

import pytest

from blueprints import sessions
from tests.conftest import Auth, next_totp_code, post
from tests.factories import make_user
from tests.pages import main

EMAIL = "reader@example.com"
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(START)
    monkeypatch.setattr(sessions, "utcnow", clock)
    return clock


def signed_in(client) -> bool:
    return "Logged in as" in client.get("/topics").get_data(as_text=True)


@pytest.fixture
def reader(seed):
    with seed():
        make_user(EMAIL)


def log_in(client, remember=False):
    data = {"email": EMAIL, "password": Auth.PASSWORD} | ({"remember": "y"} if remember else {})
    assert post(client, "/login", data).status_code == 302


def test_an_idle_session_ends_with_a_calm_message(client, clock, reader, security_events):
    log_in(client)
    clock.advance(minutes=31)
    response = client.get("/saved")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/saved"
    page = main(client.get(response.headers["Location"])).text
    assert "You were logged out because the page was not used for 30 minutes" in page
    assert not signed_in(client)
    assert security_events[-1] == security_events[-1] | {
        "event": "session.expired",
        "reason": "idle",
    }


def test_using_the_site_keeps_the_session_going(client, clock, reader):
    log_in(client)
    for _ in range(4):
        clock.advance(minutes=20)
        assert signed_in(client)


def test_the_idle_time_is_a_setting(app, client, clock, reader):
    app.config["SESSION_IDLE_MINUTES"] = 5
    log_in(client)
    clock.advance(minutes=4)
    assert signed_in(client)
    clock.advance(minutes=6)
    assert not signed_in(client)


def test_a_remembered_login_is_not_ended_for_being_idle(client, clock, reader):
    log_in(client, remember=True)
    clock.advance(hours=20)
    assert signed_in(client)


def test_every_login_ends_after_the_absolute_lifetime(app, client, clock, reader):
    log_in(client, remember=True)
    for _ in range(29):
        clock.advance(days=1)
        assert signed_in(client)
    clock.advance(days=1, minutes=1)
    response = client.get("/topics")
    assert response.status_code == 302
    assert "we ask you to log in again every 30 days" in main(client.get("/login")).text
    assert client.get_cookie("remember_token") is None
    assert not signed_in(client)


def test_the_lifetime_is_a_setting(app, client, clock, reader):
    app.config["SESSION_MAX_DAYS"] = 2
    log_in(client, remember=True)
    clock.advance(days=1)
    assert signed_in(client)
    clock.advance(days=1, minutes=1)
    assert not signed_in(client)


def remember_cookie(response) -> SimpleCookie | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("remember_token="):
            return SimpleCookie(header)["remember_token"]
    return None


def test_the_remember_cookie_lasts_30_days_and_is_renewed_on_use(app, client, clock, reader):
    data = {"email": EMAIL, "password": Auth.PASSWORD, "remember": "y"}
    cookie = remember_cookie(post(client, "/login", data))
    lasts = parsedate_to_datetime(cookie["expires"]) - datetime.now(UTC)
    assert timedelta(days=29, hours=23) < lasts <= timedelta(days=30)
    renewed = remember_cookie(client.get("/topics"))
    assert renewed is not None and renewed.value == cookie.value


def test_a_login_without_remember_me_never_gets_a_remember_cookie(client, clock, reader):
    data = {"email": EMAIL, "password": Auth.PASSWORD}
    assert remember_cookie(post(client, "/login", data)) is None
    for _ in range(3):
        clock.advance(minutes=2)
        assert remember_cookie(client.get("/topics")) is None
    assert client.get_cookie("remember_token") is None


def test_a_login_restored_from_the_remember_cookie_starts_a_remembered_session(
    app, client, clock, reader
):
    log_in(client, remember=True)
    browser_restarted = app.test_client()
    browser_restarted.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert signed_in(browser_restarted)
    clock.advance(hours=3)
    assert signed_in(browser_restarted)  # remembered: no idle timeout


def test_turning_on_two_step_keeps_a_remembered_browser_remembered(app, client, clock, reader):
    log_in(client, remember=True)
    assert post(client, "/settings/two-step/start").status_code == 302
    code = next_totp_code(app, EMAIL)
    assert post(client, "/settings/two-step/confirm", {"code": code}).status_code == 200
    restarted = app.test_client()
    restarted.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert signed_in(restarted)
