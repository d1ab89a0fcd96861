"""Offline reading: the manifest, the service worker, the offline page, the headers that say
which pages the worker may keep for whom, and the log-out that clears everything."""

import json
import re

import pytest

from models import User, db
from services import offline
from tests.conftest import Auth, post
from tests.factories import confirm_signed_in, make_article, make_topic, make_user, save
from tests.pages import page

KEPT = offline.OFFLINE_HEADER


@pytest.fixture
def articles(seed):
    with seed():
        topic = make_topic("ebv", "Epstein-Barr virus")
        return [make_article(topic, slug=f"study-{n}") for n in range(2)]


@pytest.fixture
def reader(login_as, seed, articles):
    """A reader who saved the first article (not the second)."""
    user = login_as()
    with seed():
        save(user, articles[0], note="Ask about it.")
    return user


def key_for(app, user) -> str:
    return offline.account_key(user.id, app.config["SECRET_KEY"])


def test_manifest_is_linked_from_every_page_and_describes_the_app(client, articles):
    for url in ("/", "/topics", "/articles/study-0", "/login"):
        head = page(client.get(url)).find("head")
        assert head.find("link", rel="manifest").attrs["href"] == "/manifest.webmanifest"
    response = client.get("/manifest.webmanifest")
    manifest = json.loads(response.get_data(as_text=True))
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    assert manifest["short_name"] == "Plainly" and manifest["name"].startswith("Plainly")
    assert (manifest["start_url"], manifest["display"]) == ("/", "standalone")
    assert manifest["theme_color"] == "#1f4e8c"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        width, height = re.findall(r"\d+", icon["sizes"])
        assert image.data[16:24] == int(width).to_bytes(4) + int(height).to_bytes(4)  # IHDR
        image.close()


def test_csp_lets_the_worker_and_manifest_load_from_this_site_only(client):
    policy = client.get("/").headers["Content-Security-Policy"].split("; ")
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy


@pytest.mark.parametrize("signed_in", [False, True])
def test_worker_is_served_from_the_root_with_fresh_headers(client, login_as, signed_in):
    if signed_in:
        login_as()
    response = client.get("/sw.js?account=abc")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] in {"no-cache", "no-store"}
    assert 'self.addEventListener("fetch"' in response.get_data(as_text=True)
    response.close()


def test_everything_the_worker_precaches_exists(client):
    worker = client.get("/sw.js").get_data(as_text=True)
    listed = re.search(r"var PRECACHE = \[(.*?)\];", worker, re.S)[1]
    urls = [*re.findall(r'"(/[^"]+)"', listed), re.search(r'OFFLINE_URL = "([^"]+)"', worker)[1]]
    assert "/static/css/plainly.css" in urls and "/offline" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_worker_never_handles_share_pages(client):
    worker = client.get("/sw.js").get_data(as_text=True)
    never = re.search(r"var NEVER = \[(.*?)\];", worker)[1]
    assert r"/^\/shared\//" in never


def test_offline_page_names_no_account_and_links_to_saved(client, reader):
    response = client.get("/offline")
    offline_page = page(response)
    assert response.status_code == 200
    assert offline_page.find("h1").text == "You are offline"
    assert ("Your saved articles", "/saved") in offline_page.find("main").links()
    assert offline_page.find_all("ul", cls="offline-list")
    assert not offline_page.find("head").find_all("meta", name="plainly-offline")


def test_pages_carry_the_readers_offline_key_and_visitors_an_empty_one(client, app, reader):
    key = key_for(app, reader)
    assert re.fullmatch(r"[0-9a-f]{24}", key) and str(reader.id) not in key
    marker = page(client.get("/topics")).find("meta", name="plainly-offline")
    assert marker.attrs["content"] == key
    post(client, "/logout")
    marker = page(client.get("/topics")).find("meta", name="plainly-offline")
    assert marker.attrs["content"] == ""


def test_only_saved_articles_the_saved_list_and_the_sheet_may_be_kept(client, app, reader):
    key = key_for(app, reader)
    for url in ("/saved", "/saved/print", "/articles/study-0"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers.get(KEPT) == key, url
    for url in ("/articles/study-1", "/", "/topics", "/settings", "/offline", "/search?q=x"):
        assert KEPT not in client.get(url).headers, url


def test_share_pages_are_never_kept(client, app, reader):
    confirm_signed_in(client)
    post(client, "/saved/share", {"expires": "7"})
    saved_page = client.get("/saved").get_data(as_text=True)
    share = re.search(r'value="http://[^/"]+(/shared/[^"]+)"', saved_page)[1]
    for c in (client, app.test_client()):  # the owner, and someone the link was sent to
        response = c.get(share)
        assert response.status_code == 200
        assert KEPT not in response.headers


def test_visitors_pages_are_never_kept(client, articles):
    for url in ("/articles/study-0", "/", "/offline"):
        assert KEPT not in client.get(url).headers
    assert client.get("/saved").status_code == 302


def test_staff_preview_of_a_saved_article_is_not_kept(client, app, staff_login, seed, articles):
    staff = staff_login("editor")
    with seed():
        save(db.session.get(User, staff.id), articles[0])
    preview = client.get(f"/editor/articles/{articles[0].id}/preview")
    assert preview.status_code == 200
    assert KEPT not in preview.headers
    assert client.get("/articles/study-0").headers[KEPT] == key_for(app, staff)


def test_two_readers_get_different_keys(app, reader, seed):
    with seed():
        other = make_user("other@example.com")
    assert key_for(app, reader) != key_for(app, other)


def test_log_out_clears_the_sites_caches_and_storage(client, reader, security_events):
    response = post(client, "/logout")
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert [e["event"] for e in security_events][-1:] == ["logout.succeeded"]


def test_deleting_the_account_clears_site_data_too(client, reader):
    assert "Clear-Site-Data" not in client.get("/settings/delete").headers
    wrong = post(client, "/settings/delete", {"password": "not the password at all"})
    assert wrong.status_code == 422 and "Clear-Site-Data" not in wrong.headers
    response = post(client, "/settings/delete", {"password": Auth.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_log_out_without_csrf_token_is_refused_and_clears_nothing(client, reader):
    response = client.post("/logout")
    assert response.status_code == 400
    assert "Clear-Site-Data" not in response.headers
