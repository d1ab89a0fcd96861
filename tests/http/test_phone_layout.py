"""The calmer phone layout: dismissible banners, "New to you" after a first visit, the
saved page's closed note editors and its "Remove from saved" button, the menu button."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import User, db
from tests import factories
from tests.conftest import post
from tests.pages import cards, main, page

JSON = {"Accept": "application/json"}
VERIFY = "Please confirm your email address: we sent a link"
SAMPLE = "Sample content, written for Plainly"


@pytest.fixture
def sample(seed):
    with seed():
        topic = factories.make_topic("ebv", "Epstein-Barr virus")
        return factories.make_article(topic, is_sample=True)


# Banners -------------------------------------------------------------------------------


def test_the_verify_reminder_hides_for_the_rest_of_the_session(client, login_as):
    login_as()
    assert VERIFY in client.get("/topics").get_data(as_text=True)
    response = post(client, "/banners/verify/dismiss", {"next": "/topics?x=1"})
    assert (response.status_code, response.headers["Location"]) == (302, "/topics?x=1")
    for url in ("/topics", "/", "/saved", "/settings"):
        assert VERIFY not in client.get(url).get_data(as_text=True), url


def test_the_sample_note_hides_but_the_article_stays_marked_as_sample(client, sample):
    shown = main(client.get(f"/articles/{sample.slug}"))
    note = shown.find("div", cls="sample-note")
    assert SAMPLE in note.text
    assert note.find("form").attrs["action"] == "/banners/sample/dismiss"
    assert post(client, "/banners/sample/dismiss", headers=JSON).get_json() == {
        "dismissed": "sample"
    }
    after = main(client.get(f"/articles/{sample.slug}"))
    assert after.find_all("div", cls="sample-note") == []
    assert after.find("h1").text == sample.title
    assert "Sample content" in after.find("header", cls="article-header").find("p", cls="meta").text


def test_dismissing_one_banner_leaves_the_other(client, login_as, sample):
    login_as()
    post(client, "/banners/sample/dismiss")
    text = client.get(f"/articles/{sample.slug}").get_data(as_text=True)
    assert VERIFY in text and SAMPLE not in text


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil", ""])
def test_dismissing_never_leaves_the_site(client, target):
    response = post(client, "/banners/sample/dismiss", {"next": target})
    assert (response.status_code, response.headers["Location"]) == (302, "/")


def test_an_unknown_banner_is_the_friendly_404(client):
    response = post(client, "/banners/everything/dismiss")
    assert response.status_code == 404
    assert "find that page" in response.get_data(as_text=True)


def test_dismissing_without_the_form_token_is_refused(client, sample):
    assert client.post("/banners/sample/dismiss").status_code == 400
    assert SAMPLE in client.get(f"/articles/{sample.slug}").get_data(as_text=True)


def test_dismissing_by_get_is_not_allowed(client):
    assert client.get("/banners/sample/dismiss").status_code == 405


# "New to you" --------------------------------------------------------------------------


def visit_times(app, email="reader@example.com") -> tuple[datetime | None, datetime | None]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return user.feed_seen_at, user.previous_visit_at


@pytest.fixture
def feed(seed, login_as):
    """A reader following a topic with an article from three days ago and two from today."""
    now = datetime.now(UTC)
    with seed():
        topic = factories.make_topic("ebv")
        old = factories.make_article(topic, published_at=now - timedelta(days=3))
        fresh = [
            factories.make_article(topic, published_at=now - timedelta(hours=h)) for h in (2, 3)
        ]
    login_as(follows=[topic])
    return old, fresh


def new_slugs(client) -> set[str]:
    shown = cards(main(client.get("/")))
    return {slug for slug, card in shown.items() if "New to you" in card.text}


def test_a_new_reader_sees_no_new_marks_on_their_first_visit(client, app, feed):
    assert new_slugs(client) == set()
    seen, previous = visit_times(app)
    assert seen is not None and previous is None
    assert new_slugs(client) == set()  # still the first visit


def test_coming_back_marks_only_what_came_out_since_the_last_visit(client, app, feed, seed):
    old, fresh = feed
    with seed():
        factories.last_saw_feed("reader@example.com", timedelta(days=1))
    assert new_slugs(client) == {a.slug for a in fresh}
    assert new_slugs(client) == {a.slug for a in fresh}  # the same visit: the marks stay
    client.get(f"/articles/{fresh[0].slug}")
    assert new_slugs(client) == {fresh[1].slug}  # opened: read, no longer new
    card = cards(main(client.get("/")))[fresh[1].slug]
    assert "card-new" in card.classes
    assert "card-new" not in cards(main(client.get("/")))[old.slug].classes
    _seen, previous = visit_times(app)
    assert previous is not None and old.published_at < previous < fresh[1].published_at


def test_a_visitor_sees_no_new_marks(client, feed):
    post(client, "/logout")
    assert "New to you" not in client.get("/").get_data(as_text=True)


def test_topic_pages_show_no_new_marks(client, feed, seed):
    with seed():
        factories.last_saw_feed("reader@example.com", timedelta(days=1))
    assert "New to you" not in client.get("/topics/ebv").get_data(as_text=True)


# The saved page ------------------------------------------------------------------------


@pytest.fixture
def saved_two(seed):
    with seed():
        topic = factories.make_topic("ebv")
        user = factories.make_user(verified=True)
        plain, noted = factories.make_article(topic), factories.make_article(topic)
        factories.save(user, plain)
        factories.save(user, noted, note="Ask about this.")
    return plain, noted


def test_note_editors_are_closed_until_opened(client, auth, saved_two):
    plain, noted = saved_two
    auth.login()
    shown = main(client.get("/saved"))
    editors = {}
    for item in shown.find_all("article", cls="saved-item"):
        details = item.find("details", cls="note-editor")
        assert "open" not in details.attrs
        assert details.find("form", cls="note-form").find("textarea")
        editors[item.find("h2").text] = details.find("summary").text
    assert editors == {
        plain.title: f"Add a note about {plain.title}",
        noted.title: f"Edit note about {noted.title}",
    }


def test_a_note_stays_readable_while_its_editor_is_closed(client, auth, saved_two):
    plain, noted = saved_two
    auth.login()
    items = main(client.get("/saved")).find_all("article", cls="saved-item")
    # Outside the closed editor: the editor holds no copy of it.
    assert not any(i.find("details", cls="note-editor").find_all("section") for i in items)
    shown = {i.find("h2").text: i.find("section", cls="your-note") for i in items}
    assert "hidden" not in shown[noted.title].attrs
    assert shown[noted.title].find("p", cls="note-text").text == "Ask about this."
    assert "hidden" in shown[plain.title].attrs


def test_the_saved_state_button_says_remove_and_is_not_the_note_button(client, auth, saved_two):
    plain, _noted = saved_two
    auth.login()
    shown = main(client.get("/saved"))
    item = next(i for i in shown.find_all("article", cls="saved-item") if plain.title in i.text)
    remove = item.find("form", cls="save-form")
    assert remove.attrs["action"] == f"/articles/{plain.slug}/unsave"
    button = remove.find("button")
    assert button.text == f"Remove from saved {plain.title}"
    assert "Saved" not in button.text
    note_button = item.find("form", cls="note-form").find("button")
    assert note_button.text.startswith("Save note")
    assert button.classes & {"button", "button-secondary"} == set()
    assert "button" in note_button.classes


def test_cards_elsewhere_keep_the_quiet_save_toggle(client, auth, saved_two):
    plain, _noted = saved_two
    auth.login()
    card = cards(main(client.get("/topics/ebv")))[plain.slug]
    button = card.find("button", cls="save-button")
    assert button.attrs["aria-pressed"] == "true"
    assert "button-quiet" in button.classes and "button" not in button.classes
    assert button.text.startswith(f"Saved {plain.title}")


# The header ----------------------------------------------------------------------------


def test_the_main_navigation_sits_behind_a_menu_button_that_needs_no_script(client, login_as):
    login_as()
    header = page(client.get("/topics")).find("header", cls="site-header")
    menu = header.find("details", cls="site-menu")
    assert menu.find("summary").text == "Menu"
    nav = menu.find("nav")
    assert nav.attrs["aria-label"] == "Main"
    assert [t for t, _h in nav.links()] == ["My feed", "Topics", "Saved", "Settings"]
