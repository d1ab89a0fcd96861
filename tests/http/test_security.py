"""Security headers, rate limits and session handling."""

import pytest

from tests.conftest import CSRF_INPUT, Auth, csrf_token, make_app, post
from tests.factories import make_user

PAGES = ["/", "/topics", "/login", "/signup", "/healthz", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers


def test_production_config_adds_hsts_and_secure_cookies(tmp_path):
    app = make_app(tmp_path, PRODUCTION=True, BASE_URL="https://localhost")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]


def test_signed_in_pages_are_not_stored_by_any_cache(client, login_as):
    login_as()
    response = client.get("/")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Cookie" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/login", {"email": "reader@example.com", "password": "wrong password!"}),
        ("/signup", {"email": "not-an-email", "password": "short", "role": "patient"}),
    ],
)
def test_account_forms_are_rate_limited_with_a_readable_page(app, client, path, data):
    app.config["AUTH_RATE_LIMIT"] = "3 per minute"
    token = csrf_token(client)
    codes = [client.post(path, data={**data, "csrf_token": token}).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    page = client.post(path, data={**data, "csrf_token": token})
    assert page.status_code == 429
    assert "Please slow down" in page.get_data(as_text=True)
    assert client.get(path).status_code == 200, "reading the form is never limited"


def test_login_starts_a_new_session(client, login_as):
    before = csrf_token(client)
    login_as()
    after = CSRF_INPUT.search(client.get("/topics").get_data(as_text=True))
    assert after and after[1] != before


def remember_me_login(seed, client) -> None:
    with seed():
        make_user("reader@example.com")
    data = {"email": "reader@example.com", "password": Auth.PASSWORD, "remember": "y"}
    assert post(client, "/login", data).status_code == 302


def test_logout_retires_a_copied_remember_me_cookie(app, client, seed):
    remember_me_login(seed, client)
    stolen = client.get_cookie("remember_token").value
    client.post("/logout", data={"csrf_token": csrf_token(client, "/topics")})

    thief = app.test_client()
    thief.set_cookie("remember_token", stolen)
    page = thief.get("/").get_data(as_text=True)
    assert "Your feed" not in page and "Log in" in page


def test_remember_me_cookie_keeps_a_reader_signed_in_until_logout(app, client, seed):
    remember_me_login(seed, client)
    cookie = client.get_cookie("remember_token").value
    other_device = app.test_client()
    other_device.set_cookie("remember_token", cookie)
    assert "Your feed" in other_device.get("/").get_data(as_text=True)


@pytest.mark.parametrize("cookie", ["1", "1:", "abc:def", "999:deadbeef", ":"])
def test_forged_session_ids_are_ignored(app, client, login_as, cookie):
    login_as()
    with client.session_transaction() as session:
        session["_user_id"] = cookie
    assert "Your feed" not in client.get("/").get_data(as_text=True)


def test_passwords_are_hashed_with_argon2id_at_full_cost_by_default(tmp_path):
    from app import create_app
    from services.accounts import create_user

    app = create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        from models import db

        db.create_all()
        user = create_user("reader@example.com", Auth.PASSWORD, "patient")
        assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


@pytest.mark.parametrize(
    "url", ["/topics/%00", "/articles/a%00b", "/?topic=%00", "/search?q=a%00", "/shared/%00"]
)
def test_nul_characters_get_a_readable_400_on_every_database(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Something was wrong with that request" in response.get_data(as_text=True)


def test_a_form_with_a_nul_character_changes_nothing(client, count_rows):
    from models import User

    data = {"email": "new@example.com", "password": "a calm\x00 passphrase", "role": "patient"}
    assert post(client, "/signup", data).status_code == 400
    assert count_rows(User) == 0
