"""A calmer start: the topics page grouped by condition with a start-here set, counts and
newest dates, follow buttons that keep the reader's place, and one welcome after signing up."""

from datetime import UTC, datetime, timedelta

import pytest

from models import Follow
from tests.conftest import post
from tests.factories import make_article, make_topic
from tests.pages import flashes, main, page

NOW = datetime.now(UTC)
JSON = {"Accept": "application/json"}


def placed(slug: str, name: str, group: str, starter: bool = False):
    topic = make_topic(slug, name)
    topic.condition_group, topic.is_starter = group, starter
    return topic


@pytest.fixture
def topics(seed):
    """Topics in three groups (NMOSD has none); Fatigue and MOGAD are starters."""
    with seed():
        made = {
            "iron": placed("iron", "Brain iron", "ms"),
            "fatigue": placed("fatigue", "Fatigue", "ms", starter=True),
            "mogad": placed("mogad", "MOGAD", "mogad", starter=True),
            "pregnancy": placed("pregnancy", "Pregnancy", "shared"),
            "eyes": placed("eyes", "Eye scans", "shared"),
        }
    return made


def sections(response) -> list[tuple[str, list[str]]]:
    """(heading, topic names) for each section of the topics page, in order."""
    return [
        (s.find("h2").text, [h.text for h in s.find_all("h3")])
        for s in main(response).find_all("section", cls="topic-group")
    ]


def row(response, slug: str):
    return main(response).find("li", id=f"topic-{slug}")


def test_topics_are_grouped_by_condition_after_a_start_here_set(client, topics):
    response = client.get("/topics")
    assert response.status_code == 200
    assert sections(response) == [
        ("New to this? Start here", ["Fatigue", "MOGAD"]),
        ("Multiple sclerosis (MS)", ["Brain iron"]),
        ("MOGAD", []),
        ("Shared by several conditions", ["Eye scans", "Pregnancy"]),
    ]
    # Each topic once, so its anchor is unique; a group points to its starters.
    body = main(response)
    assert len(body.find_all("li", cls="topic-row")) == 5
    mogad_group = body.find("section", **{"aria-labelledby": "group-mogad"})
    assert mogad_group.find("p", cls="group-starters").links() == [("MOGAD", "#topic-mogad")]
    jump = body.find("nav", **{"aria-label": "Topic groups"}).links()
    assert jump == [
        ("Start here", "#start-here"),
        ("Multiple sclerosis (MS)", "#group-ms"),
        ("MOGAD", "#group-mogad"),
        ("Shared by several conditions", "#group-shared"),
    ]
    # A starter says which condition it is about.
    assert "Multiple sclerosis (MS)" in row(response, "fatigue").find("p", cls="meta").text


def test_without_starters_there_is_no_start_here_section(client, seed):
    with seed():
        placed("iron", "Brain iron", "ms")
    response = client.get("/topics")
    assert sections(response) == [("Multiple sclerosis (MS)", ["Brain iron"])]
    assert ("Start here", "#start-here") not in main(response).links()


def test_each_topic_shows_its_visible_article_count_and_newest_date(client, seed, topics):
    with seed() as session:
        iron, eyes = session.merge(topics["iron"]), session.merge(topics["eyes"])
        make_article(iron, published_at=NOW - timedelta(days=20))
        make_article(iron, eyes, published_at=NOW - timedelta(days=3))
        # Neither a draft nor a scheduled article counts, nor dates the topic.
        make_article(iron, status="draft", published_at=NOW - timedelta(hours=2))
        make_article(iron, published_at=NOW + timedelta(days=1))
    response = client.get("/topics")
    iron, eyes = row(response, "iron"), row(response, "eyes")
    assert iron.find("p", cls="meta").text.startswith("2 articles · newest ")
    newest = iron.find("time")
    assert newest.attrs["datetime"] == (NOW - timedelta(days=3)).date().isoformat()
    assert eyes.find("p", cls="meta").text.startswith("1 article · newest ")
    assert row(response, "pregnancy").find("p", cls="meta").text.startswith("No articles yet")
    assert row(response, "pregnancy").find_all("time") == []


