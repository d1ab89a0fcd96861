"""docs/deploy.md's recipe, run as shipped: PostgreSQL, Redis, the release step, gunicorn.

The Procfile's `release`, `web` and `worker` commands and the digests unit's command run exactly as
written, with the settings of deploy/plainly.env.example (only the addresses, the secret key
and the process counts are the test's own), so neither the files nor the docs can rot. The
site is reached the way nginx reaches it: by its public host, with X-Forwarded-* headers.
"""

import http.client
import json
import os
import re
import secrets
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest
from psycopg import sql

from tests.servers import Redis, postgres_server, redis_server
from tests.smtp import free_port
from tests.system import recipe

CLIENT = "198.51.100.7"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
START_SECONDS = 30
LOGIN_LIMIT = 4  # log-in posts a minute per client, counted in Redis for every process


@contextmanager
def recipe_database() -> Iterator[str]:
    """A database of its own: on the suite's PostgreSQL when TEST_DATABASE_URL is one (the
    other tests' database stays untouched), else on a throwaway cluster."""
    suite = os.environ.get("TEST_DATABASE_URL", "")
    if not suite.startswith("postgresql"):
        with postgres_server() as url:
            yield url
        return
    name = f"plainly_recipe_{secrets.token_hex(4)}"
    admin = suite.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(suite)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def json(self) -> dict:
        return json.loads(self.text)


@dataclass
class Site:
    """The web processes, reached as nginx reaches them."""

    port: int
    host: str
    log: Path

    def request(self, method: str, path: str, headers=None, form=None) -> Answer:
        sent = {"Host": self.host, "X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT}
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers={**sent, **(headers or {})})
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def log_lines(self) -> list[dict]:
        """The JSON objects the processes wrote to standard error so far."""
        lines = self.log.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def pids_serving(self, method: str, path: str) -> set[int]:
        return {
            line["pid"]
            for line in self.log_lines()
            if line.get("logger") == "plainly.request"
            and (line["method"], line["path"]) == (method, path)
        }


def settings(database: str, redis: Redis, port: int, home: Path) -> dict[str, str]:
    """deploy/plainly.env.example with the test's own addresses and secret."""
    return {
        "PATH": f"{recipe.VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "PYTHONDONTWRITEBYTECODE": "1",
        **recipe.environment(),
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database,
        "REDIS_URL": redis.url,
        "PLAINLY_BIND": f"127.0.0.1:{port}",
        # Two single-threaded processes: requests made at once must be shared between them.
        "WEB_CONCURRENCY": "2",
        "PLAINLY_WEB_THREADS": "1",
        "PLAINLY_AUTH_RATE_LIMIT": f"{LOGIN_LIMIT} per minute",
        "PLAINLY_ARGON2_PROFILE": '"CHEAPEST"',  # the test's only shortcut: cheap hashes
        "PLAINLY_MAIL_SERVER": "",  # no mail leaves: the outbox folder instead
        "PLAINLY_MAIL_OUTBOX": str(home / "outbox"),
    }


def run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(  # noqa: S603 - the shipped commands, on loopback
        recipe.runnable(argv), cwd=recipe.ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def wait_until_alive(site: Site, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{site.log.read_text()}")
        try:
            if site.get("/healthz").status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"gunicorn did not answer within {START_SECONDS} s")
        time.sleep(0.2)


@pytest.fixture
def deployed(tmp_path) -> Iterator[tuple[Site, Redis, dict[str, str]]]:
    """PostgreSQL, Redis, the release step and the web processes, all as shipped."""
    processes = recipe.procfile()
    with recipe_database() as database, redis_server(tmp_path) as redis:
        port = free_port()
        env = settings(database, redis, port, tmp_path)
        run(processes["release"], env)
        log = tmp_path / "web.log"
        with log.open("w") as errors:
            server = subprocess.Popen(  # noqa: S603 - the Procfile's web command
                recipe.runnable(processes["web"]),
                cwd=recipe.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors,
            )  # fmt: skip
        site = Site(port, urlsplit(env["PLAINLY_BASE_URL"]).hostname, log)
        try:
            wait_until_alive(site, server)
            yield site, redis, env
        finally:
            server.terminate()
            server.wait(timeout=60)
        assert server.returncode == 0, f"gunicorn did not stop cleanly:\n{log.read_text()}"


def test_every_unit_starts_the_procfiles_command():
    processes = recipe.procfile()
    for name, process in [("web", "web"), ("worker", "worker"), ("migrate", "release")]:
        command = recipe.without_install_prefix(recipe.exec_start(f"plainly-{name}.service"))
        assert command == processes[process], f"plainly-{name}.service and the Procfile differ"
    digests = recipe.exec_start("plainly-digests.service")
    assert recipe.without_install_prefix(digests) == ["flask", "--app", "app", "digests", "send"]
    timer = recipe.unit("plainly-digests.timer")["Timer"]
    assert timer["Unit"] == "plainly-digests.service" and timer["OnCalendar"] == "*:0/15"
    for name in ("web", "worker", "migrate", "digests"):
        service = recipe.unit(f"plainly-{name}.service")["Service"]
        assert service["WorkingDirectory"] == recipe.INSTALL
        assert service["EnvironmentFile"] == "/etc/plainly/plainly.env"
        assert service["User"] == "plainly"


def login_posts(site: Site, count: int) -> list[int]:
    """`count` log-in posts at once from one client (one session); their status codes."""
    page = site.get("/login")
    cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    token = TOKEN.search(page.text)[1]

    def post(n: int) -> int:
        form = {"csrf_token": token, "email": f"u{n}@example.com", "password": "not it at all"}
        # Over HTTPS, Flask-WTF also wants the form's page as the Referer, as browsers send.
        headers = {"Cookie": cookie, "Referer": f"https://{site.host}/login"}
        return site.request("POST", "/login", headers=headers, form=form).status

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(post, range(count)))


