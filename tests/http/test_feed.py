"""The home page: a reader's feed of followed topics, or the latest articles for visitors."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_article, make_topic
from tests.pages import card_slugs, cards, main, older_link

NOW = datetime.now(UTC)
FUTURE = NOW + timedelta(days=2)


def walk(client, url: str, max_pages: int = 20) -> list[list[str]]:
    """Follow "Older articles" links from `url` to the last page; the slugs of each page."""
    pages = []
    while url:
        assert len(pages) < max_pages, f"still paging after {max_pages} pages: {url}"
        response = client.get(url)
        assert response.status_code == 200, url
        body = main(response)
        pages.append(card_slugs(body))
        url = older_link(body)
    return pages


def tag_names(card, cls: str = "tag") -> set[str]:
    """Topic names on a card; followed ones carry a screen-reader note that is dropped here."""
    return {a.text.removesuffix(" (you follow this)") for a in card.find_all("a", cls=cls)}


def followed_tags(card) -> set[str]:
    return tag_names(card, "tag-followed")


@pytest.fixture
def library(seed):
    """Three topics and articles in them, plus a draft and a future article in each."""
    with seed():
        ebv = make_topic("ebv", "Epstein-Barr virus")
        diet = make_topic("diet", "Diet and nutrition")
        pml = make_topic("pml", "PML and treatment safety")
        make_article(ebv, slug="ebv-only", published_at=NOW - timedelta(days=1))
        make_article(ebv, diet, slug="ebv-and-diet", published_at=NOW - timedelta(days=2))
        make_article(diet, slug="diet-only", published_at=NOW - timedelta(days=3))
        make_article(pml, slug="pml-only", published_at=NOW - timedelta(hours=5))
        make_article(diet, pml, slug="diet-and-pml", published_at=NOW - timedelta(days=4))
        for topic in (ebv, diet, pml):
            make_article(topic, slug=f"draft-{topic.slug}", status="draft")
            make_article(topic, slug=f"future-{topic.slug}", published_at=FUTURE)
    return {"ebv": ebv, "diet": diet, "pml": pml}


def test_visitors_see_latest_articles_from_all_topics_and_an_invitation(client, library):
    body = main(client.get("/"))
    assert card_slugs(body) == ["pml-only", "ebv-only", "ebv-and-diet", "diet-only", "diet-and-pml"]
    assert ("Sign up to build your own feed", "/signup") in body.links()
    assert body.find_all("a", cls="tag-followed") == []


def test_feed_shows_followed_topics_only_newest_first_each_article_once(client, library, login_as):
    login_as(follows=[library["ebv"], library["diet"]])
    body = main(client.get("/"))
    assert card_slugs(body) == ["ebv-only", "ebv-and-diet", "diet-only", "diet-and-pml"]


def test_feed_marks_the_followed_topics_on_each_card(client, library, login_as):
    login_as(follows=[library["ebv"], library["diet"]])
    shown = cards(main(client.get("/")))
    assert followed_tags(shown["ebv-and-diet"]) == {"Epstein-Barr virus", "Diet and nutrition"}
    assert followed_tags(shown["ebv-only"]) == {"Epstein-Barr virus"}
    assert followed_tags(shown["diet-and-pml"]) == {"Diet and nutrition"}
    assert tag_names(shown["diet-and-pml"]) == {"Diet and nutrition", "PML and treatment safety"}


def test_drafts_and_future_articles_never_reach_the_feed(client, library, login_as):
    login_as(follows=list(library.values()))
    shown = [s for page in walk(client, "/") for s in page]
    assert not [s for s in shown if s.startswith(("draft-", "future-"))]
    assert len(shown) == 5


def test_reader_following_nothing_sees_an_empty_state_with_a_way_to_topics(
    client, library, login_as
):
    login_as()
    body = main(client.get("/"))
    assert card_slugs(body) == []
    empty = body.find(cls="empty-state")
    assert "Your feed is empty for now" in empty.text
    assert "/topics" in [href for _, href in empty.links()]


def test_topic_filter_narrows_the_feed_to_one_followed_topic(client, library, login_as):
    login_as(follows=[library["ebv"], library["diet"]])
    body = main(client.get("/?topic=diet"))
    assert card_slugs(body) == ["ebv-and-diet", "diet-only", "diet-and-pml"]


def test_topic_filter_for_a_topic_not_followed_explains_why_it_is_empty(client, library, login_as):
    login_as(follows=[library["ebv"]])
    response = client.get("/?topic=pml")
    assert response.status_code == 200
    body = main(response)
    assert card_slugs(body) == []
    assert "You don't follow PML and treatment safety" in body.text
    assert "/topics/pml" in [href for _, href in body.links()]


def test_visitors_can_filter_latest_articles_by_topic(client, library):
    assert card_slugs(main(client.get("/?topic=pml"))) == ["pml-only", "diet-and-pml"]


@pytest.mark.parametrize("signed_in", [False, True])
def test_unknown_topic_filter_is_a_friendly_404(client, library, login_as, signed_in):
    if signed_in:
        login_as(follows=[library["ebv"]])
    response = client.get("/?topic=no-such-topic")
    assert response.status_code == 404
    assert "We can't find that page" in main(response).text


def build_many(seed, count: int, *, same_time: bool):
    """`count` articles spread over two followed topics (every third in both) and one other."""
    with seed():
        a, b, other = make_topic("topic-a"), make_topic("topic-b"), make_topic("topic-c")
        made = []
        for i in range(count):
            at = NOW - timedelta(days=1) if same_time else NOW - timedelta(minutes=7 * i)
            topics = (a, b) if i % 3 == 0 else (a,) if i % 3 == 1 else (b,)
            made.append(make_article(*topics, slug=f"art-{i:03d}", published_at=at))
            make_article(other, slug=f"unfollowed-{i:03d}", published_at=at)
    newest_first = sorted(made, key=lambda x: (x.published_at, x.id), reverse=True)
    return (a, b), [x.slug for x in newest_first]


@pytest.mark.parametrize("same_time", [False, True], ids=["spread", "identical-timestamps"])
def test_feed_pages_cover_every_article_once_in_order(client, seed, login_as, same_time):
    followed, expected = build_many(seed, 47, same_time=same_time)
    login_as(follows=followed)
    pages = walk(client, "/")
    assert [len(p) for p in pages] == [20, 20, 7]
    assert [slug for page in pages for slug in page] == expected


@pytest.mark.parametrize("same_time", [False, True], ids=["spread", "identical-timestamps"])
def test_visitor_feed_pages_cover_every_article_once(client, seed, same_time):
    build_many(seed, 30, same_time=same_time)
    shown = [slug for page in walk(client, "/") for slug in page]
    assert len(shown) == 60
    assert len(set(shown)) == 60


def test_topic_filter_is_kept_when_paging(client, seed, login_as):
    (a, b), expected = build_many(seed, 45, same_time=False)
    login_as(follows=[a, b])
    body = main(client.get("/?topic=topic-b"))
    older = older_link(body)
    assert parse_qs(urlsplit(older).query)["topic"] == ["topic-b"]
    shown = [slug for page in walk(client, "/?topic=topic-b") for slug in page]
    in_b = [s for s in expected if int(s[-3:]) % 3 != 1]
    assert shown == in_b


@pytest.mark.parametrize(
    "before",
    [
        "abc",
        "",
        "1_",
        "_5",
        "1_2_3",
        "1.5_2",
        "９９_1",
        "%00",
        "1_2\n",
        "9" * 18 + "_1",
        "-" + "9" * 18 + "_1",
        "9" * 19 + "_" + "9" * 19,
        "0_0",
        "253402300799999999_999999999999999999",
    ],
)
@pytest.mark.parametrize("signed_in", [False, True])
def test_garbage_cursor_never_breaks_the_feed(client, library, login_as, before, signed_in):
    if signed_in:
        login_as(follows=[library["ebv"]])
    response = client.get("/", query_string={"before": before})
    assert response.status_code == 200
