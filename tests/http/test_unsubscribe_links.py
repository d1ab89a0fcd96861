"""Unsubscribe links carry the reader's token version and show only a masked address."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import DigestPreference, Topic, db
from services import tokens
from services.digests import schedule, send
from tests import factories as f
from tests.conftest import Auth, post

NOW = datetime(2026, 1, 14, 9, tzinfo=UTC)
DIGEST = {"weekday": "0", "send_hour": "8", "timezone": "", "max_articles": "5"}


def send_digest(app, now=NOW) -> None:
    """Send the digests due at `now`, with one new article in them."""
    with app.app_context():
        topic = db.session.scalar(select(Topic))
        f.make_article(topic, published_at=now - timedelta(hours=2))
        db.session.commit()
        send.send_due(now, schedule.candidates(now, force=True), commit=db.session.commit)


@pytest.fixture
def reader(app, smtp):
    with app.app_context():
        topic = f.make_topic("pml")
        user = f.make_reader("jo.reader@example.com")
        f.follow(user, topic)
        db.session.commit()
    return smtp


def unsubscribe_path(smtp) -> str:
    header = smtp.messages[-1]["List-Unsubscribe"].strip("<>")
    return header.removeprefix("http://127.0.0.1:5000")


def version(app) -> int:
    with app.app_context():
        return db.session.scalar(select(DigestPreference.token_version))


def test_the_page_shows_a_masked_address_only(client, app, reader):
    send_digest(app)
    page = client.get(unsubscribe_path(reader)).get_data(as_text=True)
    assert "j•••@example.com" in page
    assert "jo.reader" not in page
    done = client.post(unsubscribe_path(reader)).get_data(as_text=True)
    assert "j•••@example.com" in done and "jo.reader" not in done


def test_turning_digests_back_on_in_settings_retires_old_links(client, app, reader):
    send_digest(app)
    old = unsubscribe_path(reader)
    assert client.post(old).status_code == 200  # unsubscribed with the old link
    Auth(client).login("jo.reader@example.com")
    before = version(app)
    post(client, "/settings/digest", {**DIGEST, "frequency": "weekly"})
    assert version(app) == before + 1
    Auth(client).logout()
    for response in (client.get(old), client.post(old)):
        assert response.status_code == 404
        text = response.get_data(as_text=True)
        assert "This unsubscribe link is from an older email" in text
        assert "change them in Settings" in text
    with app.app_context():
        assert db.session.scalar(select(DigestPreference.frequency)) == "weekly"
    send_digest(app, NOW + timedelta(days=7))
    assert len(reader.messages) == 2
    new = unsubscribe_path(reader)
    assert new != old
    assert "Stop digest emails?" in client.get(new).get_data(as_text=True)


def test_saving_settings_while_digests_stay_on_keeps_the_links(client, app, reader):
    send_digest(app)
    Auth(client).login("jo.reader@example.com")
    post(client, "/settings/digest", {**DIGEST, "frequency": "daily"})
    assert version(app) == 0
    assert client.get(unsubscribe_path(reader)).status_code == 200


def test_resubscribing_from_the_unsubscribe_page_keeps_its_link(client, app, reader):
    send_digest(app)
    path = unsubscribe_path(reader)
    client.post(path)
    page = post(client, f"{path}/resubscribe").get_data(as_text=True)
    assert "Welcome back" in page
    assert client.get(path).status_code == 200


def test_a_link_without_a_version_is_refused(client, app, reader):
    with app.app_context():
        user_id = db.session.scalar(select(DigestPreference.user_id))
        token = tokens.make(tokens.UNSUBSCRIBE, {"u": user_id, "l": "digest"})
    response = client.get(f"/unsubscribe/{token}")
    assert response.status_code == 404
    assert re.search("find that page|no longer works", response.get_data(as_text=True))
