"""The two benchmark pages (blueprints/bench.py) serve the signed-in feed's limits."""

import pytest
from flask import template_rendered

from models import db
from tests.conftest import Auth, app_with_tables, without_tokens
from tests.factories import follow, make_article, make_topic, make_user

PAGES = ["/_bench/feed-bytes", "/_bench/feed-template"]


def as_feed(html: str, url: str) -> str:
    """The page as "/" would be: the navigation marks the feed as the current page only
    there, and forms and links that return to the current page name its own path. The CSRF
    token is signed with the time, so two pages a second apart carry different ones."""
    html = html.replace('aria-current="page"', "").replace(url, "/").replace("/ >", "/>")
    return without_tokens(html)


@pytest.fixture
def bench_app(tmp_path):
    with app_with_tables(tmp_path, BENCH_ROUTES=True) as app:
        yield app


@pytest.fixture
def bench_client(bench_app):
    return bench_app.test_client()


@pytest.mark.parametrize("url", PAGES)
def test_without_the_setting_the_pages_are_not_found(client, login_as, url):
    login_as()
    response = client.get(url)
    assert response.status_code == 404
    assert "find" in response.get_data(as_text=True).lower()


def _reader_with_articles(app, client):
    with app.app_context():
        topic = make_topic("ebv", "Epstein-Barr virus")
        for n in range(3):
            make_article(topic, title=f"Bench study {n}")
        follow(make_user(), topic)
        db.session.commit()
    assert Auth(client).login().status_code == 302
    client.get("/")  # shows, and so uses up, the "You are logged in" message


@pytest.mark.parametrize("url", PAGES)
def test_signed_out_the_pages_ask_to_log_in(bench_client, url):
    response = bench_client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_stack_limit_page_answers_the_feed_pages_bytes(bench_app, bench_client):
    _reader_with_articles(bench_app, bench_client)
    feed = as_feed(bench_client.get("/").get_data(as_text=True), "/")
    first = bench_client.get("/_bench/feed-bytes")
    assert first.status_code == 200 and first.mimetype == "text/html"
    assert as_feed(first.get_data(as_text=True), "/_bench/feed-bytes") == feed
    assert "Bench study 2" in feed
    renders = []
    with template_rendered.connected_to(lambda *a, **k: renders.append(a), bench_app):
        again = bench_client.get("/_bench/feed-bytes")
    assert again.get_data() == first.get_data()
    assert renders == [], "the body is captured once, not rendered per request"


def test_the_template_limit_page_renders_the_feed_template_each_time(bench_app, bench_client):
    _reader_with_articles(bench_app, bench_client)
    feed = as_feed(bench_client.get("/").get_data(as_text=True), "/")
    names = []

    def record(_sender, template, **_extra):
        names.append(template.name)

    with template_rendered.connected_to(record, bench_app):
        first = bench_client.get("/_bench/feed-template").get_data(as_text=True)
        second = bench_client.get("/_bench/feed-template").get_data(as_text=True)
    assert as_feed(first, "/_bench/feed-template") == as_feed(second, "/_bench/feed-template")
    assert as_feed(first, "/_bench/feed-template") == feed
    assert names.count("feed/index.html") == 3  # captured once, then rendered per request
