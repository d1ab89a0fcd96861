"""No /editor route is left open: a walk over the url map with every kind of visitor.

Each /editor rule is requested (GET and POST, parameters filled with a real article's slug
and id) by a visitor, a reader, staff who have not finished setting up, and each staff role.
A route added later is covered without touching this file, and one without a guard fails.
"""

from collections.abc import Callable

import pytest
from werkzeug.routing import Rule

from blueprints.staff import CONFIRM_EMAIL_FIRST, NOT_YOUR_ROLE, STAFF_ONLY, TURN_ON_TWO_STEP
from models import db
from services import staff
from tests.conftest import Auth, csrf_token, login_staff, rule_url
from tests.factories import make_article, make_staff, make_topic, make_user
from tests.pages import main

# Editor pages any member of staff may open with no permission of their own. Keep it short:
# an /editor view neither listed here nor wrapped in @requires(...) fails the walk.
STAFF_ONLY_VIEWS: set[str] = set()

# What each role may do, written out here rather than read from services.staff.
GRANTS = {
    "editor": {staff.STAFF, staff.WRITE},
    "reviewer": {staff.STAFF, staff.REVIEW},
    "admin": {staff.STAFF, staff.WRITE, staff.REVIEW, staff.ADMIN},
}
KNOWN_ROUTES = {("editor.staff.index", "GET")}


def editor_rules(app) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/editor")]


def permission_of(app, endpoint: str) -> str | None:
    """The permission an editor view asks for (staff.STAFF for the allow-list), or None."""
    if endpoint in STAFF_ONLY_VIEWS:
        return staff.STAFF
    return getattr(app.view_functions[endpoint], "permission", None)


def unguarded_views(app) -> list[str]:
    """Every /editor endpoint whose view states no permission it needs."""
    return sorted(
        rule.endpoint
        for rule in editor_rules(app)
        if permission_of(app, rule.endpoint) not in staff.PERMISSIONS
    )


