"""Saving and unsaving articles: plain forms, the enhanced JSON answers, and logging in first."""

import pytest

from tests.conftest import csrf_token, post
from tests.http.conftest import saved_rows

JSON = {"Accept": "application/json"}


def test_save_redirects_back_with_a_message_and_shows_the_state(client, reader, items, app):
    article = items[0]
    response = post(client, f"/articles/{article.slug}/save", {"next": "/topics/ebv"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics/ebv"
    page = client.get("/topics/ebv").get_data(as_text=True)
    assert f"Saved “{article.title}”" in page
    assert page.count('aria-pressed="true"') == 1  # only the saved article's button
    assert f'action="/articles/{article.slug}/unsave"' in page
    assert [r.article_id for r in saved_rows(app)] == [article.id]


def test_saving_twice_keeps_one_row(client, reader, items, app):
    post(client, f"/articles/{items[0].slug}/save")
    response = post(client, f"/articles/{items[0].slug}/save", follow_redirects=True)
    assert "You had already saved this article." in response.get_data(as_text=True)
    assert len(saved_rows(app)) == 1


def test_unsave_removes_and_unsave_of_unsaved_is_harmless(client, reader, items, app):
    post(client, f"/articles/{items[0].slug}/save")
    response = post(client, f"/articles/{items[0].slug}/unsave", follow_redirects=True)
    assert "Removed “" in response.get_data(as_text=True)
    assert saved_rows(app) == []
    response = post(client, f"/articles/{items[0].slug}/unsave", follow_redirects=True)
    assert response.status_code == 200
    assert "This article was not in your saved articles." in response.get_data(as_text=True)


def test_redirect_back_refuses_other_sites(client, reader, items):
    response = post(client, f"/articles/{items[0].slug}/save", {"next": "//evil.example/"})
    assert response.headers["Location"] == f"/articles/{items[0].slug}"


def test_enhanced_button_gets_json(client, reader, items, app):
    response = post(client, f"/articles/{items[1].slug}/save", headers=JSON)
    assert response.status_code == 200
    assert response.json == {
        "saved": True,
        "message": f"Saved “{items[1].title}”. You'll find it in Saved.",
    }
    response = post(client, f"/articles/{items[1].slug}/unsave", headers=JSON)
    assert response.json["saved"] is False
    assert saved_rows(app) == []


@pytest.mark.parametrize("action", ["save", "unsave"])
def test_unknown_article_is_404(client, reader, action):
    response = post(client, f"/articles/no-such-article/{action}")
    assert response.status_code == 404
    assert "find that page" in response.get_data(as_text=True)


@pytest.mark.parametrize("action", ["save", "unsave"])
def test_missing_csrf_token_is_400_and_changes_nothing(client, reader, items, app, action):
    if action == "unsave":
        post(client, f"/articles/{items[0].slug}/save")
    before = len(saved_rows(app))
    response = client.post(f"/articles/{items[0].slug}/{action}")
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert len(saved_rows(app)) == before


def test_get_is_not_allowed(client, reader, items):
    assert client.get(f"/articles/{items[0].slug}/save").status_code == 405


def test_anonymous_save_asks_to_log_in_then_completes(client, auth, items, app):
    auth.signup()
    auth.logout()
    response = post(client, f"/articles/{items[2].slug}/save", {"next": "/topics/ebv"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/topics/ebv"
    assert saved_rows(app) == []
    # The login form carries `next` from its URL, as the browser would send it.
    response = post(
        client,
        "/login",
        {"email": "reader@example.com", "password": auth.PASSWORD, "next": "/topics/ebv"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.request.path == "/topics/ebv"
    assert f"Saved “{items[2].title}”" in page
    assert [r.article_id for r in saved_rows(app)] == [items[2].id]
    # The pending save is used once: logging in again saves nothing new and says nothing.
    auth.logout()
    page = auth.login(follow_redirects=True).get_data(as_text=True)
    assert "Saved “" not in page


def test_anonymous_save_completes_after_signing_up(client, auth, items, app):
    post(client, f"/articles/{items[0].slug}/save")
    response = auth.signup(email="new@example.com", follow_redirects=True)
    assert f"Saved “{items[0].title}”" in response.get_data(as_text=True)
    assert [r.article_id for r in saved_rows(app, "new@example.com")] == [items[0].id]


def test_anonymous_enhanced_button_is_told_where_to_log_in(client, items):
    token = csrf_token(client)
    response = client.post(
        f"/articles/{items[0].slug}/save",
        data={"csrf_token": token, "next": "/"},
        headers=JSON,
    )
    assert response.status_code == 401
    assert response.json == {"saved": False, "login": "/login?next=/"}
    page = client.get("/login?next=/").get_data(as_text=True)
    assert "We&#39;ll save the article for you" in page


def test_anonymous_unsave_goes_to_login(client, items):
    response = post(client, f"/articles/{items[0].slug}/unsave")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_article_page_shows_state_and_the_note_editor_once_saved(client, reader, items):
    page = client.get(f"/articles/{items[0].slug}").get_data(as_text=True)
    assert 'aria-pressed="false"' in page
    assert "Save this article to keep it in your list" in page
    post(client, f"/articles/{items[0].slug}/save")
    page = client.get(f"/articles/{items[0].slug}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page
    assert "Your private note" in page


def test_visitors_see_save_buttons_too(client, items):
    page = client.get("/topics/ebv").get_data(as_text=True)
    assert page.count('class="inline-form save-form"') == 3
    assert 'aria-pressed="true"' not in page


def test_feed_shows_saved_state(client, reader, items, app):
    post(client, "/topics/ebv/follow")
    post(client, f"/articles/{items[1].slug}/save")
    page = client.get("/").get_data(as_text=True)
    assert page.count('class="inline-form save-form"') == 3
    assert page.count('aria-pressed="true"') == 1
    assert f'action="/articles/{items[1].slug}/unsave"' in page
