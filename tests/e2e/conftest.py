"""Browser tests: Debian Chromium driven by Playwright against a real server on a free port."""

import email
import email.policy
import re
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from models import db
from services import background
from services.content import load_content
from tests.conftest import ROOT, Auth, make_app, next_totp_code

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


class LiveServer:
    def __init__(self, app, url: str):
        self.app, self.url = app, url

    def __call__(self, path: str = "/") -> str:
        return self.url + path


class Buffered:
    """The app with each response read to the end, and closed, before the server sends it,
    counting the requests it is answering.

    When the browser hangs up part-way through a response (a page it left, a worker's fetch
    it stopped), werkzeug's development server can skip the response's close(): a static
    file then stays open, and its ResourceWarning fails whichever test is running.
    """

    def __init__(self, app):
        self.app = app
        self.answering = 0
        self._changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self._changed:
            self.answering += 1
        try:
            body = self.app(environ, start_response)
            try:
                return [b"".join(body)]
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            with self._changed:
                self.answering -= 1
                self._changed.notify_all()

    def wait_until_idle(self, timeout: float = 10) -> None:
        """Wait for the requests still being answered (the server stopped taking new ones):
        one a browser sent as its test ended would otherwise hold a database connection
        past the engine's dispose(), and its ResourceWarning fail a later test."""
        with self._changed:
            self._changed.wait_for(lambda: self.answering == 0, timeout=timeout)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app with the sample content, served on 127.0.0.1 at a free port."""
    app = make_app(tmp_path_factory.mktemp("live"))
    with app.app_context():
        db.create_all()
        load_content(Path(app.config["CONTENT_DIR"]))
        db.session.commit()
    wsgi = Buffered(app)
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url  # links in emails and share links point at this server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, url)
    server.shutdown()
    thread.join(timeout=10)
    wsgi.wait_until_idle()
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.2 A/AA or best-practice violation on the page as it is now.

    It waits for the page's stylesheet first: right after a click the new page's HTML may be
    there before its CSS, and axe would measure unstyled links and buttons.
    """
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


VERIFY_LINK = re.compile(r"http://127\.0\.0\.1:\d+(/verify/\S+)")


def confirmation_link(live_server, address: str) -> str:
    """The confirmation link in the newest email to `address` in the app's outbox."""
    background.wait(live_server.app)  # the email is sent once the answer is out
    outbox = Path(live_server.app.config["MAIL_OUTBOX"])
    for path in sorted(outbox.glob("*.eml"), reverse=True):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if msg["To"] == address and (
            found := VERIFY_LINK.search(msg.get_body(("plain",)).get_content())
        ):
            return live_server(found[1])
    raise AssertionError(f"no confirmation email to {address}")


def sign_up(
    page: Page,
    live_server,
    address: str,
    role: str = "I care for someone who does",
    password: str = Auth.PASSWORD,
):
    """Create an account through the real form and open the link in the confirmation email
    in the same browser; the reader lands on the topics page, logged in."""
    page.goto(live_server("/signup"))
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password").fill(password)
    page.get_by_label(role).check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email to continue")
    page.goto(confirmation_link(live_server, address))
    expect(page).to_have_url(live_server("/topics"))
    expect(page.get_by_role("status").first).to_contain_text("Welcome to Plainly")


def log_in(page: Page, live_server, email: str, two_step: bool = True) -> None:
    """Log in through the real forms: the password, then (for staff) a fresh code from the
    authenticator app whose secret the account holds (see factories.make_staff)."""
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(Auth.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if two_step:
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
        page.get_by_label("Code", exact=True).fill(next_totp_code(live_server.app, email))
        page.get_by_role("button", name="Log in").click()
    expect(page.locator(".site-footer")).to_contain_text(f"Logged in as {email}")


def tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches `selector`, checking focus stays visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"focus on {selector} is not visible"
            return
    raise AssertionError(f"could not reach {selector} with the Tab key")
