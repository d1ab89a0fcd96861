"""Share links: the owner's label, when each link was last opened, and the closed-link page."""

from datetime import timedelta

import pytest

from models import ShareLink, db
from models.saved import SHARE_LABEL_MAX_LENGTH
from services import shares
from tests.conftest import post
from tests.factories import confirm_signed_in
from tests.http.test_shares import SHARE_URL, link_rows
from tests.pages import parse

LABEL = "for Mum's neurologist"


def make_labelled_share(client, label: str = LABEL) -> str:
    response = post(client, "/saved/share", {"expires": "30", "label": label})
    assert response.status_code == 302
    return SHARE_URL.search(client.get("/saved").get_data(as_text=True))[1]


@pytest.fixture
def confirmed_reader(client, reader, items):
    post(client, f"/articles/{items[0].slug}/save")
    confirm_signed_in(client)
    return reader


def test_label_is_shown_to_the_owner_and_never_to_the_viewer(client, auth, confirmed_reader, app):
    url = make_labelled_share(client, f"  {LABEL}  ")
    assert link_rows(app)[0].label == LABEL
    settings = parse(client.get("/settings").get_data(as_text=True))
    row = settings.find("li", cls="share-row")
    assert LABEL in row.text
    assert f"Turn off the link “{LABEL}”" in row.text
    assert "Not opened yet" in row.text
    auth.logout()
    page = client.get(url).get_data(as_text=True)
    assert "Mum" not in page and "neurologist" not in page


def test_label_is_optional(client, confirmed_reader, app):
    make_labelled_share(client, "")
    assert link_rows(app)[0].label == ""
    assert "Link made" in client.get("/settings").get_data(as_text=True)


def test_too_long_label_is_refused_with_every_message(client, confirmed_reader, app):
    data = {"expires": "12", "label": "x" * (SHARE_LABEL_MAX_LENGTH + 1)}
    response = post(client, "/saved/share", data)
    page = parse(response.get_data(as_text=True))
    assert response.status_code == 422
    summary = [text for text, _href in page.find(id="error-summary").links()]
    assert summary == [shares.LABEL_MESSAGE, shares.EXPIRY_MESSAGE]
    assert link_rows(app) == []


def test_longest_label_is_taken(client, confirmed_reader, app):
    make_labelled_share(client, "y" * SHARE_LABEL_MAX_LENGTH)
    assert link_rows(app)[0].label == "y" * SHARE_LABEL_MAX_LENGTH


def test_opening_records_the_time_at_most_once_a_minute(
    client, auth, confirmed_reader, app, security_events
):
    url = make_labelled_share(client)
    auth.logout()
    assert client.get(url).status_code == 200
    first = link_rows(app)[0].last_opened_at
    assert first is not None
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert link_rows(app)[0].last_opened_at == first
    opened = [e for e in security_events if e["event"] == "share_link.opened"]
    assert len(opened) == 1
    with app.app_context():
        link = db.session.get(ShareLink, link_rows(app)[0].id)
        link.last_opened_at = first - shares.OPENED_EVERY - timedelta(seconds=1)
        db.session.commit()
    client.get(url)
    assert link_rows(app)[0].last_opened_at > first
    auth.login()
    row = parse(client.get("/settings").get_data(as_text=True)).find("li", cls="share-row")
    assert "Last opened" in row.text and "Not opened yet" not in row.text


def test_opening_a_turned_off_link_is_logged_and_records_nothing(
    client, auth, confirmed_reader, app, security_events
):
    url = make_labelled_share(client)
    post(client, f"/settings/shares/{link_rows(app)[0].id}/revoke")
    auth.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert LABEL not in response.get_data(as_text=True)
    assert link_rows(app)[0].last_opened_at is None
    closed = [e for e in security_events if e["event"] == "share_link.closed_opened"]
    assert [e["reason"] for e in closed] == ["revoked"]
