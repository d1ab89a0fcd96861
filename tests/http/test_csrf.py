"""Every form post needs the session's CSRF token; without it nothing changes."""

import pytest

from models import Follow, User
from tests.conftest import csrf_token, post, rule_url
from tests.factories import PASSWORD, make_topic, make_user
from tests.pages import main

# The routes that must exist; the url_map walk below also covers any added later.
KNOWN_POST_URLS = {"/signup", "/login", "/logout", "/topics/ebv/follow", "/topics/ebv/unfollow"}


# The one-click unsubscribe (RFC 8058) is posted by mail clients that hold no session;
# test_digest_links.py checks that it works without a token. Every other POST route must
# refuse a request without one (below), so exempting one more makes that test fail.
CSRF_EXEMPT = {"digests.unsubscribe_now"}


def post_urls(app, slug: str) -> set[str]:
    """Every rule that accepts POST, with each URL parameter filled in with `slug`."""
    with app.test_request_context():
        return {
            rule_url(rule, slug)
            for rule in app.url_map.iter_rules()
            if "POST" in (rule.methods or ()) and rule.endpoint not in CSRF_EXEMPT
        }


def assert_expired_form_page(response) -> None:
    assert response.status_code == 400
    assert "This form has expired" in main(response).text


BAD_TOKENS = [{}, {"csrf_token": ""}, {"csrf_token": "not-a-real-token"}]


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_every_post_route_rejects_a_missing_or_wrong_token(app, client, seed, login_as, token):
    with seed():
        make_topic("ebv")
    login_as()
    urls = post_urls(app, "ebv")
    assert urls >= KNOWN_POST_URLS
    for url in sorted(urls):
        response = client.post(url, data=token)
        assert response.status_code == 400, url
        assert "This form has expired" in main(response).text, url


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_signup_without_token_creates_no_user(client, count_rows, token):
    data = {"email": "new@example.com", "password": PASSWORD, "role": "patient", **token}
    assert_expired_form_page(client.post("/signup", data=data))
    assert count_rows(User) == 0


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_follow_without_token_creates_no_follow(client, seed, login_as, count_rows, token):
    with seed():
        make_topic("ebv")
    login_as()
    assert_expired_form_page(client.post("/topics/ebv/follow", data=token))
    assert count_rows(Follow) == 0


def test_unfollow_without_token_keeps_the_follow(client, seed, login_as, count_rows):
    with seed():
        topic = make_topic("ebv")
    login_as(follows=[topic])
    assert_expired_form_page(client.post("/topics/ebv/unfollow"))
    assert count_rows(Follow) == 1


def test_login_without_token_does_not_log_in(client, seed):
    with seed():
        make_user()
    response = client.post("/login", data={"email": "reader@example.com", "password": PASSWORD})
    assert_expired_form_page(response)
    assert "Logged in as" not in client.get("/").get_data(as_text=True)


def test_logout_without_token_keeps_reader_logged_in(client, login_as):
    login_as()
    assert_expired_form_page(client.post("/logout"))
    assert "Logged in as reader@example.com" in client.get("/").get_data(as_text=True)


def test_token_from_another_session_is_refused(app, client, seed, login_as, count_rows):
    with seed():
        make_topic("ebv")
    login_as()
    foreign = csrf_token(app.test_client())
    assert_expired_form_page(client.post("/topics/ebv/follow", data={"csrf_token": foreign}))
    assert count_rows(Follow) == 0
    assert post(client, "/topics/ebv/follow").status_code == 302
    assert count_rows(Follow) == 1
