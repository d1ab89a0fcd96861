"""Two-step sign-in rules in services/two_step.py: app codes once per step, recovery codes once."""

import hashlib
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from models import RecoveryCode, db
from services import two_step
from services.errors import DomainError
from tests.factories import PASSWORD, make_user

NOW = datetime(2026, 12, 1, 9, 0, 10, tzinfo=UTC)
STEP = timedelta(seconds=30)

pytestmark = pytest.mark.usefixtures("ctx")


def code_at(user, when: datetime) -> str:
    return pyotp.TOTP(user.totp_secret).at(when)


def refused(action) -> dict[str, str]:
    with pytest.raises(DomainError) as caught:
        action()
    return caught.value.errors


@pytest.fixture
def user():
    """A reader with two-step sign-in on; `user.codes` are the recovery codes."""
    user = make_user()
    two_step.start_setup(user)
    user.codes = two_step.confirm_setup(user, code_at(user, NOW - 2 * STEP), NOW - 2 * STEP)
    db.session.flush()
    return user


def test_setting_up_stores_a_secret_that_is_not_in_use_yet():
    user = make_user()
    secret = two_step.start_setup(user)
    assert user.totp_secret == secret and len(secret) == 32
    assert not user.has_two_step
    uri = two_step.setup_uri(user)
    assert uri.startswith("otpauth://totp/Plainly:reader%40example.com?secret=" + secret)
    assert refused(lambda: two_step.verify(user, code_at(user, NOW), NOW)) == {
        "code": two_step.NOT_ON
    }


def test_confirming_with_the_apps_code_turns_it_on_and_gives_ten_codes():
    user = make_user()
    two_step.start_setup(user)
    codes = two_step.confirm_setup(user, code_at(user, NOW), NOW)
    assert user.has_two_step and user.totp_enabled_at == NOW
    assert len(codes) == 10 == len(set(codes))
    assert all(len(code) == 14 and code.count("-") == 2 for code in codes)
    stored = set(db.session.scalars(select(RecoveryCode.code_hash)))
    assert stored == {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}
    # The code that confirmed the set-up cannot be used again to log in.
    assert refused(lambda: two_step.verify(user, code_at(user, NOW), NOW)) == {
        "code": two_step.USED_CODE
    }


@pytest.mark.parametrize("code", ["", "   ", "000000", "12345", "abcd-efgh-jkmn"])
def test_confirming_with_a_wrong_code_changes_nothing(code):
    user = make_user()
    two_step.start_setup(user)
    if code == "000000" and code_at(user, NOW) == code:
        code = "000001"
    errors = refused(lambda: two_step.confirm_setup(user, code, NOW))
    message = two_step.ENTER_CODE if not code.strip() else two_step.WRONG_CODE
    assert errors == {"code": message}
    assert not user.has_two_step and user.totp_last_step is None
    assert db.session.scalars(select(RecoveryCode)).all() == []


def test_confirming_needs_a_started_set_up_and_happens_once(user):
    assert refused(lambda: two_step.confirm_setup(user, "123456", NOW)) == {
        "code": two_step.ALREADY_ON
    }
    assert refused(lambda: two_step.start_setup(user)) == {"code": two_step.ALREADY_ON}
    fresh = make_user("other@example.com")
    assert refused(lambda: two_step.confirm_setup(fresh, "123456", NOW)) == {
        "code": two_step.NOT_STARTED
    }


def test_an_app_code_works_once_per_time_step(user):
    code = code_at(user, NOW)
    assert two_step.verify(user, code, NOW) == two_step.APP
    assert refused(lambda: two_step.verify(user, code, NOW)) == {"code": two_step.USED_CODE}
    # The next step's code is new, so it works; the older one never works again.
    assert two_step.verify(user, code_at(user, NOW + STEP), NOW + STEP) == two_step.APP
    previous = code_at(user, NOW)
    if previous != code_at(user, NOW + STEP):
        assert refused(lambda: two_step.verify(user, previous, NOW + STEP)) == {
            "code": two_step.USED_CODE
        }


