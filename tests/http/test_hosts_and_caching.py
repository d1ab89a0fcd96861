"""Which host a request may name, which client it counts against, and what caches may keep."""

import pytest

from extensions import network_key
from models import db
from tests.conftest import csrf_token, make_app, post

SITE = "https://plainly.example.org"


# --- Cache-Control -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/reset/some-token",
        "/verify/some-token",
        "/unsubscribe/some-token",
        "/shared/some-token",
        "/r/some-token",
    ],
)
def test_pages_opened_by_a_token_are_never_stored(client, path):
    response = client.get(path)
    assert response.status_code == 404, "an unknown token still gets the friendly page"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_real_share_link_is_never_stored(client, login_as):
    login_as(verified=True)
    post(client, "/saved/share", {"expires": "30"})
    shared = client.get("/saved").get_data(as_text=True).split("/shared/", 1)[1].split('"')[0]
    response = client.application.test_client().get(f"/shared/{shared}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/settings", "/saved", "/topics", "/no-such-page"])
def test_every_signed_in_page_is_never_stored(client, login_as, path):
    login_as()
    response = client.get(path)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Cookie" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/", "/topics", "/glossary", "/about"])
def test_public_pages_for_visitors_keep_normal_caching(client, path):
    assert "no-store" not in client.get(path).headers.get("Cache-Control", "")


def test_stylesheets_stay_cacheable_for_signed_in_readers(client, login_as):
    login_as()
    assert "no-store" not in client.get("/static/css/plainly.css").headers["Cache-Control"]


# --- absolute URLs and trusted hosts -------------------------------------------------------


def every_request_names_host(app, host: str) -> None:
    """Rewrite the Host header of every request, as a client forging it would."""
    inner = app.wsgi_app

    def forged(environ, start_response):
        environ["HTTP_HOST"] = host
        return inner(environ, start_response)

    app.wsgi_app = forged


def test_a_share_link_is_built_from_base_url_whatever_the_host_header(app, client, login_as):
    app.config["BASE_URL"] = SITE
    every_request_names_host(app, "evil.example")
    login_as(verified=True)
    response = post(client, "/saved/share", {"expires": "30"})
    assert response.status_code == 302
    page = client.get("/saved").get_data(as_text=True)
    assert f'value="{SITE}/shared/' in page
    assert "evil.example" not in page


def client_of(tmp_path, **settings):
    """A test client of an app built with `settings`, on a fresh database."""
    app = make_app(tmp_path, **settings)
    with app.app_context():
        db.create_all()
    return app.test_client()


@pytest.fixture
def production(tmp_path):
    return client_of(tmp_path, PRODUCTION=True, BASE_URL=SITE)


def test_production_answers_requests_for_its_own_host(production):
    response = production.get("/", base_url=SITE)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers", [{"Host": "evil.example"}, {"Host": "plainly.example.org.evil.example"}]
)
def test_production_refuses_other_hosts_with_the_friendly_400_page(production, headers):
    response = production.get("/topics", headers=headers)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Something was wrong with that request" in page
    assert 'href="/topics"' in page, "the page's own links still work"
    assert "evil.example" not in page


def test_forwarded_headers_are_ignored_without_trusted_proxies(production):
    headers = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
    assert production.get("/", base_url=SITE, headers=headers).status_code == 200


# --- which client a rate limit counts --------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, "unknown"),
        ("not an address", "not an address"),
    ],
)
def test_rate_limits_count_ipv6_clients_by_their_64_network(address, key):
    assert network_key(address) == key


def reset_posts(client, addresses: list[str], forwarded: bool = False) -> list[int]:
    """POST the reset form once from each address; the status codes."""
    token = csrf_token(client, "/reset")
    codes = []
    for address in addresses:
        where = {"headers": {"X-Forwarded-For": address}} if forwarded else {}
        environ = {} if forwarded else {"environ_base": {"REMOTE_ADDR": address}}
        data = {"csrf_token": token, "email": "someone@example.com"}
        codes.append(client.post("/reset", data=data, **where, **environ).status_code)
    return codes


def test_new_addresses_in_one_ipv6_network_share_one_limit(app, client):
    app.config["AUTH_RATE_LIMIT"] = "2 per minute"
    same_network = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2::3"]
    assert reset_posts(client, same_network) == [200, 200, 429]
    assert reset_posts(client, ["2001:db8:1:3::1"]) == [200], "the next /64 is someone else"


def test_with_one_trusted_proxy_the_forwarded_client_address_is_counted(tmp_path):
    client = client_of(tmp_path, TRUSTED_PROXIES=1, AUTH_RATE_LIMIT="2 per minute")
    assert reset_posts(client, ["198.51.100.1"] * 3, forwarded=True) == [200, 200, 429]
    assert reset_posts(client, ["198.51.100.2"], forwarded=True) == [200]


def test_without_trusted_proxies_a_forged_forwarded_address_does_not_dodge_the_limit(app, client):
    app.config["AUTH_RATE_LIMIT"] = "2 per minute"
    forged = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    assert reset_posts(client, forged, forwarded=True) == [200, 200, 429]
