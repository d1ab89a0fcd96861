"""A changed password signs the account out everywhere else; account forms are rate limited."""

import re
import shutil
import socket
import subprocess
import time

import pytest

from models import db
from tests.conftest import Auth, csrf_token, make_app, post
from tests.smtp import body, free_port

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


def answers_ping(port: int) -> bool:
    """Whether a Redis server on the loopback port answers PING."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_url(tmp_path):
    """A real Redis server on a free loopback port, stopped after the test."""
    program = shutil.which("redis-server")
    if program is None:
        pytest.fail(
            "redis-server is not installed: run `make test`, which installs it", pytrace=False
        )
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [program, "--port", str(port), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not answers_ping(port):
            if server.poll() is not None:
                pytest.fail(f"redis-server exited with status {server.returncode} on start")
            if time.monotonic() > deadline:
                pytest.fail(f"redis-server did not answer PING on port {port} within 10 s")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


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
