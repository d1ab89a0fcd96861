"""ProxyFix from configuration: how many proxies are believed, header by header."""

import pytest
from flask import request

from tests.conftest import make_app

# Two proxies: the client's own forged value first, then what each proxy appended.
FORWARDED = {
    "X-Forwarded-For": "6.6.6.6, 203.0.113.9, 10.0.0.2",
    "X-Forwarded-Proto": "http, https",
    "X-Forwarded-Host": "evil.example, plainly.example.org",
}


def where(tmp_path, **settings) -> dict:
    """What the app believes about a request that came through two proxies."""
    app = make_app(tmp_path, **settings)

    @app.get("/where-from")
    def where_from():
        return {"addr": request.remote_addr, "scheme": request.scheme, "host": request.host}

    environ = {"REMOTE_ADDR": "10.0.0.1"}
    return app.test_client().get("/where-from", headers=FORWARDED, environ_base=environ).json


def test_without_trusted_proxies_no_forwarded_header_is_believed(tmp_path):
    assert where(tmp_path) == {"addr": "10.0.0.1", "scheme": "http", "host": "localhost"}


def test_trusted_proxies_sets_every_header_at_once(tmp_path):
    assert where(tmp_path, TRUSTED_PROXIES=1) == {
        "addr": "10.0.0.2",
        "scheme": "https",
        "host": "plainly.example.org",
    }


def test_each_header_can_trust_its_own_number_of_proxies(tmp_path):
    # Both proxies append X-Forwarded-For; only the outer one sets Proto and Host.
    hops = {"PROXY_FIX_FOR": 2, "PROXY_FIX_PROTO": 1, "PROXY_FIX_HOST": 1}
    assert where(tmp_path, TRUSTED_PROXIES=1, **hops) == {
        "addr": "203.0.113.9",
        "scheme": "https",
        "host": "plainly.example.org",
    }


@pytest.mark.parametrize(
    ("header", "seen", "direct"),
    [("PROXY_FIX_PROTO", "scheme", "http"), ("PROXY_FIX_HOST", "host", "localhost")],
)
def test_a_header_set_to_zero_is_not_believed_even_with_trusted_proxies(
    tmp_path, header, seen, direct
):
    believed = where(tmp_path, TRUSTED_PROXIES=1, **{header: 0})
    assert believed["addr"] == "10.0.0.2"
    assert believed[seen] == direct
