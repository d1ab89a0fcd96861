"""The per-account wait after failed log-ins: how it grows, what it says, where it is kept."""

from datetime import timedelta

import pytest

from extensions import LoginCounters
from services import login_limits
from tests.factories import PASSWORD, make_user


@pytest.mark.parametrize(
    ("failures", "minutes"),
    [(0, 0), (4, 0), (5, 1), (6, 2), (7, 4), (8, 8), (9, 15), (12, 15), (40, 15)],
)
def test_the_wait_doubles_from_the_fifth_failure_and_stops_at_15_minutes(failures, minutes):
    assert login_limits.backoff(failures) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("wait", "says"),
    [
        (timedelta(seconds=5), "1 minute,"),
        (timedelta(seconds=60), "1 minute,"),
        (timedelta(seconds=61), "2 minutes"),
        (timedelta(minutes=15), "15 minutes"),
    ],
)
def test_the_message_names_the_wait_and_the_way_out(wait, says):
    message = login_limits.wait_message(wait)
    assert says in message
    assert "reset your password" in message
    assert "account exists" not in message and "no account" not in message


def test_the_fifth_failure_starts_a_one_minute_wait(ctx):
    for _ in range(4):
        login_limits.record_failure("reader@example.com")
    assert login_limits.wait_for("reader@example.com") == timedelta(0)
    login_limits.record_failure("Reader@Example.com ")  # the same address, as typed
    wait = login_limits.wait_for("reader@example.com")
    assert timedelta(seconds=58) <= wait <= timedelta(minutes=1)
    assert login_limits.wait_for("other@example.com") == timedelta(0)


def test_clearing_forgets_failures_and_the_wait(ctx):
    for _ in range(6):
        login_limits.record_failure("reader@example.com")
    login_limits.clear("reader@example.com")
    assert login_limits.wait_for("reader@example.com") == timedelta(0)
    assert login_limits.record_failure("reader@example.com") == 1


def test_counters_are_kept_under_a_keyed_hash_never_the_address(ctx):
    login_limits.record_failure("reader@example.com")
    keys = list(LoginCounters.current().storage)
    assert keys and all("reader" not in key and "example" not in key for key in keys)


def test_a_right_password_while_waiting_is_not_even_checked(ctx, security_events):
    user = make_user("reader@example.com")
    for _ in range(5):
        assert login_limits.authenticate("reader@example.com", "wrong password!") is None
    with pytest.raises(login_limits.TryLater) as paused:
        login_limits.authenticate("reader@example.com", PASSWORD)
    assert timedelta(0) < paused.value.wait <= timedelta(minutes=1)
    failed = [e for e in security_events if e["event"] == "login.failed"]
    assert [e["failures"] for e in failed] == [1, 2, 3, 4, 5]
    assert {e["user_id"] for e in failed} == {user.id}
    assert security_events[-1]["event"] == "login.throttled"
    assert security_events[-1]["user_id"] == user.id


def test_a_right_password_clears_the_count(ctx):
    make_user("reader@example.com")
    for _ in range(4):
        login_limits.authenticate("reader@example.com", "wrong password!")
    assert login_limits.authenticate("reader@example.com", PASSWORD) is not None
    assert login_limits.record_failure("reader@example.com") == 1
