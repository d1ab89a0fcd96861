"""Whatever a reader types is shown back as text, never run as markup: stored and reflected."""

import re

import pytest
from markupsafe import escape

from tests.conftest import Auth, post
from tests.factories import make_article, make_topic
from tests.http.test_shares import make_share

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "' autofocus onfocus='alert(1)",
]


def assert_inert(html: str, payload: str) -> None:
    assert payload not in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
    assert "onfocus='alert" not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_note_is_inert_everywhere_it_is_shown(client, seed, auth, payload):
    with seed():
        article = make_article(make_topic("ebv"), slug="ebv-study")
    auth.signup()
    post(client, "/articles/ebv-study/save")
    saved_id = re.search(r'id="saved-(\d+)"', client.get("/saved").get_data(as_text=True))[1]
    post(client, f"/saved/{saved_id}/note", {f"note-{saved_id}-note": payload})
    share = make_share(client, include_notes=True)
    assert str(escape(payload)) in client.get("/saved").get_data(as_text=True)  # stored, as text
    for url in ["/saved", f"/articles/{article.slug}", f"/saved/print?chosen=1&id={saved_id}"]:
        assert_inert(client.get(url).get_data(as_text=True), payload)
    assert_inert(client.application.test_client().get(share).get_data(as_text=True), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reflected_values_are_escaped(client, payload):
    pages = [
        client.get("/search", query_string={"q": payload}),
        client.get("/login", query_string={"next": payload}),
        client.get("/", query_string={"topic": payload}),
        post(client, "/login", {"email": payload, "password": "whatever it is"}),
        post(client, "/signup", {"email": payload, "password": Auth.PASSWORD, "role": "patient"}),
        post(client, "/reset", {"email": payload}),
    ]
    for response in pages:
        assert response.status_code < 500
        assert_inert(response.get_data(as_text=True), payload)
    assert str(escape(payload)) in pages[0].get_data(as_text=True)  # shown back, as text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_settings_fields_are_escaped_when_shown_back(client, auth, payload):
    auth.signup()
    response = post(
        client,
        "/settings/digest",
        {"frequency": "weekly", "weekday": "0", "send_hour": "8", "timezone": payload,
         "max_articles": payload},
    )  # fmt: skip
    assert response.status_code == 422
    assert_inert(response.get_data(as_text=True), payload)
