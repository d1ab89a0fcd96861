"""The site header and the footer's links are kept once rendered (blueprints/layout.py):
shared by every page and reader in the same state, and never showing another reader's
state, token or page."""

import re

import pytest

from blueprints import cards
from tests.conftest import Auth, login_staff, post
from tests.factories import make_article, make_staff, make_topic, make_user
from tests.pages import page

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def world(seed):
    with seed():
        make_article(make_topic("fatigue", "Fatigue"), slug="tired", title="Tired in the day")
        make_user("one@example.com")
        make_user("two@example.com")
        make_staff()


def signed_in(app, email: str):
    client = app.test_client()
    assert Auth(client).login(email).status_code == 302
    client.get("/")  # uses up the "You are logged in" message
    return client


def header(client, path: str = "/"):
    response = client.get(path)
    assert response.status_code == 200
    return page(response).find("header", cls="site-header")


def footer(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    return page(response).find("nav", **{"aria-label": "More from Plainly"})


def main_nav(node) -> list[str]:
    return [text for text, _ in node.find("nav", **{"aria-label": "Main"}).links()]


def current(node) -> list[str]:
    """The texts of the links marked as this page."""
    return [a.text for a in node.find_all("a") if "aria-current" in a.attrs]


def misses(app) -> int:
    return app.extensions[cards.KEY].misses


def test_a_header_shown_again_is_not_rendered_again(app, world):
    one, two = signed_in(app, "one@example.com"), signed_in(app, "two@example.com")
    header(one)
    before = misses(app)
    header(two)
    header(one, "/?hide_read=1")
    assert misses(app) == before, "the same header for both readers, on the same endpoint"


def test_each_reader_sees_their_own_state(app, world, client):
    assert main_nav(header(client)) == ["Latest", "Topics", "Log in", "Sign up"]
    reader = signed_in(app, "one@example.com")
    assert main_nav(header(reader)) == ["My feed", "Topics", "Saved", "Settings"]
    assert main_nav(header(client)) == ["Latest", "Topics", "Log in", "Sign up"]
    assert login_staff(client).status_code == 302
    assert "Editor" in main_nav(header(client))
    assert "Editor" not in main_nav(header(reader))


def test_the_log_out_button_carries_this_readers_token_and_works(app, world):
    one, two = signed_in(app, "one@example.com"), signed_in(app, "two@example.com")
    html_one = one.get("/").get_data(as_text=True)
    html_two = two.get("/").get_data(as_text=True)
    [token_one] = set(TOKEN.findall(html_one))
    [token_two] = set(TOKEN.findall(html_two))
    assert token_one != token_two
    assert "mark-" not in html_two
    response = two.post("/logout", data={"csrf_token": token_two})
    assert response.status_code == 302
    assert main_nav(header(two))[-1] == "Sign up", "the second reader is logged out"
    assert main_nav(header(one))[-1] == "Settings", "the first is not"


def test_the_current_page_is_marked_for_each_endpoint(app, world):
    reader = signed_in(app, "one@example.com")
    assert current(header(reader, "/")) == ["My feed"]
    assert current(header(reader, "/topics")) == ["Topics"]
    assert current(header(reader, "/topics/fatigue")) == ["Topics"]
    assert current(header(reader, "/saved")) == ["Saved"]
    assert current(header(reader, "/settings/reading")) == ["Reading settings"]
    assert current(header(reader, "/articles/tired")) == []


def test_the_search_page_leaves_out_the_header_search_box(app, world, client):
    assert header(client, "/topics").find_all("form", role="search")
    assert not header(client, "/search").find_all("form", role="search")
    assert header(client, "/topics").find_all("form", role="search"), "kept apart per page"


def test_the_chosen_text_size_shows_for_that_reader_only(app, world):
    one, two = signed_in(app, "one@example.com"), signed_in(app, "two@example.com")
    header(two)
    post(one, "/settings/reading/text-size", {"text_size": "largest", "next": "/"})
    chosen = header(one).find("button", **{"aria-current": "true"})
    assert chosen.attrs["value"] == "largest"
    assert header(two).find("button", **{"aria-current": "true"}).attrs["value"] != "largest"


def test_the_text_size_form_comes_back_to_this_page(app, world):
    reader = signed_in(app, "one@example.com")
    for path in ("/?hide_read=1", "/topics/fatigue"):
        form = header(reader, path).find("form", cls="text-size-form")
        assert form.find("input", name="next").attrs["value"] == path


def test_the_report_link_names_the_page_it_is_on(app, world, client):
    for path in ("/topics", "/topics/fatigue", "/articles/tired"):
        links = dict(footer(client, path).links())
        assert links["Report a problem with this page"] == f"/contact?page={path}"


def test_an_about_page_is_marked_in_the_footer_and_no_other_page(app, world, client):
    assert current(footer(client, "/about/privacy")) == ["Privacy"]
    assert current(footer(client, "/about")) == ["About Plainly"]
    assert current(footer(client, "/topics")) == []
    assert current(footer(client, "/glossary")) == ["Glossary: medical words explained"]


def test_a_kept_header_has_no_token_of_a_request(app, world):
    reader = signed_in(app, "one@example.com")
    [token] = set(TOKEN.findall(reader.get("/").get_data(as_text=True)))
    kept = list(app.extensions[cards.KEY]._cards.values())
    assert kept and not any(token in html for html in kept)


def stylesheets(client) -> dict[str, str | None]:
    """The head's stylesheets, by file name, with their media."""
    head = page(client.get("/topics")).find("head")
    links = head.find_all("link", rel="stylesheet")
    return {link.attrs["href"].rsplit("/", 1)[-1]: link.attrs.get("media") for link in links}


def test_the_head_links_follow_each_readers_comfort_choices(app, world):
    one, two = signed_in(app, "one@example.com"), signed_in(app, "two@example.com")
    follows_device = "screen and (prefers-color-scheme: dark)"
    assert stylesheets(two)["theme-dark.css"] == follows_device
    choices = {"text_size": "large", "line_spacing": "roomy", "theme": "dark"}
    post(one, "/settings/reading", {**choices, "motion": "reduce", "font": "readable"})
    mine = stylesheets(one)
    assert mine["theme-dark.css"] == "screen" and mine["calm-motion.css"] == "all"
    theirs = stylesheets(two)
    assert theirs["theme-dark.css"] == follows_device
    assert theirs["calm-motion.css"] == "(prefers-reduced-motion: reduce)"
