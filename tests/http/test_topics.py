"""Browsing topics, a topic's articles, and following or unfollowing a topic."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from models import Follow
from tests.conftest import post
from tests.factories import make_article, make_topic
from tests.pages import card_slugs, flashes, main, older_link

NOW = datetime.now(UTC)
FUTURE = NOW + timedelta(days=2)


def topic_rows(response) -> dict:
    return {row.find("h3").text: row for row in main(response).find_all("li", cls="topic-row")}


def article_count(row) -> int:
    meta = row.find("p", cls="meta").text
    if meta.startswith("No articles yet"):
        return 0
    match = re.search(r"(\d+) articles?\b", meta)
    assert match, row.text
    return int(match[1])


def says_followed(row) -> bool:
    """Whether the row shows "You follow this" (the line is there, hidden, for the script)."""
    state = row.find("span", cls="follow-state")
    assert state.text == "· You follow this"
    return "hidden" not in state.attrs


def test_topics_page_lists_topics_with_description_and_visible_article_count(client, seed):
    with seed():
        ebv = make_topic("ebv", "Epstein-Barr virus")
        diet = make_topic("diet", "Diet and nutrition")
        make_topic("quiet", "Quiet topic")
        make_article(ebv)
        make_article(ebv, diet)
        make_article(ebv, status="draft")
        make_article(ebv, published_at=FUTURE)
        make_article(diet, published_at=FUTURE)
    rows = topic_rows(client.get("/topics"))
    assert list(rows) == ["Diet and nutrition", "Epstein-Barr virus", "Quiet topic"]
    assert "About ebv." in rows["Epstein-Barr virus"].text
    assert "About diet." in rows["Diet and nutrition"].text
    assert article_count(rows["Epstein-Barr virus"]) == 2
    assert article_count(rows["Diet and nutrition"]) == 1
    assert article_count(rows["Quiet topic"]) == 0
    assert "1 article" in rows["Diet and nutrition"].text
    assert "1 articles" not in rows["Diet and nutrition"].text


def test_topics_page_shows_what_the_reader_follows(client, seed, login_as):
    with seed():
        ebv = make_topic("ebv", "Epstein-Barr virus")
        make_topic("diet", "Diet and nutrition")
    login_as(follows=[ebv])
    rows = topic_rows(client.get("/topics"))
    followed, other = rows["Epstein-Barr virus"], rows["Diet and nutrition"]
    assert says_followed(followed)
    assert followed.find("form").attrs["action"] == "/topics/ebv/unfollow"
    assert followed.find("button").attrs["aria-pressed"] == "true"
    assert not says_followed(other)
    assert other.find("form").attrs["action"] == "/topics/diet/follow"
    assert other.find("button").attrs["aria-pressed"] == "false"


def test_visitors_see_topics_without_follow_buttons_and_an_invitation(client, seed):
    with seed():
        make_topic("ebv", "Epstein-Barr virus")
    body = main(client.get("/topics"))
    assert body.find_all("form") == []
    assert ("Sign up", "/signup") in body.links()


def test_topic_page_lists_only_its_visible_articles_newest_first(client, seed):
    with seed():
        ebv, diet = make_topic("ebv"), make_topic("diet")
        make_article(ebv, slug="old", published_at=NOW - timedelta(days=30))
        make_article(ebv, diet, slug="newest", published_at=NOW - timedelta(hours=1))
        make_article(ebv, slug="middle", published_at=NOW - timedelta(days=3))
        make_article(diet, slug="other-topic", published_at=NOW - timedelta(days=2))
        make_article(ebv, slug="draft", status="draft", published_at=NOW - timedelta(days=1))
        make_article(ebv, slug="future", published_at=FUTURE)
    response = client.get("/topics/ebv")
    assert response.status_code == 200
    assert card_slugs(main(response)) == ["newest", "middle", "old"]
    assert older_link(main(response)) is None


def test_topic_page_pages_through_all_articles_twenty_at_a_time(client, seed):
    with seed():
        ebv = make_topic("ebv")
        same_time = NOW - timedelta(days=1)
        expected = []
        for i in range(45):
            # Groups of identical timestamps make the id the tie-breaker.
            at = same_time - timedelta(hours=i // 10)
            expected.append((at, make_article(ebv, slug=f"a-{i:02d}", published_at=at)))
    expected = [a.slug for _, a in sorted(expected, key=lambda p: (p[0], p[1].id), reverse=True)]
    url, pages = "/topics/ebv", []
    while url:
        assert len(pages) < 10, f"still paging after 10 pages: {url}"
        body = main(client.get(url))
        pages.append(card_slugs(body))
        url = older_link(body)
        if url:
            assert urlsplit(url).path == "/topics/ebv"
            assert "before" in parse_qs(urlsplit(url).query)
    assert [len(p) for p in pages] == [20, 20, 5]
    assert [slug for p in pages for slug in p] == expected


def test_unknown_topic_is_a_friendly_404(client):
    response = client.get("/topics/no-such-topic")
    assert response.status_code == 404
    assert "We can't find that page" in main(response).text


@pytest.mark.parametrize("before", ["abc", "1_", "_1", "9" * 19 + "_1", "-999999999999999999_1"])
def test_topic_page_with_garbage_cursor_shows_first_page(client, seed, before):
    with seed():
        ebv = make_topic("ebv")
        make_article(ebv, slug="only-one")
    response = client.get("/topics/ebv", query_string={"before": before})
    assert response.status_code == 200
    assert card_slugs(main(response)) == ["only-one"]


# --- follow and unfollow -------------------------------------------------------------------


def test_follow_adds_the_topic_and_returns_to_the_topic_page(client, seed, login_as, count_rows):
    with seed():
        make_topic("ebv", "Epstein-Barr virus")
    user = login_as()
    response = post(client, "/topics/ebv/follow")
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics/ebv"
    assert count_rows(Follow, Follow.user_id == user.id) == 1
    page = client.get("/topics/ebv")
    assert any("You now follow Epstein-Barr virus" in m for m in flashes(page))
    assert (
        main(page).find(cls="topic-header").find("form").attrs["action"] == "/topics/ebv/unfollow"
    )


def test_following_twice_keeps_one_follow(client, seed, login_as, count_rows):
    with seed():
        make_topic("ebv", "Epstein-Barr virus")
    login_as()
    post(client, "/topics/ebv/follow")
    response = post(client, "/topics/ebv/follow", follow_redirects=True)
    assert response.status_code == 200
    assert any("already follow" in m for m in flashes(response))
    assert count_rows(Follow) == 1


def test_unfollow_removes_the_topic(client, seed, login_as, count_rows):
    with seed():
        ebv, diet = make_topic("ebv"), make_topic("diet")
    login_as(follows=[ebv, diet])
    response = post(client, "/topics/ebv/unfollow")
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics/ebv"
    assert count_rows(Follow, Follow.topic_id == ebv.id) == 0
    assert count_rows(Follow, Follow.topic_id == diet.id) == 1


def test_unfollowing_a_topic_not_followed_is_fine(client, seed, login_as, count_rows):
    with seed():
        make_topic("ebv", "Epstein-Barr virus")
    login_as()
    response = post(client, "/topics/ebv/unfollow", follow_redirects=True)
    assert response.status_code == 200
    assert any("were not following" in m for m in flashes(response))
    assert count_rows(Follow) == 0


@pytest.mark.parametrize("action", ["follow", "unfollow"])
@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/topics", "/topics"),
        ("/?topic=ebv", "/?topic=ebv"),
        ("https://evil.example/", "/topics/ebv"),
        ("//evil.example", "/topics/ebv"),
        ("/\\evil.example", "/topics/ebv"),
        ("javascript:alert(1)", "/topics/ebv"),
        ("", "/topics/ebv"),
    ],
)
def test_follow_buttons_return_to_local_next_only(
    client, seed, login_as, action, next_url, expected
):
    with seed():
        make_topic("ebv")
    login_as()
    response = post(client, f"/topics/ebv/{action}", {"next": next_url})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("action", ["follow", "unfollow"])
@pytest.mark.parametrize(
    ("next_url", "expected_next"),
    [("/topics/ebv", "/topics/ebv"), ("https://evil.example", "/"), (None, "/")],
)
def test_visitors_pressing_follow_are_sent_to_login(
    client, seed, count_rows, action, next_url, expected_next
):
    with seed():
        make_topic("ebv")
    data = {} if next_url is None else {"next": next_url}
    response = post(client, f"/topics/ebv/{action}", data)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [expected_next]
    assert count_rows(Follow) == 0


def test_after_logging_in_from_follow_the_reader_is_back_on_the_topic(client, seed, auth):
    with seed():
        make_topic("ebv")
    auth.signup()
    auth.logout()
    login_url = post(client, "/topics/ebv/follow", {"next": "/topics/ebv"}).headers["Location"]
    next_value = main(client.get(login_url)).find("input", name="next").attrs["value"]
    assert next_value == "/topics/ebv"
    data = {"email": "reader@example.com", "password": auth.PASSWORD, "next": next_value}
    response = post(client, "/login", data)
    assert response.headers["Location"] == "/topics/ebv"


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_follow_of_unknown_topic_is_404(client, login_as, count_rows, action):
    login_as()
    response = post(client, f"/topics/no-such-topic/{action}")
    assert response.status_code == 404
    assert "We can't find that page" in main(response).text
    assert count_rows(Follow) == 0


def test_follow_by_get_is_not_allowed(client, seed, login_as, count_rows):
    with seed():
        make_topic("ebv")
    login_as()
    assert client.get("/topics/ebv/follow").status_code == 405
    assert count_rows(Follow) == 0
