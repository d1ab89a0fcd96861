"""Signing up, logging in and logging out through the real forms."""

import pytest
from sqlalchemy import select

from models import User
from tests.conftest import post
from tests.factories import PASSWORD, make_user
from tests.pages import flashes, main, page

GENERIC_LOGIN_ERROR = "That email and password do not match an account."


def is_logged_in(client, email="reader@example.com") -> bool:
    """What the reader sees: the footer names the account and the nav offers "Log out"."""
    footer = page(client.get("/")).find("footer").text
    return f"Logged in as {email}" in footer


def field_error(response, name: str) -> str:
    return main(response).find(id=f"{name}-error").text


# --- sign up -------------------------------------------------------------------------------


def test_signup_form_asks_for_email_password_and_role(client):
    response = client.get("/signup")
    assert response.status_code == 200
    form = main(response).find("form")
    names = {i.attrs.get("name") for i in form.find_all("input")}
    assert {"email", "password", "role", "csrf_token"} <= names
    roles = {i.attrs["value"] for i in form.find_all("input", type="radio")}
    assert roles == {"patient", "caregiver", "clinician", "other"}


def test_signup_asks_to_check_email_then_the_link_logs_in(client, auth, count_rows):
    response = auth.sign_up_form(email="new@example.com", role="caregiver")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signup/sent"
    sent = main(client.get("/signup/sent"))
    assert sent.find("h1").text == "Check your email to continue"
    assert "new@example.com" in sent.text
    assert count_rows(User, User.email == "new@example.com", User.role == "caregiver") == 1
    assert not is_logged_in(client, "new@example.com")
    response = client.get(auth.confirmation_link("new@example.com"))
    assert response.headers["Location"] == "/topics"
    assert is_logged_in(client, "new@example.com")


def test_signup_stores_an_argon2_hash_not_the_password(auth, seed):
    auth.signup(email="new@example.com")
    with seed() as session:
        user = session.scalars(select(User).where(User.email == "new@example.com")).one()
    assert user.password_hash.startswith("$argon2")
    assert PASSWORD not in user.password_hash


def test_signup_trims_and_lowercases_the_email(client, auth, count_rows):
    response = auth.signup(email="  New.Reader@Example.COM  ")
    assert response.status_code == 302
    assert count_rows(User, User.email == "new.reader@example.com") == 1
    auth.logout()
    assert auth.login(email="new.reader@example.com").status_code == 302


def test_signup_welcome_message_after_redirect(auth):
    response = auth.signup(follow_redirects=True)
    assert any("Welcome to Plainly" in m for m in flashes(response))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password": "too-short"}, "password", "at least 10 characters"),
        ({"password": ""}, "password", "Choose a password"),
        (
            {"email": "long.reader@example.com", "password": "Long.Reader@example.com"},
            "password",
            "cannot be your email address",
        ),
        ({"role": None}, "role", "Choose which best describes you"),
        ({"role": ""}, "role", "Choose which best describes you"),
        ({"role": "admin"}, "role", "Choose which best describes you"),
        ({"role": "Patient"}, "role", "Choose which best describes you"),
        ({"email": "not-an-email"}, "email", "like name@example.com"),
        ({"email": "reader@"}, "email", "like name@example.com"),
        ({"email": "two words@example.com"}, "email", "like name@example.com"),
        ({"email": ""}, "email", "Enter your email address"),
        ({"email": "   "}, "email", "Enter your email address"),
    ],
)
def test_signup_bad_input_rerenders_form_and_creates_nobody(
    client, count_rows, data, field, message
):
    form = {"email": "new@example.com", "password": PASSWORD, "role": "patient", **data}
    form = {k: v for k, v in form.items() if v is not None}
    response = post(client, "/signup", form)
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert main(response).find("form").find("input", name="email") is not None
    assert count_rows(User) == 0
    assert not is_logged_in(client, form["email"].strip())


def test_signup_with_every_field_empty_explains_each_field(client, count_rows):
    response = post(client, "/signup", {"email": "", "password": ""})
    assert response.status_code == 422
    for name in ("email", "password", "role"):
        assert field_error(response, name)
    assert count_rows(User) == 0


