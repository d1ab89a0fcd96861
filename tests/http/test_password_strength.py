"""Every new password is checked against the commonest breached passwords, offline."""

import pytest

from models import User
from services import accounts
from tests.conftest import post
from tests.factories import make_user
from tests.pages import main

GUESSABLE = ["password1234", "Password123!", "qwertyuiop12", "iloveyou2024", "Newreader2024"]


def _password_error(response) -> str:
    return main(response).find(id="password-error").text


@pytest.mark.parametrize("password", GUESSABLE)
def test_sign_up_refuses_a_guessable_password_with_advice(client, count_rows, password):
    data = {"email": "newreader@example.com", "password": password, "role": "patient"}
    response = post(client, "/signup", data)
    assert response.status_code == 422
    error = _password_error(response)
    assert "too easy to guess" in error
    assert "Try a passphrase: three or four unrelated words." in error
    assert count_rows(User) == 0


def test_the_sign_up_form_gives_the_advice_before_anything_is_typed(client):
    hint = main(client.get("/signup")).find(id="password-hint")
    assert hint is not None and "Try a passphrase" in hint.text


@pytest.mark.parametrize("password", GUESSABLE)
def test_reset_refuses_a_guessable_password_and_keeps_the_old_one(client, seed, app, password):
    with seed():
        make_user("newreader@example.com")
    with app.app_context():
        user = accounts.find_by_email("newreader@example.com")
        token = accounts.tokens.make(
            accounts.tokens.RESET_PASSWORD,
            {"u": user.id, "p": accounts._password_fingerprint(user)},
        )
    response = post(client, f"/reset/{token}", {"password": password})
    assert response.status_code == 422
    assert "too easy to guess" in _password_error(response)
    with app.app_context():
        user = accounts.find_by_email("newreader@example.com")
        assert accounts.password_matches(user, "a calm long passphrase")
