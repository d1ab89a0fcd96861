"""A changed password signs the account out everywhere else; account forms are rate limited."""

import re

import pytest

from models import db
from tests.conftest import Auth, csrf_token, make_app, post
from tests.servers import ServerError, redis_server
from tests.smtp import body

LINK = re.compile(r"http://127\.0\.0\.1:5000(/\S+)")


def signed_in(client) -> bool:
    return "Your feed" in client.get("/").get_data(as_text=True)


def test_changing_the_password_signs_out_every_other_device(app, client, smtp):
    Auth(client).signup()
    laptop = app.test_client()
    data = {"email": "reader@example.com", "password": Auth.PASSWORD, "remember": "y"}
    assert post(laptop, "/login", data).status_code == 302
    remembered = laptop.get_cookie("remember_token").value
    assert signed_in(laptop)

    phone = app.test_client()  # forgot the password, resets it from the email
    post(phone, "/reset", {"email": "reader@example.com"})
    path = LINK.search(body(smtp.to("reader@example.com")[-1]))[1]
    new = {"csrf_token": csrf_token(phone, path), "password": "a brand new passphrase"}
    assert phone.post(path, data=new).status_code == 302

    assert not signed_in(client) and not signed_in(laptop)
    copied = app.test_client()
    copied.set_cookie("remember_token", remembered)
    assert not signed_in(copied)


@pytest.mark.parametrize(
    ("path", "data", "answer"),
    [
        ("/reset", {"email": "someone@example.com"}, 200),  # the "check your email" page
        ("/login", {"email": "someone@example.com", "password": "not the password"}, 422),
    ],
)
def test_reset_and_login_are_rate_limited(app, client, smtp, path, data, answer):
    app.config["AUTH_RATE_LIMIT"] = "2 per minute"
    token = csrf_token(client)
    codes = [client.post(path, data={**data, "csrf_token": token}).status_code for _ in range(3)]
    assert codes == [answer, answer, 429]


def test_resend_confirmation_is_rate_limited(app, client, smtp):
    Auth(client).signup()
    app.config["AUTH_RATE_LIMIT"] = "2 per minute"
    token = csrf_token(client, "/topics")
    codes = [
        client.post("/verify/resend", data={"csrf_token": token}).status_code for _ in range(3)
    ]
    assert codes == [302, 302, 429]


@pytest.fixture
def redis_url(tmp_path):
    """A real Redis server on a free loopback port, stopped after the test."""
    try:
        with redis_server(tmp_path) as server:
            yield server.url
    except ServerError as problem:
        pytest.fail(str(problem), pytrace=False)


def test_with_redis_url_the_limit_lives_in_redis(tmp_path, monkeypatch, redis_url):
    """Counts kept in Redis outlive a server restart (memory counts would start again),
    which is what lets several server processes share one limit."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    data = {"email": "someone@example.com", "password": "not the password"}

    def attempt() -> int:
        app = make_app(tmp_path, AUTH_RATE_LIMIT="2 per minute")  # a fresh server process
        assert app.config["RATELIMIT_STORAGE_URI"] == redis_url
        with app.app_context():
            db.create_all()
        client = app.test_client()
        status = client.post("/login", data={**data, "csrf_token": csrf_token(client)}).status_code
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
        return status

    assert [attempt(), attempt(), attempt()] == [422, 422, 429]
