"""Share links: made from /saved, shown once, read-only, noindex, expiring and revocable."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from models import ShareLink, db
from models.base import utcnow
from services import shares
from tests.conftest import post
from tests.factories import confirm_signed_in

# Built from the BASE_URL setting (its default here), never from the request's host.
SHARE_URL = re.compile(
    r'id="share-url" class="share-url" value="http://127\.0\.0\.1:5000(/shared/[^"]+)"'
)


def make_share(client, include_notes=False, expires="30") -> str:
    data = {"expires": expires}
    if include_notes:
        data["include_notes"] = "y"
    confirm_signed_in(client)  # unconfirmed accounts make no share links
    response = post(client, "/saved/share", data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/saved#new-share"
    page = client.get("/saved").get_data(as_text=True)
    return SHARE_URL.search(page)[1]


@pytest.fixture
def shared_list(client, reader, items, app):
    """The reader saved two articles and wrote a note on the first."""
    for item in items[:2]:
        post(client, f"/articles/{item.slug}/save")
    page = client.get("/saved").get_data(as_text=True)
    first_id = re.search(r'id="saved-(\d+)"', page)[1]
    post(client, f"/saved/{first_id}/note", {f"note-{first_id}-note": "Ask about the MRI."})
    confirm_signed_in(client)
    return items[:2]


def link_rows(app) -> list[ShareLink]:
    with app.app_context():
        rows = list(db.session.scalars(select(ShareLink).order_by(ShareLink.id)))
        db.session.expunge_all()
        return rows


def test_share_link_shows_titles_without_notes_or_account_data(client, auth, shared_list, app):
    url = make_share(client)
    auth.logout()
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert all(item.title in page for item in shared_list)
    assert "Ask about the MRI." not in page
    assert "reader@example.com" not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "<form" not in page.split("</header>", 1)[1].split("<footer", 1)[0]  # read-only


def test_notes_only_when_ticked(client, auth, shared_list):
    url = make_share(client, include_notes=True)
    auth.logout()
    assert "Ask about the MRI." in client.get(url).get_data(as_text=True)


def test_new_link_is_shown_once_and_only_a_hash_is_stored(client, shared_list, app):
    url = make_share(client)
    token = url.rsplit("/", 1)[1]
    assert len(token) >= 40
    assert SHARE_URL.search(client.get("/saved").get_data(as_text=True)) is None
    (row,) = link_rows(app)
    assert row.token_hash == shares.hash_token(token) != token
    assert row.expires_at - row.created_at == timedelta(days=30)


def test_never_expiring_link(client, shared_list, app):
    make_share(client, expires="never")
    assert link_rows(app)[0].expires_at is None


@pytest.mark.parametrize("expires", ["", "365", "-1", "abc"])
def test_bad_expiry_is_a_field_message_and_makes_no_link(client, shared_list, app, expires):
    response = post(client, "/saved/share", {"expires": expires})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please check the form" in page
    assert 'href="#expires"' in page and 'id="expires"' in page  # the summary links to the field
    assert link_rows(app) == []


def test_share_without_csrf_is_400(client, shared_list, app):
    assert client.post("/saved/share", data={"expires": "7"}).status_code == 400
    assert link_rows(app) == []


def test_share_needs_an_account(client, items):
    response = post(client, "/saved/share", {"expires": "7"})
    assert response.headers["Location"].startswith("/login")


def test_revoked_link_says_it_is_turned_off(client, auth, shared_list, app):
    url = make_share(client)
    link_id = link_rows(app)[0].id
    response = post(client, f"/settings/shares/{link_id}/revoke", follow_redirects=True)
    assert "The link is turned off" in response.get_data(as_text=True)
    assert "Turned off" in client.get("/settings").get_data(as_text=True)
    auth.logout()
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "has turned the link off" in page
    assert "Ask the person who shared it with you for a new link" in page
    assert "go back to your feed" not in page
    assert all(item.title not in page for item in shared_list)
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_expired_link_says_when_it_stopped(client, auth, shared_list, app):
    url = make_share(client, expires="7")
    with app.app_context():
        link = db.session.get(ShareLink, link_rows(app)[0].id)
        link.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "Expired" in client.get("/settings").get_data(as_text=True)
    auth.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "stopped working on" in response.get_data(as_text=True)
    assert shared_list[0].title not in response.get_data(as_text=True)


@pytest.mark.parametrize("token", ["nope", "x" * 43, "x" * 500])
def test_unknown_tokens_are_404(client, token):
    response = client.get(f"/shared/{token}")
    assert response.status_code == 404
    assert "We can&#39;t find that page" in response.get_data(as_text=True)


def test_another_readers_link_cannot_be_revoked(client, auth, shared_list, app):
    url = make_share(client)
    link_id = link_rows(app)[0].id
    auth.logout()
    auth.signup(email="other@example.com")
    assert post(client, f"/settings/shares/{link_id}/revoke").status_code == 404
    assert "Link made" not in client.get("/settings").get_data(as_text=True)
    assert link_rows(app)[0].revoked_at is None
    assert client.get(url).status_code == 200


def test_revoke_without_csrf_is_400(client, shared_list, app):
    make_share(client)
    link_id = link_rows(app)[0].id
    assert client.post(f"/settings/shares/{link_id}/revoke").status_code == 400
    assert link_rows(app)[0].revoked_at is None


def test_settings_lists_links_with_their_state(client, shared_list, app):
    make_share(client, include_notes=True, expires="never")
    make_share(client, expires="7")
    page = client.get("/settings").get_data(as_text=True)
    assert page.count("Link made") == 2
    assert "Works until you turn it off" in page and "Shows your notes" in page
    assert "Works until" in page and "Does not show your notes" in page
    assert page.count(">Turn off<") == 2


def test_settings_needs_an_account(client):
    assert client.get("/settings").headers["Location"] == "/login?next=/settings"


def test_settings_without_links(client, reader):
    page = client.get("/settings").get_data(as_text=True)
    assert "<h1>Settings</h1>" in page
    assert "You have not made any share links." in page


def test_shared_page_follows_the_list_as_it_changes(client, auth, shared_list, app):
    url = make_share(client)
    post(client, f"/articles/{shared_list[0].slug}/unsave")
    auth.logout()
    page = client.get(url).get_data(as_text=True)
    assert shared_list[0].title not in page
    assert shared_list[1].title in page
