"""Browser tests: Debian Chromium driven by Playwright against a real server on a free port."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from models import db
from services.content import load_content
from tests.conftest import ROOT, make_app

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


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app with the sample content, served on 127.0.0.1 at a free port."""
    app = make_app(tmp_path_factory.mktemp("live"))
    with app.app_context():
        db.create_all()
        load_content(Path(app.config["CONTENT_DIR"]))
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