def test_one_step_of_clock_drift_is_allowed_but_not_two(user):
    assert two_step.verify(user, code_at(user, NOW - STEP), NOW) == two_step.APP
    late = code_at(user, NOW + 3 * STEP)
    assert refused(lambda: two_step.verify(user, late, NOW + 5 * STEP))["code"] in {
        two_step.WRONG_CODE,
        two_step.USED_CODE,  # only when two steps happen to share a code
    }


def test_a_code_with_spaces_is_read(user):
    code = code_at(user, NOW)
    assert two_step.verify(user, f" {code[:3]} {code[3:]} ", NOW) == two_step.APP


def test_a_recovery_code_works_once_in_any_case_or_spacing(user):
    first, second = user.codes[0], user.codes[1]
    assert two_step.verify(user, first, NOW) == two_step.RECOVERY
    assert two_step.recovery_codes_left(user) == 9
    assert refused(lambda: two_step.verify(user, first, NOW)) == {"code": two_step.WRONG_CODE}
    typed = second.upper().replace("-", " ")
    assert two_step.verify(user, typed, NOW) == two_step.RECOVERY
    assert two_step.recovery_codes_left(user) == 8


def test_another_accounts_recovery_code_does_not_work(user):
    other = make_user("other@example.com")
    two_step.start_setup(other)
    two_step.confirm_setup(other, code_at(other, NOW), NOW)
    assert refused(lambda: two_step.verify(other, user.codes[0], NOW)) == {
        "code": two_step.WRONG_CODE
    }


def test_new_recovery_codes_replace_the_old_ones(user):
    new = two_step.regenerate_codes(user, code_at(user, NOW), NOW)
    assert len(new) == 10 and not set(new) & set(user.codes)
    assert refused(lambda: two_step.verify(user, user.codes[0], NOW)) == {
        "code": two_step.WRONG_CODE
    }
    assert two_step.verify(user, new[0], NOW) == two_step.RECOVERY


def test_new_recovery_codes_need_a_right_code(user):
    assert refused(lambda: two_step.regenerate_codes(user, "", NOW)) == {
        "code": two_step.ENTER_CODE
    }
    assert two_step.recovery_codes_left(user) == 10


def test_turning_off_needs_the_password_and_a_code_and_says_what_was_wrong(user):
    wrong = "000000" if code_at(user, NOW) != "000000" else "000001"
    assert refused(lambda: two_step.disable(user, "not my password", wrong, NOW)) == {
        "password": two_step.WRONG_PASSWORD,
        "code": two_step.WRONG_CODE,
    }
    # A wrong password does not use up the code that came with it.
    assert refused(lambda: two_step.disable(user, "not my password", user.codes[0], NOW)) == {
        "password": two_step.WRONG_PASSWORD
    }
    assert user.has_two_step and two_step.recovery_codes_left(user) == 10


def test_turning_off_forgets_the_secret_and_the_codes(user):
    two_step.disable(user, PASSWORD, code_at(user, NOW), NOW)
    assert not user.has_two_step and user.totp_secret is None and user.totp_last_step is None
    assert db.session.scalars(select(RecoveryCode)).all() == []
    assert refused(lambda: two_step.disable(user, PASSWORD, "123456", NOW)) == {
        "code": two_step.NOT_ON
    }


def test_a_code_another_request_used_a_moment_ago_is_refused(user):
    """Two requests check the same code; the one that uses it second is turned away."""
    code, recovery = code_at(user, NOW), user.codes[0]
    app_match = two_step._match(user, code, NOW)
    recovery_match = two_step._match(user, recovery, NOW)
    assert two_step.verify(user, code, NOW) == two_step.APP
    assert two_step.verify(user, recovery, NOW) == two_step.RECOVERY
    with pytest.raises(DomainError) as caught:
        two_step._use(user, app_match, NOW)
    assert caught.value.errors == {"code": two_step.USED_CODE}
    with pytest.raises(DomainError) as caught:
        two_step._use(user, recovery_match, NOW)
    assert caught.value.errors == {"code": two_step.WRONG_CODE}
