"""Atom feeds over HTTP: a topic's, and a reader's private feed with its secret address."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from models import User
from services import mutes
from tests.conftest import post
from tests.factories import make_article, make_topic
from tests.pages import flashes, main, page

NOW = datetime.now(UTC)
ATOM = "application/atom+xml"


@pytest.fixture
def topics(seed):
    with seed():
        relapses, pregnancy = (
            make_topic("relapses", "Relapses"),
            make_topic("pregnancy", "Pregnancy"),
        )
        make_article(
            relapses, slug="plain", summary="Fewer relapses.", source_year=2021,
            published_at=NOW - timedelta(hours=1),
        )  # fmt: skip
        make_article(relapses, pregnancy, slug="both", published_at=NOW - timedelta(hours=2))
        make_article(pregnancy, slug="only", published_at=NOW - timedelta(hours=3))
        make_article(relapses, slug="draft", status="draft", published_at=None)
        make_article(relapses, slug="future", published_at=NOW + timedelta(days=1))
    return relapses, pregnancy


def parse(response):
    assert response.status_code == 200
    assert response.mimetype == ATOM
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def entry_slugs(parsed) -> list[str]:
    return [e.link.rsplit("/", 1)[-1] for e in parsed.entries]


def test_topic_feed_lists_visible_articles_newest_first(app, client, topics):
    app.config["BASE_URL"] = "https://plainly.example"
    parsed = parse(client.get("/topics/relapses/feed.atom"))
    assert entry_slugs(parsed) == ["plain", "both"]
    first = parsed.entries[0]
    assert first.link == "https://plainly.example/articles/plain"
    assert first.summary.startswith("Fewer relapses.")
    assert "Study year: 2021." in first.summary
    assert parsed.feed.link == "https://plainly.example/topics/relapses"


def test_links_come_from_base_url_not_the_host_header(app, client, topics):
    app.config["BASE_URL"] = "https://plainly.example"
    response = client.get("/topics/relapses/feed.atom", headers={"Host": "evil.example"})
    body = response.get_data(as_text=True)
    assert "evil.example" not in body
    assert all(e.link.startswith("https://plainly.example/") for e in parse(response).entries)


def test_topic_feed_answers_304_to_a_reader_app_that_has_it(client, topics):
    first = client.get("/topics/relapses/feed.atom")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "public, max-age=900"
    same = client.get("/topics/relapses/feed.atom", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.get_data() == b""
    since = client.get("/topics/relapses/feed.atom", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    stale = client.get("/topics/relapses/feed.atom", headers={"If-None-Match": '"old"'})
    assert stale.status_code == 200


def test_a_new_article_changes_the_etag(client, seed, topics):
    etag = client.get("/topics/relapses/feed.atom").headers["ETag"]
    with seed():
        make_article(topics[0], slug="newest", published_at=NOW - timedelta(minutes=5))
    response = client.get("/topics/relapses/feed.atom", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert entry_slugs(parse(response))[0] == "newest"


def test_empty_topic_feed_is_still_valid(client, seed):
    with seed():
        make_topic("quiet")
    assert parse(client.get("/topics/quiet/feed.atom")).entries == []


def test_unknown_topic_feed_is_the_friendly_404(client):
    response = client.get("/topics/no-such-topic/feed.atom")
    assert response.status_code == 404
    assert "We can't find that page" in main(response).text


def test_topic_page_announces_its_feed(client, topics):
    head = page(client.get("/topics/relapses")).find("head")
    link = head.find("link", rel="alternate")
    assert link.attrs["type"] == ATOM
    assert link.attrs["href"] == "/topics/relapses/feed.atom"


# The private feed ------------------------------------------------------------------------


def make_private_feed(client) -> str:
    """Press the button in settings; return the address the page shows once."""
    response = post(client, "/settings/private-feed")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return main(response).find("input", id="private-feed-url").attrs["value"]


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:5000")


def test_private_feed_is_the_readers_own_feed_less_mutes(app, client, login_as, seed, topics):
    relapses, pregnancy = topics
    reader = login_as(follows=[relapses])
    with seed():
        mutes.mute(reader.id, pregnancy.id)
    url = make_private_feed(client)
    assert url.startswith("http://127.0.0.1:5000/feeds/") and url.endswith(".atom")
    response = app.test_client().get(path_of(url))  # a feed reader app holds no session
    assert entry_slugs(parse(response)) == ["plain"]
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_private_feed_answers_304(client, login_as, topics):
    login_as(follows=[topics[0]])
    path = path_of(make_private_feed(client))
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_a_new_address_stops_the_old_one(client, login_as, count_rows, topics, security_events):
    login_as(follows=[topics[0]])
    old = path_of(make_private_feed(client))
    settings = main(client.get("/settings")).find("section", id="private-feed")
    assert "Your private feed is on" in settings.text
    assert old not in settings.text, "the address is shown only once"
    replaced = post(client, "/settings/private-feed")
    assert "The old one no longer works" in main(replaced).text
    new = path_of(main(replaced).find("input", id="private-feed-url").attrs["value"])
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert [e["event"] for e in security_events if e["event"].startswith("private_feed.")] == [
        "private_feed.created",
        "private_feed.replaced",
    ]
    assert all(old.split("/")[-1].split(".")[0] not in str(e) for e in security_events)
    assert count_rows(User, User.feed_token_hash.is_not(None)) == 1


def test_turning_the_private_feed_off(client, login_as, topics, security_events):
    login_as(follows=[topics[0]])
    path = path_of(make_private_feed(client))
    response = post(client, "/settings/private-feed/off")
    assert response.headers["Location"] == "/settings#private-feed"
    done = client.get("/settings")
    assert "Your private feed is off. Its address no longer works." in flashes(done)
    assert client.get(path).status_code == 404
    section = main(done).find("section", id="private-feed")
    assert section.find("button").text == "Make my private feed address"
    assert security_events[-1]["event"] == "private_feed.turned_off"
    again = post(client, "/settings/private-feed/off", follow_redirects=True)
    assert flashes(again) == ["You had no private feed."]


@pytest.mark.parametrize("token", ["nothing", "a" * 43, "a" * 200])
def test_unknown_private_address_is_the_friendly_404(client, token):
    response = client.get(f"/feeds/{token}.atom")
    assert response.status_code == 404
    assert "We can't find that page" in main(response).text


@pytest.mark.parametrize("url", ["/settings/private-feed", "/settings/private-feed/off"])
def test_private_feed_buttons_need_a_login(client, url, count_rows):
    response = post(client, url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("url", ["/settings/private-feed", "/settings/private-feed/off"])
def test_private_feed_buttons_need_the_csrf_token(client, login_as, count_rows, url):
    login_as()
    assert client.post(url).status_code == 400
    assert count_rows(User, User.feed_token_hash.is_not(None)) == 0
