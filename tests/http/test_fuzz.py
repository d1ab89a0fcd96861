"""Random and hostile values in every route, form field and query parameter never cause a 5xx
and never touch another reader's data. Routes come from the url map, so new ones are covered."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models import Follow, User, db
from tests.conftest import csrf_token, rule_url
from tests.factories import follow, make_article, make_topic, make_user

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%00",
        "\x00",
        "../../etc/passwd",
        "//evil.example/",
        "https://evil.example",
        "javascript:alert(1)",
        "9" * 40,
        "-1",
        "1e309",
        "é" * 300,
        "\ud7ff\ue000",
        "a" * 5000,
        "1_1",
        "99999999999999999_1",
    ]
)
VALUES = st.one_of(HOSTILE, st.text(max_size=60), st.integers().map(str))
FIELDS = ["email", "password", "role", "remember", "next", "topic", "before", "hide_read", "q"]
FIELDS += ["code", "recovery", "display_name", "credentials"]
PARAMS = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), VALUES, max_size=5)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def routes(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        found += [(rule.endpoint, m) for m in sorted(rule.methods or ()) if m in {"GET", "POST"}]
    return found


@pytest.fixture
def world(app, seed):
    """A victim whose data must never change, and a signed-in attacker."""
    app.config["AUTH_RATE_LIMIT"] = "100000 per minute"
    with seed():
        topic = make_topic("ebv")
        make_article(topic, slug="ebv-study")
        victim = make_user("victim@example.com")
        follow(victim, topic)
    return victim


def snapshot(app, user_id: int):
    with app.app_context():
        user = db.session.get(User, user_id)
        follows = db.session.scalars(select(Follow.topic_id).where(Follow.user_id == user_id))
        return user.email, user.password_hash, user.session_token, sorted(follows)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "reader"])
def test_no_route_fails_on_hostile_input(app, client, auth, world, signed_in):
    if signed_in:
        auth.signup("attacker@example.com")
    token = csrf_token(client, "/login")
    before = snapshot(app, world.id)

    @FUZZ
    @given(
        route=st.sampled_from(routes(app)),
        slug=VALUES,
        number=st.sampled_from([0, 1, 2**31 - 1, 2**31, 2**63 - 1, 10**30])
        | st.integers(min_value=0),
        params=PARAMS,
        with_token=st.booleans(),
    )
    def request_is_handled(route, slug, number, params, with_token):
        endpoint, method = route
        with app.test_request_context():
            url = rule_url(next(app.url_map.iter_rules(endpoint)), slug or "x", number)
        if method == "GET":
            response = client.get(url, query_string=params)
        else:
            data = {**params, "csrf_token": token} if with_token else params
            response = client.post(url, data=data)
        assert response.status_code < 500, (method, url, params, response.status_code)

    request_is_handled()
    assert snapshot(app, world.id) == before