def pages_at_once(site: Site, path: str, count: int = 8) -> list[int]:
    with ThreadPoolExecutor(count) as pool:
        return [answer.status for answer in pool.map(lambda _: site.get(path), range(count))]


def test_the_recipe_serves_the_site_through_two_processes_on_postgres_and_redis(deployed):
    site, redis, env = deployed

    assert site.get("/healthz").json() == {"status": "ok"}
    ready = site.get("/readyz", headers={"X-Request-ID": "recipe-ready-1"})
    assert ready.status == 200, ready.text
    assert {name: check["status"] for name, check in ready.json()["checks"].items()} == {
        "database": "ok",
        "migrations": "ok",
        "redis": "ok",
    }
    assert ready.headers["X-Request-ID"] == "recipe-ready-1"
    assert ready.headers["Cache-Control"] == "no-store"

    # A page, served by both processes (a few rounds of requests at once, until both did).
    for _ in range(10):
        assert set(pages_at_once(site, "/topics")) == {200}
        if len(site.pids_serving("GET", "/topics")) == 2:
            break
    assert len(site.pids_serving("GET", "/topics")) == 2, "one process served every request"

    # A JSON log line for the readiness request, with the id the "proxy" gave it.
    [line] = [entry for entry in site.log_lines() if entry.get("request_id") == "recipe-ready-1"]
    assert line["logger"] == "plainly.request" and line["level"] == "INFO"
    assert (line["path"], line["status"]) == ("/readyz", 200)
    assert line["duration_ms"] >= 0 and line["time"].endswith("+00:00")

    # Rate-limit counts are shared through Redis: the limit holds across both processes.
    codes = login_posts(site, LOGIN_LIMIT + 4)
    assert sorted(codes).count(429) == 4, codes
    assert len(site.pids_serving("POST", "/login")) == 2, "the posts did not reach both"

    # The scheduled digests command, as the timer's unit runs it.
    run(recipe.without_install_prefix(recipe.exec_start("plainly-digests.service")), env)

    redis.stop()
    not_ready = site.get("/readyz")
    assert not_ready.status == 503
    assert not_ready.json()["checks"]["redis"] == {"status": "error", "detail": "unreachable"}
    assert site.get("/healthz").status == 200, "alive all the same: restarting cures nothing"


def test_the_worker_line_sends_the_mail_the_web_processes_queue(deployed, tmp_path):
    """A sign-up on the site puts its confirmation on the Redis queue; the Procfile's worker
    command, run as written, sends it."""
    site, _redis, env = deployed
    outbox = Path(env["PLAINLY_MAIL_OUTBOX"])
    with (tmp_path / "worker.log").open("w") as errors:
        worker = subprocess.Popen(  # noqa: S603 - the Procfile's worker command
            recipe.runnable(recipe.procfile()["worker"]),
            cwd=recipe.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    try:
        page = site.get("/signup")
        headers = {
            "Cookie": page.headers["Set-Cookie"].split(";", 1)[0],
            "Referer": f"https://{site.host}/signup",
            "X-Forwarded-For": "198.51.100.8",  # a client of its own, under the log-in limit
        }
        form = {
            "csrf_token": TOKEN.search(page.text)[1],
            "email": "new.reader@example.com",
            "password": "a calm long passphrase of my own",
            "role": "caregiver",
        }
        answer = site.request("POST", "/signup", headers=headers, form=form)
        assert answer.status in (200, 302, 303), answer.text
        deadline = time.monotonic() + START_SECONDS
        while not list(outbox.glob("*.eml")) and time.monotonic() < deadline:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.2)
        sent = [path.read_text() for path in outbox.glob("*.eml")]
        assert len(sent) == 1, "the worker sent no confirmation"
        assert "To: new.reader@example.com" in sent[0]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
