"""Failed log-ins per account: a growing wait after five, the same for every address,
with password reset open all along; shared by every server process through Redis."""

import re
import time

import pytest

from models import db
from tests.conftest import Auth, csrf_token, make_app, post
from tests.factories import make_user
from tests.http.test_sessions import redis_url  # noqa: F401 - the Redis server fixture
from tests.pages import main
from tests.smtp import body

WRONG = "not the password at all"
NEW = "a new calm passphrase"
RESET_LINK = re.compile(r"http://127\.0\.0\.1:5000(/reset/\S+)")
PAUSED = "logging in to this account is paused"


def log_in(client, email: str, password: str = WRONG):
    return post(client, "/login", {"email": email, "password": password})


def fail(client, email: str, times: int = 5) -> list[int]:
    return [log_in(client, email).status_code for _ in range(times)]


def paused_for(response) -> int | None:
    """The minutes the page asks the reader to wait, when it does."""
    match = re.search(r"try again in (\d+) minute", main(response).text)
    return int(match[1]) if match else None


@pytest.fixture(autouse=True)
def _generous_address_limit(app):
    """The per-address limit (10 a minute) is another rule; keep it out of the way here."""
    app.config["AUTH_RATE_LIMIT"] = "100 per minute"


@pytest.fixture
def reader(seed):
    with seed():
        return make_user("reader@example.com")


def later(monkeypatch, seconds: float) -> None:
    """Move the clock on, for the wait's expiry and everything else."""
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + seconds)


def test_after_five_wrong_passwords_even_the_right_one_waits_a_minute(client, reader):
    assert fail(client, "reader@example.com") == [422] * 5
    response = log_in(client, "reader@example.com", Auth.PASSWORD)
    assert response.status_code == 429
    assert PAUSED in main(response).text and paused_for(response) == 1
    assert "reset your password" in main(response).text
    assert "Your feed" not in client.get("/").get_data(as_text=True)


def test_an_address_without_an_account_waits_alike_so_nothing_is_revealed(client, reader):
    fail(client, "reader@example.com")
    fail(client, "nobody@example.com")
    known = log_in(client, "reader@example.com")
    unknown = log_in(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 429
    assert main(known).find(id="error-summary").text == main(unknown).find(id="error-summary").text


def test_other_accounts_are_not_affected(client, reader, seed):
    with seed():
        make_user("other@example.com")
    fail(client, "reader@example.com")
    assert log_in(client, "other@example.com", Auth.PASSWORD).status_code == 302


def test_the_wait_ends_by_itself_and_doubles_after_the_next_failure(client, reader, monkeypatch):
    fail(client, "reader@example.com")
    later(monkeypatch, 61)
    response = log_in(client, "reader@example.com")
    assert response.status_code == 422, "the wait is over: the password is checked again"
    assert paused_for(log_in(client, "reader@example.com")) == 2
    later(monkeypatch, 61 + 121)
    assert log_in(client, "reader@example.com", Auth.PASSWORD).status_code == 302


def test_a_successful_log_in_clears_the_count(client, reader, auth):
    fail(client, "reader@example.com", 4)
    assert log_in(client, "reader@example.com", Auth.PASSWORD).status_code == 302
    auth.logout()
    assert fail(client, "reader@example.com", 4) == [422] * 4, "counting starts again"
    assert log_in(client, "reader@example.com", Auth.PASSWORD).status_code == 302


def test_password_reset_stays_open_and_a_new_password_opens_log_in_again(client, reader, smtp):
    fail(client, "reader@example.com", 6)
    assert post(client, "/reset", {"email": "reader@example.com"}).status_code == 200
    path = RESET_LINK.search(body(smtp.to("reader@example.com")[-1]))[1]
    changed = client.post(path, data={"csrf_token": csrf_token(client, path), "password": NEW})
    assert changed.status_code == 302 and changed.headers["Location"] == "/login"
    assert log_in(client, "reader@example.com", NEW).status_code == 302


def test_failures_and_waits_are_security_events(client, reader, security_events):
    fail(client, "reader@example.com")
    log_in(client, "reader@example.com", Auth.PASSWORD)
    failed = [e for e in security_events if e["event"] == "login.failed"]
    throttled = [e for e in security_events if e["event"] == "login.throttled"]
    assert len(failed) == 5 and {e["user_id"] for e in failed} == {reader.id}
    assert len(throttled) == 1 and throttled[0]["user_id"] == reader.id
    assert 0 < throttled[0]["wait_seconds"] <= 60
    assert all("password" not in e and "email" not in e for e in security_events)


def test_server_processes_sharing_redis_share_the_count(tmp_path, monkeypatch, redis_url):  # noqa: F811
    """Three processes, as with three gunicorn workers: their failures add up."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    apps = [make_app(tmp_path, AUTH_RATE_LIMIT="100 per minute") for _ in range(3)]
    with apps[0].app_context():
        db.create_all()
        make_user("reader@example.com")
        db.session.commit()
    clients = [app.test_client() for app in apps]
    codes = [log_in(clients[n % 3], "reader@example.com").status_code for n in range(5)]
    assert codes == [422] * 5
    for client in clients:
        assert log_in(client, "reader@example.com", Auth.PASSWORD).status_code == 429
    with apps[0].app_context():
        db.drop_all()
