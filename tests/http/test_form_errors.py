"""Every form page, posted with bad input: all its messages at once, in a summary that leads
with sentences linking to their fields, and a page title that starts with "Error: "."""

import re

import pytest

from tests.conftest import post
from tests.factories import confirm_signed_in
from tests.pages import Node, parse

TITLE = re.compile(r"<title>(.*?)</title>", re.S)

# (who posts, url, bad input, how many field messages at the least)
READER_FORMS = [
    ("visitor", "/signup", {"email": "", "password": "", "role": ""}, 3),
    ("visitor", "/login", {"email": "", "password": ""}, 2),
    ("visitor", "/reset", {"email": "not an address"}, 1),
    ("visitor", "/contact", {"topic": "", "message": "", "email": "nope"}, 3),
    (
        "reader",
        "/settings/digest",
        {
            "frequency": "weekly",
            "weekday": "9",
            "send_hour": "x",
            "timezone": "Mars/Base",
            "max_articles": "0",
        },
        4,
    ),
    ("reader", "/settings/digest/pause", {"weeks": "99"}, 1),
    ("reader", "/settings/email", {"email": "nope", "password": ""}, 2),
    ("reader", "/settings/password", {}, 3),
    ("reader", "/settings/role", {"role": "admin"}, 1),
    ("reader", "/settings/delete", {}, 1),
    ("reader", "/saved/share", {"expires": "12", "label": "x" * 200}, 2),
    ("reader", "/articles/{slug}/feedback", {"unclear": "x" * 5000}, 1),
]
EDITOR_FORMS = [
    ("admin", "/editor/topics/new", {}, 1),
    ("editor", "/editor/glossary/new", {}, 2),
    ("editor", "/editor/articles/new", {}, 2),
]


def summary_of(page: Node) -> Node:
    return page.find(id="error-summary")


def assert_reads_as_sentences_linking_to_fields(html: str, at_least: int) -> None:
    page = parse(html)
    title = TITLE.search(html)[1]
    assert title.startswith("Error: "), title
    summary = summary_of(page)
    assert summary.attrs["tabindex"] == "-1"
    links = summary.links()
    print("LINKS", title, [t for t, _ in links], summary.text)
    assert len(links) >= at_least, links
    ids = {node.attrs["id"] for node in page.iter() if "id" in node.attrs}
    for text, href in links:
        assert href.startswith("#") and href[1:] in ids, href
        assert text[:1].isupper() and text.rstrip("”)").endswith((".", "?")), text
        assert "?:" not in text and not re.match(r"^[^.]+: [A-Z]", text), text


@pytest.fixture
def as_reader(client, reader, items):
    post(client, f"/articles/{items[0].slug}/save")
    confirm_signed_in(client)
    return items


@pytest.mark.parametrize(("who", "url", "data", "at_least"), READER_FORMS)
def test_reader_forms(request, client, items, who, url, data, at_least):
    if who == "reader":
        request.getfixturevalue("as_reader")
    response = post(client, url.format(slug=items[0].slug), data)
    assert response.status_code == 422
    assert_reads_as_sentences_linking_to_fields(response.get_data(as_text=True), at_least)


@pytest.mark.parametrize(("role", "url", "data", "at_least"), EDITOR_FORMS)
def test_editor_forms(client, staff_login, role, url, data, at_least):
    staff_login(role)
    response = post(client, url, data)
    assert response.status_code == 422
    assert_reads_as_sentences_linking_to_fields(response.get_data(as_text=True), at_least)


def test_note_form(client, as_reader):
    page = client.get("/saved").get_data(as_text=True)
    saved_id = re.search(r'id="saved-(\d+)"', page)[1]
    response = post(client, f"/saved/{saved_id}/note", {f"note-{saved_id}-note": "x" * 5000})
    assert response.status_code == 422
    assert_reads_as_sentences_linking_to_fields(response.get_data(as_text=True), 1)


@pytest.mark.parametrize("url", ["/signup", "/login", "/contact"])
def test_a_form_without_errors_has_a_plain_title(client, url):
    html = client.get(url).get_data(as_text=True)
    assert not TITLE.search(html)[1].startswith("Error")
    assert 'id="error-summary"' not in html


def test_a_field_message_names_the_field(client):
    response = post(client, "/signup", {"email": "a@example.com", "password": "", "role": ""})
    summary = [text for text, _href in summary_of(parse(response.get_data(as_text=True))).links()]
    assert "Choose which best describes you." in summary
    assert not any(text.startswith("Which best describes you") for text in summary)