def test_follow_buttons_on_the_topics_page_come_back_to_the_topic(client, topics, login_as):
    login_as()
    form = row(client.get("/topics"), "eyes").find("form")
    assert form.attrs["action"] == "/topics/eyes/follow"
    next_value = form.find("input", name="next").attrs["value"]
    assert next_value == "/topics#topic-eyes"
    response = post(client, "/topics/eyes/follow", {"next": next_value})
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics#topic-eyes"
    after = client.get("/topics")
    assert "You now follow Eye scans" in " ".join(flashes(after))
    assert row(after, "eyes").find("form").attrs["action"] == "/topics/eyes/unfollow"
    back = post(client, "/topics/eyes/unfollow", {"next": "/topics#topic-eyes"})
    assert back.headers["Location"] == "/topics#topic-eyes"


def test_the_script_gets_json_and_no_flash_is_left_over(client, topics, login_as, count_rows):
    user = login_as()
    response = post(client, "/topics/fatigue/follow", {"next": "/topics"}, headers=JSON)
    assert response.status_code == 200
    assert response.json == {
        "following": True,
        "message": "You now follow Fatigue. Its articles will appear in your feed.",
    }
    assert count_rows(Follow, Follow.user_id == user.id) == 1
    again = post(client, "/topics/fatigue/follow", headers=JSON)
    assert again.json == {"following": True, "message": "You already follow Fatigue."}
    off = post(client, "/topics/fatigue/unfollow", headers=JSON)
    assert off.json == {"following": False, "message": "You no longer follow Fatigue."}
    assert count_rows(Follow) == 0
    assert flashes(client.get("/topics")) == []


def test_an_archived_topic_refuses_a_follow_in_json_too(client, seed, login_as, count_rows):
    with seed():
        topic = make_topic("old", "Old topic")
        topic.archived_at = NOW
    login_as()
    response = post(client, "/topics/old/follow", headers=JSON)
    assert response.status_code == 200
    assert response.json["following"] is False
    assert "Old topic" in response.json["message"]
    assert count_rows(Follow) == 0


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_follow_without_a_csrf_token_is_refused(client, topics, login_as, count_rows, action):
    login_as(follows=[topics["iron"]])
    response = client.post(f"/topics/iron/{action}", data={"next": "/topics"}, headers=JSON)
    assert response.status_code == 400
    assert count_rows(Follow) == 1


def test_the_done_button_leads_readers_to_their_feed(client, topics, login_as):
    assert ("Done — show my feed", "/") not in main(client.get("/topics")).links()
    login_as()
    assert ("Done — show my feed", "/") in main(client.get("/topics")).links()


def test_visitors_get_no_follow_forms_but_the_same_groups(client, topics):
    response = client.get("/topics")
    assert main(response).find_all("form") == []
    assert [heading for heading, _ in sections(response)][0] == "New to this? Start here"


# --- one welcome after signing up ----------------------------------------------------------


def test_signing_up_shows_one_calm_welcome_not_a_stack_of_banners(auth):
    # The confirmation link, opened in the browser that signed up, logs the reader in.
    shown = page(auth.signup(follow_redirects=True))
    assert shown.find_all("p", cls="flash") == []
    assert shown.find_all("div", cls="banner") == []
    note = shown.find("div", cls="welcome-note")
    assert [p.text for p in note.find_all("p")] == [
        "Welcome to Plainly. Follow a few topics below, then press “Done” to see your feed."
    ]
    # The address is confirmed by the same link: no reminder follows on the next page.
    later = page(auth.client.get("/"))
    assert later.find_all("div", cls="welcome-note") == []
    assert later.find_all("div", cls="banner") == []


def test_a_save_asked_for_before_signing_up_is_told_in_the_same_note(client, seed, auth):
    with seed():
        article = make_article(make_topic("ebv"))
    post(client, f"/articles/{article.slug}/save")
    note = page(auth.signup(follow_redirects=True)).find("div", cls="welcome-note")
    lines = [p.text for p in note.find_all("p")]
    assert lines[0].startswith("Welcome to Plainly.")
    assert lines[1] == f"Saved “{article.title}”. You'll find it in Saved."
    assert page(client.get("/topics")).find_all("div", cls="welcome-note") == []
