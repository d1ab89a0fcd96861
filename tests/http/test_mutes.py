"""Muting a topic over HTTP: the buttons, and the lists that leave its articles out."""

from datetime import UTC, datetime, timedelta

import pytest

from models import TopicMute, db
from services import mutes, topics
from services.feed import PAGE_SIZE
from tests.conftest import count_queries, post
from tests.factories import make_article, make_topic
from tests.pages import card_slugs, flashes, main, older_link

NOW = datetime.now(UTC)


@pytest.fixture
def world(seed, login_as):
    """reader@example.com follows relapses and has muted pregnancy; "both" is in both topics."""
    with seed():
        relapses, pregnancy = (
            make_topic("relapses", "Relapses"),
            make_topic("pregnancy", "Pregnancy"),
        )
        make_article(relapses, slug="plain", published_at=NOW - timedelta(hours=1))
        make_article(relapses, pregnancy, slug="both", published_at=NOW - timedelta(hours=2))
        make_article(pregnancy, slug="only", published_at=NOW - timedelta(hours=3))
    reader = login_as(follows=[relapses])
    with seed():
        mutes.mute(reader.id, pregnancy.id)
    return reader


def note(response) -> list[str]:
    found = main(response).find_all("ul", cls="muted-note")
    return [li.text for li in found[0].find_all("li")] if found else []


def test_feed_hides_muted_articles_and_says_how_many(client, world):
    response = client.get("/")
    assert card_slugs(main(response)) == ["plain"]
    assert note(response) == [
        "1 article hidden because you muted Pregnancy · Show them on this page"
    ]
    [(_, href)] = [link for link in main(response).links() if link[0].startswith("Show them")]
    assert href == "/?show=pregnancy"


def test_the_count_is_of_what_the_page_on_screen_would_have_shown(client, seed, world):
    with seed():
        relapses, pregnancy = topics.get_topic("relapses"), topics.get_topic("pregnancy")
        for hours in range(4, 4 + PAGE_SIZE):
            make_article(relapses, published_at=NOW - timedelta(hours=hours))
        make_article(relapses, pregnancy, slug="old-both", published_at=NOW - timedelta(days=9))
    first = client.get("/")
    assert note(first)[0].startswith("1 article hidden")  # "both", not "old-both"
    second = client.get(older_link(main(first)))
    assert "old-both" not in card_slugs(main(second))
    assert note(second)[0].startswith("1 article hidden")  # "old-both"


def test_show_them_brings_them_back_for_that_view(client, world):
    shown = client.get("/?show=pregnancy")
    assert card_slugs(main(shown)) == ["plain", "both"]
    assert note(shown) == ["Showing articles about Pregnancy, which you muted · Hide them again"]
    assert ("Hide them again", "/") in main(shown).links()
    assert card_slugs(main(client.get("/"))) == ["plain"]


def test_show_link_keeps_the_feed_filters(client, world):
    response = client.get("/?topic=relapses&hide_read=1")
    assert card_slugs(main(response)) == ["plain"]
    [(_, href)] = [link for link in main(response).links() if link[0].startswith("Show them")]
    assert href.startswith("/?") and "show=pregnancy" in href
    assert "topic=relapses" in href and "hide_read=1" in href


def test_an_unknown_show_slug_changes_nothing(client, world):
    response = client.get("/?show=no-such-topic")
    assert response.status_code == 200
    assert card_slugs(main(response)) == ["plain"]


def test_other_topic_pages_hide_it_and_its_own_page_shows_it(client, world):
    other = client.get("/topics/relapses")
    assert card_slugs(main(other)) == ["plain"]
    assert note(other)[0].startswith("1 article hidden because you muted Pregnancy")
    own = client.get("/topics/pregnancy")
    assert card_slugs(main(own)) == ["both", "only"]
    assert "You muted Pregnancy" in main(own).find(cls="topic-mute").text
    assert note(own) == []


def test_visitors_see_everything_and_no_mute_button(app, seed):
    with seed():
        topic = make_topic("pregnancy", "Pregnancy")
        make_article(topic, slug="only")
    response = app.test_client().get("/topics/pregnancy")
    assert card_slugs(main(response)) == ["only"]
    assert main(response).find_all(cls="topic-mute") == []


def test_related_articles_leave_out_muted_topics(client, world):
    # "both" is the only other relapses article, and it is about pregnancy too.
    assert main(client.get("/articles/plain")).find_all("section", cls="related") == []