def editor_requests(app, slug: str, number: int) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every GET and POST an /editor rule answers."""
    with app.test_request_context():
        return sorted(
            (rule.endpoint, method, rule_url(rule, slug, number))
            for rule in editor_rules(app)
            for method in {"GET", "POST"} & set(rule.methods or ())
        )


def request(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(client)})


def sent_to(response, place: str) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith(place)


def refused(response, message: str) -> bool:
    return response.status_code == 403 and message in main(response).text


def let_through(response) -> bool:
    """The gate and the permission check let the request reach the view."""
    if response.status_code in (403, 429) or response.status_code >= 500:
        return False
    return not (sent_to(response, "/login") or sent_to(response, "/settings"))


def login_reader(client, email: str) -> None:
    assert Auth(client).login(email).status_code == 302


def walk(app, people: dict[str, Callable], expectations: dict[str, Callable]) -> list[str]:
    """Request every editor route as each person; the lines that broke an expectation.

    `people` log a fresh client in (or not); `expectations[name](response, permission)` is
    True when the answer is right for that person.
    """
    with app.app_context():
        db.session().expire_on_commit = False
        article = make_article(make_topic("ebv"))
        db.session.commit()
    requests = editor_requests(app, article.slug, article.id)
    failures = []
    for name, log_in in people.items():
        client = app.test_client()
        log_in(client)
        for endpoint, method, url in requests:
            response = request(client, method, url)
            if not expectations[name](response, permission_of(app, endpoint)):
                failures.append(f"{name}: {method} {url} -> {response.status_code}")
    return failures


def outsiders(app) -> dict[str, Callable]:
    """A visitor and a reader (whose account this makes)."""
    with app.app_context():
        make_user("reader@example.com")
        db.session.commit()
    return {
        "visitor": lambda client: None,
        "reader": lambda c: login_reader(c, "reader@example.com"),
    }


OUTSIDER_EXPECTATIONS = {
    "visitor": lambda response, _permission: sent_to(response, "/login"),
    "reader": lambda response, _permission: refused(response, STAFF_ONLY),
}


def test_every_editor_view_states_the_permission_it_needs(app):
    endpoints = {(endpoint, method) for endpoint, method, _ in editor_requests(app, "x", 1)}
    assert endpoints >= KNOWN_ROUTES
    assert unguarded_views(app) == []


def test_no_editor_route_opens_for_visitors_or_readers(app):
    assert walk(app, outsiders(app), OUTSIDER_EXPECTATIONS) == []


def test_staff_finish_setting_up_before_any_editor_route_opens(app):
    with app.app_context():
        make_staff("new@example.com", "admin", two_step=False)
        make_staff("unconfirmed@example.com", "admin").email_verified_at = None
        db.session.commit()
    people = {
        "no two-step": lambda c: login_reader(c, "new@example.com"),
        "unconfirmed": lambda c: login_staff(c, "unconfirmed@example.com"),
    }
    expectations = {
        "no two-step": lambda response, _p: sent_to(response, "/settings#two-step"),
        "unconfirmed": lambda response, _p: response.headers.get("Location") == "/settings",
    }
    assert walk(app, people, expectations) == []


def test_each_role_opens_exactly_what_it_may(app):
    with app.app_context():
        for role in GRANTS:
            make_staff(f"{role}@example.com", role)
        db.session.commit()
    people = {role: (lambda c, role=role: login_staff(c, f"{role}@example.com")) for role in GRANTS}

    def expectation(role):
        def check(response, permission):
            if permission in GRANTS[role]:
                return let_through(response)
            return refused(response, NOT_YOUR_ROLE)

        return check

    assert walk(app, people, {role: expectation(role) for role in GRANTS}) == []


def test_the_walk_catches_an_unguarded_view_and_a_route_outside_the_editor(app):
    # Rules added to this test's own app only, before it serves its first request.
    # Named like a nested area's view: the editor's staff check runs, but no @requires.
    app.add_url_rule("/editor/drafts", "editor.drafts.index", lambda: "every draft")
    # Under /editor but outside the editor blueprint: nothing guards it at all.
    app.add_url_rule("/editor/export", "export", lambda: "all emails", methods=["GET", "POST"])
    assert unguarded_views(app) == ["editor.drafts.index", "export"]
    failures = walk(app, outsiders(app), OUTSIDER_EXPECTATIONS)
    assert failures == [
        "visitor: GET /editor/export -> 200",
        "visitor: POST /editor/export -> 200",
        "reader: GET /editor/export -> 200",
        "reader: POST /editor/export -> 200",
    ]


def test_a_reader_sees_a_page_about_staff(client, login_as):
    login_as()
    response = client.get("/editor/staff")
    assert response.status_code == 403
    assert main(response).find("p", cls="lead").text == STAFF_ONLY


def test_a_visitor_is_asked_to_log_in_and_comes_back(client):
    response = client.get("/editor/staff")
    assert response.headers["Location"] == "/login?next=/editor/staff"


def test_staff_without_two_step_are_told_what_to_do(client, staff_login):
    staff_login("admin", two_step=False)
    response = client.get("/editor/staff", follow_redirects=True)
    assert response.request.path == "/settings"
    assert TURN_ON_TWO_STEP in main(response).text
    assert main(response).find("section", id="two-step")


def test_staff_with_an_unconfirmed_address_are_told_what_to_do(client, seed):
    with seed():
        make_staff("admin@example.com", "admin").email_verified_at = None
    login_staff(client, "admin@example.com")
    response = client.get("/editor/staff", follow_redirects=True)
    assert response.request.path == "/settings"
    assert CONFIRM_EMAIL_FIRST in main(response).text
    assert "Send the link again" in main(response).text


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_only_admins_see_the_staff_list(client, staff_login, role):
    staff_login(role)
    response = client.get("/editor/staff")
    assert response.status_code == 403
    assert main(response).find("p", cls="lead").text == NOT_YOUR_ROLE
