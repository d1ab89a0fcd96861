"""Admins create, rename, describe and archive topics; readers see archived topics calmly."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest

from models import Follow, Topic, db
from tests.conftest import post
from tests.factories import follow, make_article, make_topic, make_user
from tests.pages import card_slugs, flashes, main
from tests.staff_login import log_in_staff

ADMIN_GETS = ["/editor/topics", "/editor/topics/new", "/editor/topics/ebv"]
ADMIN_POSTS = [
    ("/editor/topics/new", {"name": "Sleep"}),
    ("/editor/topics/ebv/rename", {"name": "EBV"}),
    ("/editor/topics/ebv/describe", {"description": "New words."}),
    ("/editor/topics/ebv/place", {"group": "ms", "starter": "y"}),
    ("/editor/topics/ebv/archive", {}),
    ("/editor/topics/ebv/unarchive", {}),
]


@pytest.fixture
def ebv(seed):
    with seed():
        topic = make_topic("ebv", "Epstein-Barr virus")
    return topic


@pytest.fixture
def admin(seed, client):
    return log_in_staff(seed, client, "admin")


def topic_row(app, slug: str) -> Topic | None:
    with app.app_context():
        topic = db.session.scalar(db.select(Topic).where(Topic.slug == slug))
        if topic is not None:
            db.session.expunge(topic)
        return topic


def test_the_list_shows_each_topic_with_article_and_follower_counts(client, seed, ebv, admin):
    with seed():
        diet = make_topic("diet", "Diet")
        make_article(ebv)
        make_article(ebv, diet, status="draft")
        follow(make_user("a@example.com"), ebv)
        follow(make_user("b@example.com"), ebv, diet)
    response = client.get("/editor/topics")
    assert response.status_code == 200
    rows = {
        r.find("h2").text: r.find("p", cls="meta").text
        for r in main(response).find_all("li", cls="admin-topic-row")
    }
    assert rows == {
        "Diet": "1 article · 1 follower · /topics/diet",
        "Epstein-Barr virus": "2 articles · 2 followers · /topics/ebv",
    }


def test_an_admin_creates_a_topic_whose_slug_comes_from_its_name(app, client, admin, count_rows):
    page = client.get("/editor/topics/new")
    assert page.status_code == 200
    response = post(
        client, "/editor/topics/new", {"name": " Diet & nutrition ", "description": "Food."}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/topics/diet-nutrition"
    topic = topic_row(app, "diet-nutrition")
    assert (topic.name, topic.description, topic.archived_at) == ("Diet & nutrition", "Food.", None)
    assert "Created the topic Diet & nutrition." in " ".join(
        flashes(client.get(response.headers["Location"]))
    )
    assert client.get("/topics/diet-nutrition").status_code == 200


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({"name": ""}, ["Enter a name for the topic."]),
        ({"name": "  ?? "}, ["Use at least one letter or number in the name."]),
        ({"name": "n" * 121}, ["Keep the name to 120 characters or fewer."]),
        ({"name": "EPSTEIN-BARR VIRUS"}, ["There is already a topic called"]),
        ({"name": "Ebv"}, ["The web address /topics/ebv is taken."]),
        (
            {"name": "", "description": "d" * 501},
            ["Enter a name for the topic.", "Please shorten the description to 500"],
        ),
    ],
)
def test_bad_new_topics_come_back_with_every_message_at_once(
    client, ebv, admin, count_rows, data, messages
):
    response = post(client, "/editor/topics/new", data)
    assert response.status_code == 422
    summary = main(response).find(cls="error-summary").text
    for message in messages:
        assert message in summary
    assert main(response).find("input", name="name").attrs.get("value", "") == data["name"]
    assert count_rows(Topic) == 1


def test_rename_keeps_the_web_address(app, client, ebv, admin):
    response = post(client, "/editor/topics/ebv/rename", {"name": "EBV and MS"})
    assert response.headers["Location"] == "/editor/topics/ebv"
    assert topic_row(app, "ebv").name == "EBV and MS"
    assert main(client.get("/topics/ebv")).find("h1").text == "EBV and MS"


def test_a_bad_rename_shows_the_page_again_and_changes_nothing(app, client, seed, ebv, admin):
    with seed():
        make_topic("diet", "Diet")
    for name, message in [("", "Enter a name"), ("diet", "There is already a topic called")]:
        response = post(client, "/editor/topics/ebv/rename", {"name": name})
        assert response.status_code == 422
        assert message in main(response).find(cls="error-summary").text
        assert main(response).find("h1").text == "Epstein-Barr virus"
    assert topic_row(app, "ebv").name == "Epstein-Barr virus"


def test_describe_saves_the_description_or_refuses_a_long_one(app, client, ebv, admin):
    assert (
        post(client, "/editor/topics/ebv/describe", {"description": "Plain words."}).status_code
        == 302
    )
    assert topic_row(app, "ebv").description == "Plain words."
    response = post(client, "/editor/topics/ebv/describe", {"description": "x" * 501})
    assert response.status_code == 422
    assert "(it has 501)" in main(response).find(cls="error-summary").text
    assert main(response).find("textarea").text == "x" * 501
    assert topic_row(app, "ebv").description == "Plain words."


def test_archive_and_unarchive(app, client, ebv, admin):
    response = post(client, "/editor/topics/ebv/archive")
    assert response.headers["Location"] == "/editor/topics/ebv"
    assert topic_row(app, "ebv").archived_at is not None
    page = client.get("/editor/topics/ebv")
    assert "is archived" in " ".join(flashes(page))
    assert "Archived" in main(page).find("h1").text
    post(client, "/editor/topics/ebv/archive")
    assert "was already archived" in " ".join(flashes(client.get("/editor/topics/ebv")))
    post(client, "/editor/topics/ebv/unarchive")
    assert topic_row(app, "ebv").archived_at is None
    post(client, "/editor/topics/ebv/unarchive")
    assert "was not archived" in " ".join(flashes(client.get("/editor/topics/ebv")))


@pytest.mark.parametrize("url", ["/editor/topics/nope", "/editor/topics/nope/rename"])
def test_unknown_topics_are_404(client, admin, url):
    method = client.get if url.endswith("nope") else lambda u: post(client, u, {"name": "X"})
    assert method(url).status_code == 404


# --- who may manage topics ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_other_staff_get_403_on_every_topic_page(app, client, seed, ebv, count_rows, role):
    log_in_staff(seed, client, role)
    for url in ADMIN_GETS:
        assert client.get(url).status_code == 403, url
    for url, data in ADMIN_POSTS:
        assert post(client, url, data).status_code == 403, url
    assert count_rows(Topic) == 1
    assert topic_row(app, "ebv").name == "Epstein-Barr virus"


def test_readers_get_403_and_visitors_are_sent_to_log_in(client, seed, ebv, login_as):
    for url in ADMIN_GETS:
        response = client.get(url)
        assert urlsplit(response.headers["Location"]).path == "/login", url
    login_as()
    for url in ADMIN_GETS:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(("url", "data"), ADMIN_POSTS)
def test_topic_forms_without_a_token_change_nothing(app, client, ebv, admin, count_rows, url, data):
    assert client.post(url, data=data).status_code == 400
    assert count_rows(Topic) == 1
    topic = topic_row(app, "ebv")
    assert (topic.name, topic.archived_at) == ("Epstein-Barr virus", None)


# --- archived topics for readers ------------------------------------------------------------


@pytest.fixture
def archived(seed, ebv):
    with seed() as session:
        make_article(ebv, slug="still-here")
        session.get(Topic, ebv.id).archived_at = datetime.now(UTC)
    return ebv


def test_an_archived_topic_page_says_so_keeps_its_articles_and_offers_no_follow(
    client, archived, login_as
):
    page = main(client.get("/topics/ebv"))
    assert "Archived" in page.find("h1").text
    assert "can't be newly followed" in page.find("p", cls="archived-note").text
    assert card_slugs(page) == ["still-here"], "its articles stay"
    assert "Log in to follow" not in page.text
    login_as()
    header = main(client.get("/topics/ebv")).find(cls="topic-header")
    assert header.find_all("form") == []


def test_following_an_archived_topic_is_refused_with_a_calm_message(
    client, archived, login_as, count_rows
):
    login_as()
    response = post(client, "/topics/ebv/follow", {"next": "/topics"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics"
    assert count_rows(Follow) == 0
    messages = flashes(client.get("/topics"))
    assert messages == [
        "Epstein-Barr virus is archived, so it can't be followed any more. "
        "Its articles are still here to read."
    ]


def test_existing_followers_keep_an_archived_topic_marked_as_archived(
    client, seed, archived, login_as
):
    with seed():
        make_topic("diet", "Diet")
    login_as(follows=[archived])
    index = {
        r.find("h3").text: r for r in main(client.get("/topics")).find_all("li", cls="topic-row")
    }
    row = index["Epstein-Barr virus Archived"]
    assert "hidden" not in row.find("span", cls="follow-state").attrs
    assert "No longer taking new followers" in row.text
    assert row.find("form").attrs["action"] == "/topics/ebv/unfollow"
    # A plain form: once unfollowed in place, the button could not follow it again.
    assert "follow-form" not in row.find("form").classes
    assert "Archived" not in index["Diet"].text
    topic_page = main(client.get("/topics/ebv"))
    assert "You still follow it" in topic_page.find("p", cls="archived-note").text
    assert (
        topic_page.find(cls="topic-header").find("form").attrs["action"] == "/topics/ebv/unfollow"
    )
    chips = main(client.get("/")).find("nav", cls="filters")
    assert ("Epstein-Barr virus Archived", "/?topic=ebv") in chips.links()
    assert card_slugs(main(client.get("/"))) == ["still-here"]
    assert post(client, "/topics/ebv/unfollow").status_code == 302
