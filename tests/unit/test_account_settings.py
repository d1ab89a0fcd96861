"""The account services: password and role changes, signing out everywhere, share links off,
email changes by link, and pruning unconfirmed accounts."""

from datetime import timedelta

import pytest

from models import ShareLink, User, db
from models.base import utcnow
from services import account_changes, accounts, email_change, shares, tokens, unconfirmed
from services.errors import DomainError
from tests import factories

PASSWORD = factories.PASSWORD
NEW = "a brand new passphrase"


@pytest.fixture
def user(ctx):
    return factories.make_user(verified=True)


def test_change_password_reports_every_problem_at_once(user):
    with pytest.raises(DomainError) as refused:
        account_changes.change_password(user, "wrong", "short", "short")
    assert refused.value.errors == {
        "current_password": account_changes.WRONG_CURRENT,
        "password": f"Use at least {accounts.MIN_PASSWORD_LENGTH} characters.",
    }
    with pytest.raises(DomainError) as refused:
        account_changes.change_password(user, PASSWORD, NEW, NEW + "!")
    assert refused.value.errors == {"password_again": account_changes.NOT_THE_SAME}


def test_change_password_sets_the_hash_and_ends_sessions(user):
    token = user.session_token
    account_changes.change_password(user, PASSWORD, NEW, NEW)
    assert accounts.password_matches(user, NEW)
    assert user.session_token != token


@pytest.mark.parametrize("role", ["caregiver", "clinician", "other", "patient"])
def test_change_role_takes_each_role(user, role):
    assert account_changes.change_role(user, role).role == role


@pytest.mark.parametrize("role", ["", "staff", None])
def test_change_role_refuses_what_is_no_role(user, role):
    with pytest.raises(DomainError):
        account_changes.change_role(user, role)
    assert user.role == "patient"


def test_revoke_all_turns_off_only_links_that_still_work(user):
    now = utcnow()
    working = [shares.create(user.id, include_notes=False, expires_in_days=None)[0] for _ in "ab"]
    expired, _ = shares.create(
        user.id, include_notes=False, expires_in_days=7, now=now - timedelta(days=8)
    )
    other = factories.make_user("other@example.com", verified=True)
    theirs, _ = shares.create(other.id, include_notes=False, expires_in_days=None)
    assert shares.revoke_all(user.id, now) == 2
    db.session.expire_all()
    assert all(link.revoked_at is not None for link in working)
    assert db.session.get(ShareLink, expired.id).revoked_at is None
    assert db.session.get(ShareLink, theirs.id).revoked_at is None


def test_sign_out_everywhere_says_how_many_links_went_off(user):
    shares.create(user.id, include_notes=False, expires_in_days=None)
    token = user.session_token
    done = account_changes.sign_out_everywhere(user)
    assert done.share_links_off == 1 and user.session_token != token
    assert "your 1 share link was turned off" in done.message
    assert account_changes.sign_out_everywhere(user).message is None


def test_an_unconfirmed_account_makes_no_share_link(ctx):
    newcomer = factories.make_user()
    with pytest.raises(DomainError) as refused:
        shares.create(newcomer.id, include_notes=False, expires_in_days=365)
    assert set(refused.value.errors) == {"confirm", "expires"}


def test_request_change_checks_the_password_and_the_address(user):
    with pytest.raises(DomainError) as refused:
        email_change.request_change(user, " READER@example.com ", "wrong")
    assert refused.value.errors == {
        "password": email_change.NOT_YOURS,
        "email": email_change.SAME_ADDRESS,
    }


def test_request_change_returns_the_tidied_address_and_changes_nothing(user):
    assert email_change.request_change(user, " New@Example.com ", PASSWORD) == "new@example.com"
    assert user.email == "reader@example.com"


def change_token(user, purpose=email_change.CHANGE_EMAIL, **payload) -> str:
    values = email_change.link_payload(user, "reader@example.com", "new@example.com") | payload
    return tokens.make(purpose, values)


def test_confirm_then_undo_goes_back_and_forth_once(user):
    first = change_token(user)
    change = email_change.pending_confirmation(first)
    assert (change.old, change.new) == ("reader@example.com", "new@example.com")
    email_change.confirm(change)
    assert user.email == "new@example.com"
    assert email_change.pending_confirmation(change_token(user)) is None
    undo = email_change.pending_undo(change_token(user, email_change.UNDO_EMAIL_CHANGE))
    email_change.undo(undo)
    assert user.email == "reader@example.com"
    assert email_change.pending_undo(change_token(user, email_change.UNDO_EMAIL_CHANGE)) is None
    assert email_change.pending_confirmation(first) is None  # made before the undo


@pytest.mark.parametrize("payload", [{"o": 5}, {"n": None}, {"u": "1"}, {"u": 999}, {"v": ""}])
def test_a_link_with_a_strange_payload_is_no_change(user, payload):
    assert email_change.pending_confirmation(change_token(user, **payload)) is None


def test_prune_keeps_accounts_within_the_grace_period(ctx):
    now = utcnow()
    stale, fresh = factories.make_user("stale@example.com"), factories.make_user("f@example.com")
    stale.created_at = now - unconfirmed.PRUNE_AFTER - timedelta(seconds=1)
    fresh.created_at = now - unconfirmed.PRUNE_AFTER + timedelta(minutes=1)
    db.session.flush()
    assert unconfirmed.prune(now, dry_run=True) == ["stale@example.com"]
    assert db.session.get(User, stale.id) is not None
    assert unconfirmed.prune(now) == ["stale@example.com"]
    assert db.session.scalars(db.select(User.email)).all() == ["f@example.com"]
