"""Admins choose where the topics page lists a topic: its condition group, and "Start here"."""

import pytest

from models import Topic, db
from tests.conftest import post
from tests.factories import make_topic
from tests.pages import flashes, main
from tests.staff_login import log_in_staff

PLACE = "/editor/topics/ebv/place"


@pytest.fixture
def ebv(seed):
    with seed():
        topic = make_topic("ebv", "Epstein-Barr virus")
    return topic


@pytest.fixture
def admin(seed, client):
    return log_in_staff(seed, client, "admin")


def placement(app, slug: str = "ebv") -> tuple[str, bool]:
    with app.app_context():
        topic = db.session.scalar(db.select(Topic).where(Topic.slug == slug))
        return topic.condition_group, topic.is_starter


def test_the_edit_page_shows_where_the_topic_is_listed(client, ebv, admin):
    body = main(client.get("/editor/topics/ebv"))
    form = body.find("form", action=PLACE)
    checked = [
        i.attrs["value"] for i in form.find_all("input", type="radio") if "checked" in i.attrs
    ]
    assert checked == ["shared"]
    assert [i.attrs["value"] for i in form.find_all("input", type="radio")] == [
        "ms",
        "nmosd",
        "mogad",
        "shared",
    ]
    assert "checked" not in form.find("input", type="checkbox").attrs


def test_an_admin_moves_a_topic_into_a_group_and_the_start_here_set(
    app, client, ebv, admin, security_events
):
    response = post(client, PLACE, {"group": "ms", "starter": "y"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/topics/ebv"
    assert placement(app) == ("ms", True)
    page = client.get("/editor/topics/ebv")
    assert (
        "Epstein-Barr virus is now listed under “Multiple sclerosis (MS)” and in "
        "“New to this? Start here”." in flashes(page)
    )
    form = main(page).find("form", action=PLACE)
    assert "checked" in form.find("input", type="checkbox").attrs
    placed = [e for e in security_events if e["event"] == "topic.placed"]
    assert [(e["user_id"], e["topic"], e["group"], e["starter"]) for e in placed] == [
        (admin.id, "ebv", "ms", True)
    ]
    readers = main(client.get("/topics"))
    assert readers.find("section", cls="start-here").find("h3").text == "Epstein-Barr virus"
    listing = main(client.get("/editor/topics")).find("p", cls="placement").text
    assert listing == "Listed under Multiple sclerosis (MS) · In “Start here”"


def test_unticking_starter_takes_it_out_of_start_here(app, client, ebv, admin):
    post(client, PLACE, {"group": "nmosd", "starter": "y"})
    response = post(client, PLACE, {"group": "nmosd"})
    assert response.status_code == 302
    assert placement(app) == ("nmosd", False)
    assert "Epstein-Barr virus is now listed under “NMOSD”." in flashes(
        client.get("/editor/topics/ebv")
    )


def test_saving_the_same_place_changes_nothing(app, client, ebv, admin, security_events):
    response = post(client, PLACE, {"group": "shared"})
    assert response.status_code == 302
    assert "Epstein-Barr virus stays where it was." in flashes(client.get("/editor/topics/ebv"))
    assert [e for e in security_events if e["event"] == "topic.placed"] == []


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"group": ""},
        {"group": "MS"},
        {"group": "other"},
        {"group": "x" * 5000},
        {"starter": "y"},
    ],
)
def test_a_bad_group_comes_back_with_its_message_and_changes_nothing(app, client, ebv, admin, data):
    response = post(client, PLACE, data)
    assert response.status_code == 422
    body = main(response)
    assert "Choose where the topic is listed." in body.find(cls="error-summary").text
    assert "Choose where the topic is listed." in body.find("fieldset", id="group").text
    # The other forms on the page keep the topic's values.
    assert body.find("input", name="name").attrs["value"] == "Epstein-Barr virus"
    assert placement(app) == ("shared", False)


def test_placing_an_unknown_topic_is_a_404(client, admin):
    response = post(client, "/editor/topics/nope/place", {"group": "ms"})
    assert response.status_code == 404


def test_placing_without_a_token_changes_nothing(app, client, ebv, admin):
    assert client.post(PLACE, data={"group": "ms", "starter": "y"}).status_code == 400
    assert placement(app) == ("shared", False)


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_only_admins_may_place_topics(app, seed, client, ebv, role):
    log_in_staff(seed, client, role)
    assert post(client, PLACE, {"group": "ms", "starter": "y"}).status_code == 403
    assert placement(app) == ("shared", False)
