"""Saved articles, the saved list and the appointment sheet open offline after one visit;
other pages show the offline page; nothing survives a log-out, and share pages are never kept."""

import time

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from models import Article, db
from services import offline, shares
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import make_user, save

SAVED = "high-dose-vitamin-d-early-ms"
OTHER = "fatigue-drugs-no-better-than-placebo"
KEPT_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("plainly-pages-")) continue;
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls.sort();
}"""
ALL_CACHED_URLS = KEPT_URLS.replace('if (!name.startsWith("plainly-pages-")) continue;', "")


def make_reader(live_server, email: str, *, saved: bool = True) -> tuple[str, str]:
    """A confirmed reader (who saved SAVED, with a note); returns the offline key and a share
    link's path."""
    with live_server.app.app_context():
        user = make_user(email, verified=True)
        if saved:
            article = db.session.scalar(db.select(Article).where(Article.slug == SAVED))
            save(user, article, note="Ask Dr Okafor about the dose.")
        _link, token = shares.create(user.id, include_notes=True, expires_in_days=7)
        db.session.commit()
        key = offline.account_key(user.id, live_server.app.config["SECRET_KEY"])
        return key, f"/shared/{token}"


ACTIVE = "() => navigator.serviceWorker.ready.then(r => r.active.state)"
REGISTRATIONS = "() => navigator.serviceWorker.getRegistrations().then(r => r.length)"


def eventually(page: Page, script: str, expected, seconds: float = 10):
    """What `script` (an async function) returns in the page, once it equals `expected`."""
    deadline = time.monotonic() + seconds
    while (found := page.evaluate(script)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert found == expected
    return found


def kept(live_server, *paths: str) -> list[str]:
    return sorted(live_server(path) for path in paths)


def go_offline(context: BrowserContext, offline: bool) -> None:
    context.set_offline(offline)


def test_saved_pages_open_offline_and_are_forgotten_at_log_out(
    browser: Browser, live_server, artifacts
):
    first_key, share = make_reader(live_server, "offline.reader@example.com")
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    try:
        log_in(page, live_server, "offline.reader@example.com", two_step=False)
        page.goto(live_server(f"/articles/{SAVED}"))  # the worker starts on this visit
        eventually(page, ACTIVE, "activated")
        # Opened again now that the worker runs: this visit goes through it and is kept.
        page.goto(live_server(f"/articles/{SAVED}"))
        page.goto(live_server("/saved"))
        page.goto(live_server("/saved/print"))
        page.goto(live_server(share))
        page.goto(live_server(f"/articles/{OTHER}"))
        first_pages = kept(live_server, f"/articles/{SAVED}", "/saved", "/saved/print")
        eventually(page, KEPT_URLS, first_pages)
        names = page.evaluate("caches.keys()")
        assert f"plainly-pages-{first_key}" in names
        assert not [u for u in page.evaluate(ALL_CACHED_URLS) if "/shared/" in u]

        go_offline(context, True)
        page.goto(live_server(f"/articles/{SAVED}"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("High-dose vitamin D")
        page.goto(live_server("/saved"))
        expect(page.get_by_role("heading", name="Saved articles", level=1)).to_be_visible()
        expect(
            page.locator(".your-note").get_by_text("Ask Dr Okafor about the dose.")
        ).to_be_visible()
        page.goto(live_server("/saved/print"))
        expect(page.locator(".sheet h1")).to_have_text("Research to talk about at my appointment")
        page.goto(live_server(f"/articles/{OTHER}"))
        expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
        listed = page.locator("[data-offline-list] a")
        expect(listed).to_have_count(3)
        expect(listed.filter(has_text="High-dose vitamin D")).to_have_attribute(
            "href", live_server(f"/articles/{SAVED}")
        )
        # The stylesheet came from the worker's cache: the page has its calm paper color.
        paper = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert paper == "rgb(252, 251, 248)"
        page.screenshot(path=artifacts / "offline-page.png", full_page=True)
        assert_accessible(page)
        with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
            page.goto(live_server(share))  # the worker leaves share pages to the network
        go_offline(context, False)

        page.goto(live_server("/saved"))
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("status").first).to_contain_text("You are logged out")
        eventually(page, "() => caches.keys()", [])
        eventually(page, REGISTRATIONS, 0)

        # A second reader on the same browser sees nothing the first one kept.
        make_reader(live_server, "second.reader@example.com", saved=False)
        log_in(page, live_server, "second.reader@example.com", two_step=False)
        page.goto(live_server("/topics"))
        eventually(page, ACTIVE, "activated")
        page.goto(live_server("/saved"))
        eventually(page, KEPT_URLS, kept(live_server, "/saved"))
        go_offline(context, True)
        page.goto(live_server(f"/articles/{SAVED}"))
        expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
        expect(page.locator("[data-offline-list] a")).to_have_count(1)
        page.goto(live_server("/saved"))
        expect(page.get_by_text("Ask Dr Okafor about the dose.")).to_have_count(0)
    finally:
        context.close()


def test_visitors_get_no_worker(page: Page, live_server):
    page.goto(live_server(f"/articles/{SAVED}"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    assert page.evaluate(REGISTRATIONS) == 0
    assert page.evaluate("caches.keys()") == []
