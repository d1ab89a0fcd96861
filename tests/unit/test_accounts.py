"""Sign-up and sign-in rules in services/accounts.py."""

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from models import User, db
from services import accounts
from services.accounts import authenticate, create_user, normalize_email
from services.errors import DomainError

PASSWORD = "a calm long passphrase"


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("reader@example.com", "reader@example.com"),
        ("  Reader@Example.COM  ", "reader@example.com"),
        ("\tREADER@EXAMPLE.COM\n", "reader@example.com"),
    ],
)
def test_normalize_email_trims_and_lowercases(raw, normal):
    assert normalize_email(raw) == normal


@pytest.mark.parametrize(
    ("password", "email", "problem"),
    [
        ("", "reader@example.com", "at least 10"),
        ("123456789", "reader@example.com", "at least 10"),
        ("reader@example.com", "reader@example.com", "cannot be your email"),
        ("Reader@Example.com", "reader@example.com", "cannot be your email"),
        (" reader@example.com ", "READER@example.com", "cannot be your email"),
        ("1234567890", "reader@example.com", "too easy to guess"),
        ("password1234", "reader@example.com", "too easy to guess"),
        ("Password123!", "reader@example.com", "too easy to guess"),
        ("qwertyuiop12", "reader@example.com", "too easy to guess"),
        ("iloveyou2024", "reader@example.com", "too easy to guess"),
        ("Reader12345", "reader@example.com", "too easy to guess"),
        ("example.com12", "reader@example.com", "too easy to guess"),
        ("plainly2024!", "reader@example.com", "too easy to guess"),
    ],
)
def test_password_problems_are_explained(password, email, problem):
    assert problem in accounts.password_problem(password, email)


def test_a_guessable_password_gets_a_suggestion(ctx):
    problem = accounts.password_problem("password1234", "reader@example.com")
    assert "Try a passphrase: three or four unrelated words." in problem


@pytest.mark.parametrize(
    "password", [PASSWORD, "correct horse battery staple", "teal kettle orbit 7 sparrow"]
)
def test_acceptable_passwords_have_no_problem(password):
    assert accounts.password_problem(password, "reader@example.com") is None


def test_create_user_stores_normalized_email_role_and_argon2_hash(ctx):
    user = create_user("  New@Example.COM ", PASSWORD, "clinician")
    db.session.commit()
    stored = db.session.scalar(select(User).where(User.id == user.id))
    assert stored.email == "new@example.com"
    assert stored.role == "clinician"
    assert stored.password_hash.startswith("$argon2")
    assert PASSWORD not in stored.password_hash
    assert PasswordHasher().verify(stored.password_hash, PASSWORD)


@pytest.mark.parametrize("role", ["", "admin", "Patient", "patients", None])
def test_create_user_refuses_unknown_roles(ctx, role):
    with pytest.raises(DomainError) as error:
        create_user("new@example.com", PASSWORD, role)
    assert set(error.value.errors) == {"role"}
    assert user_count() == 0


@pytest.mark.parametrize("role", ["patient", "caregiver", "clinician", "other"])
def test_create_user_accepts_every_role(ctx, role):
    assert create_user("new@example.com", PASSWORD, role).role == role


@pytest.mark.parametrize(
    "email", ["reader@example.com", "READER@EXAMPLE.COM", " reader@example.com "]
)
def test_create_user_refuses_an_email_already_taken(ctx, email):
    create_user("reader@example.com", PASSWORD, "patient")
    db.session.commit()
    with pytest.raises(DomainError) as error:
        create_user(email, "another long passphrase", "patient")
    assert "already exists" in error.value.errors["email"]
    assert user_count() == 1


def test_create_user_reports_every_broken_rule_at_once(ctx):
    create_user("reader@example.com", PASSWORD, "patient")
    with pytest.raises(DomainError) as error:
        create_user("Reader@example.com", "short", "admin")
    assert set(error.value.errors) == {"email", "password", "role"}


def test_authenticate_accepts_the_right_password_with_any_email_case(ctx):
    user = create_user("reader@example.com", PASSWORD, "patient")
    assert authenticate("  Reader@EXAMPLE.com ", PASSWORD) is user


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("reader@example.com", "a wrong long passphrase"),
        ("reader@example.com", PASSWORD.upper()),
        ("reader@example.com", ""),
        ("nobody@example.com", PASSWORD),
        ("", ""),
    ],
)
def test_authenticate_refuses_wrong_credentials(ctx, email, password):
    create_user("reader@example.com", PASSWORD, "patient")
    assert authenticate(email, password) is None


def test_authenticate_upgrades_an_old_hash_once(ctx):
    user = create_user("reader@example.com", PASSWORD, "patient")
    old = PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1).hash(PASSWORD)
    user.password_hash = old
    assert authenticate("reader@example.com", PASSWORD) is user
    upgraded = user.password_hash
    assert upgraded != old
    assert PasswordHasher().verify(upgraded, PASSWORD)
    assert authenticate("reader@example.com", PASSWORD) is user
    assert user.password_hash == upgraded, "an up-to-date hash is left alone"


def test_authenticate_survives_a_corrupt_stored_hash(ctx):
    user = create_user("reader@example.com", PASSWORD, "patient")
    user.password_hash = "not-a-hash"
    assert authenticate("reader@example.com", PASSWORD) is None


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("jo.reader@example.com", "j•••@example.com"),
        ("a@example.org", "a•••@example.org"),
        ("x@y", "x•••@y"),
    ],
)
def test_mask_email_keeps_the_first_letter_and_the_domain(email, masked):
    assert accounts.mask_email(email) == masked