@pytest.mark.parametrize(
    "second_email", ["reader@example.com", "READER@example.com", "  Reader@Example.com  "]
)
def test_signup_with_a_taken_email_answers_as_for_a_new_one(client, auth, count_rows, second_email):
    auth.signup(email="reader@example.com")
    auth.logout()
    response = auth.sign_up_form(email=second_email, password="another long passphrase")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signup/sent"
    assert count_rows(User) == 1
    assert not is_logged_in(client)
    assert auth.login(password="another long passphrase").status_code == 422


def test_signed_in_reader_visiting_signup_is_redirected(client, login_as):
    login_as()
    response = client.get("/signup")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# --- log in --------------------------------------------------------------------------------


def test_login_with_right_password_logs_in_and_goes_home(client, login_as, auth):
    login_as()
    auth.logout()
    response = auth.login(email="  READER@example.com ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert is_logged_in(client)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("reader@example.com", "a wrong long passphrase"),
        ("nobody@example.com", PASSWORD),
        ("nobody@example.com", "a wrong long passphrase"),
    ],
)
def test_wrong_email_or_password_gives_one_generic_message(client, seed, email, password):
    with seed():
        make_user()
    response = post(client, "/login", {"email": email, "password": password})
    assert response.status_code == 422
    summary = main(response).find(cls="error-summary")
    assert summary.find("ul").text == GENERIC_LOGIN_ERROR
    assert not is_logged_in(client)


@pytest.mark.parametrize(("field", "data"), [("email", {"email": ""}), ("password", {})])
def test_login_with_a_blank_field_says_what_is_missing(client, field, data):
    response = post(client, "/login", {"email": "reader@example.com", **data})
    assert response.status_code == 422
    assert field_error(response, field)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "https://evil.example/topics",
        "//evil.example",
        "//evil.example/topics",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/topics\r\nLocation: https://evil.example",
    ],
)
def test_login_ignores_next_pointing_off_site(client, login_as, auth, target):
    login_as()
    auth.logout()
    login_form = main(client.get("/login", query_string={"next": target})).find("form")
    assert login_form.find("input", name="next").attrs.get("value", "") == ""
    response = post(
        client, "/login", {"email": "reader@example.com", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, login_as, auth):
    login_as()
    auth.logout()
    login_form = main(client.get("/login?next=/topics/ebv")).find("form")
    assert login_form.find("input", name="next").attrs["value"] == "/topics/ebv"
    data = {"email": "reader@example.com", "password": PASSWORD, "next": "/topics/ebv"}
    response = post(client, "/login", data)
    assert response.headers["Location"] == "/topics/ebv"


def test_signed_in_reader_visiting_login_goes_to_local_next(client, login_as):
    login_as()
    assert client.get("/login?next=/topics/ebv").headers["Location"] == "/topics/ebv"
    assert client.get("/login?next=//evil.example").headers["Location"] == "/"


def test_remember_me_sets_a_lasting_cookie(client, seed):
    with seed():
        make_user()
    data = {"email": "reader@example.com", "password": PASSWORD, "remember": "y"}
    assert post(client, "/login", data).status_code == 302
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only


def test_without_remember_me_there_is_no_remember_cookie(client, login_as):
    login_as()
    assert client.get_cookie("remember_token") is None


# --- log out -------------------------------------------------------------------------------


def test_logout_logs_out(client, login_as, auth):
    login_as()
    assert is_logged_in(client)
    response = auth.logout()
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert not is_logged_in(client)
    assert "Sign up to build your own feed" in main(client.get("/")).text


def test_logout_after_remember_me_really_logs_out(client, seed, auth):
    with seed():
        make_user()
    data = {"email": "reader@example.com", "password": PASSWORD, "remember": "y"}
    post(client, "/login", data)
    auth.logout()
    assert client.get_cookie("remember_token") is None
    assert not is_logged_in(client)


def test_logout_by_get_is_refused_with_a_friendly_page(client, login_as):
    login_as()
    response = client.get("/logout")
    assert response.status_code == 405
    assert "That didn't work" in main(response).text
    assert is_logged_in(client)