def test_visitors_still_see_that_related_article(app, world):
    body = main(app.test_client().get("/articles/plain"))
    assert [href for _, href in body.find("section", cls="related").links()] == ["/articles/both"]


def test_search_leaves_out_muted_topics(client, world):
    assert card_slugs(main(client.get("/search?q=study"))) == ["plain"]


def test_mute_button_mutes_and_returns_to_the_page(client, seed, login_as, count_rows):
    with seed():
        make_topic("diet", "Diet")
    login_as()
    form = main(client.get("/topics/diet")).find(cls="topic-mute").find("form")
    assert form.attrs["action"] == "/topics/diet/mute"
    assert "Don't show me articles about Diet" in form.text
    response = post(client, "/topics/diet/mute", {"next": "/topics/diet?before=x"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics/diet?before=x"
    assert count_rows(TopicMute) == 1
    again = post(client, "/topics/diet/mute", follow_redirects=True)
    assert flashes(again) == ["You had already muted Diet."]
    assert count_rows(TopicMute) == 1
    button = main(again).find(cls="topic-mute").find("form")
    assert button.attrs["action"] == "/topics/diet/unmute"


def test_unmute_from_settings_returns_to_the_section(client, world, count_rows):
    rows = main(client.get("/settings")).find("section", id="muted-topics").find_all("li")
    assert [row.find("a").text for row in rows] == ["Pregnancy"]
    form = rows[0].find("form")
    assert form.attrs["action"] == "/topics/pregnancy/unmute"
    assert form.find("input", name="next").attrs["value"] == "/settings"
    response = post(client, "/topics/pregnancy/unmute", {"next": "/settings#muted-topics"})
    assert response.headers["Location"] == "/settings#muted-topics"
    assert count_rows(TopicMute) == 0
    done = client.get("/settings")
    assert "Articles about Pregnancy can appear again." in flashes(done)
    assert "You have not muted any topics" in main(done).find("section", id="muted-topics").text
    assert card_slugs(main(client.get("/"))) == ["plain", "both"]


def test_next_outside_the_site_is_ignored(client, world):
    response = post(client, "/topics/pregnancy/unmute", {"next": "https://evil.example/"})
    assert response.headers["Location"] == "/topics/pregnancy"


@pytest.mark.parametrize("action", ["mute", "unmute"])
def test_visitors_are_sent_to_log_in(client, seed, count_rows, action):
    with seed():
        make_topic("diet")
    response = post(client, f"/topics/diet/{action}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert count_rows(TopicMute) == 0


@pytest.mark.parametrize("action", ["mute", "unmute"])
def test_unknown_topic_is_the_friendly_404(client, login_as, action):
    login_as()
    response = post(client, f"/topics/nothing-here/{action}")
    assert response.status_code == 404
    assert "We can't find that page" in main(response).text


@pytest.mark.parametrize("data", [{}, {"csrf_token": "not-a-real-token"}])
def test_mute_without_a_token_is_refused_and_changes_nothing(client, world, count_rows, data):
    response = client.post("/topics/relapses/mute", data=data)
    assert response.status_code == 400
    assert count_rows(TopicMute) == 1
    assert client.post("/topics/pregnancy/unmute", data=data).status_code == 400
    assert count_rows(TopicMute) == 1


MUTED_PAGES = ["/", "/topics/relapses", "/articles/plain", "/search?q=study", "/settings"]


def test_lists_with_mutes_run_the_same_statements_for_few_and_many(app, client, seed, world):
    """However many articles the mutes hide, and however many topics are muted."""
    with app.app_context():
        engine = db.engine
    counts: dict[str, list[int]] = {url: [] for url in MUTED_PAGES}
    client.get("/")  # the first look at the feed records the visit (services.visits)
    for n in (3, 30):
        with seed():
            relapses = topics.get_topic("relapses")  # followed
            for _ in range(n):
                extra = make_topic()
                mutes.mute(world.id, extra.id)
                make_article(relapses, extra, published_at=NOW - timedelta(minutes=30))
        for url in MUTED_PAGES:
            with count_queries(engine) as statements:
                assert client.get(url).status_code == 200
            counts[url].append(len(statements))
    assert all(few == many for few, many in counts.values()), counts
    feed = client.get("/")
    assert card_slugs(main(feed)) == ["plain"]
    assert len(note(feed)) == 1 + 3 + 30, "each muted topic hides its one article"
    # What the muted topics hide is counted in one statement more than a reader without any.
    assert counts["/"][0] <= 5 and counts["/topics/relapses"][0] <= 6, counts
