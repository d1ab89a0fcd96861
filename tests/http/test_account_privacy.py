"""Sign-up and reset tell nobody whether an address has an account: not by the page, not by
the redirect, not by the time they take."""

import re
import statistics
import time

import pytest

from models import SavedArticle, User
from services import accounts, background
from tests.conftest import Auth, csrf_token, post
from tests.factories import make_article, make_topic, make_user
from tests.pages import main
from tests.smtp import body

LINK = re.compile(r"http://127\.0\.0\.1:5000(/\S+)")
OTHER_PASSWORD = "another long passphrase"
# The two answers' times may differ by this factor at most. Before the work moved to the
# background, a reset for a known address took three to six times as long as for an unknown
# one, and a sign-up for a new address about three times as long as for a taken one.
MEDIAN_FACTOR = 2.0
RUNS = 40


def _answer(response) -> tuple:
    """What a visitor can see of a sign-up answer, apart from the random session cookie."""
    return response.status_code, response.headers.get("Location"), response.get_data()


def test_signup_answers_the_same_for_a_taken_and_a_new_address(app, client, seed, auth):
    with seed():
        make_user("taken@example.com")
    taken = auth.sign_up_form("taken@example.com", OTHER_PASSWORD)
    taken_page = main(client.get("/signup/sent")).text.replace("taken@example.com", "X")
    other = Auth(app.test_client())
    new = other.sign_up_form("new@example.com", OTHER_PASSWORD)
    new_page = main(other.client.get("/signup/sent")).text.replace("new@example.com", "X")
    assert _answer(taken) == _answer(new)
    assert _answer(new)[:2] == (302, "/signup/sent")
    assert sorted(taken.headers.keys()) == sorted(new.headers.keys())
    assert taken_page == new_page
    assert "Check your email to continue" in taken_page


def test_the_owner_of_a_taken_address_is_told_and_nothing_changes(client, seed, auth, smtp, app):
    with seed():
        make_user("taken@example.com")
    auth.sign_up_form("taken@example.com", OTHER_PASSWORD, role="clinician")
    [msg] = smtp.to("taken@example.com")
    assert msg["Subject"] == "Someone tried to sign up to Plainly with your address"
    links = LINK.findall(body(msg))
    assert links == ["/login", "/reset"]
    assert "Log in" in body(msg, "html")
    with app.app_context():
        user = accounts.find_by_email("taken@example.com")
        assert user.role == "patient"
        assert accounts.password_matches(user, "a calm long passphrase")
    assert auth.login("taken@example.com", OTHER_PASSWORD).status_code == 422


def test_the_notice_is_sent_once_an_hour_at_most(client, seed, auth, smtp):
    with seed():
        make_user("taken@example.com")
    auth.sign_up_form("taken@example.com", OTHER_PASSWORD)
    auth.sign_up_form("taken@example.com", OTHER_PASSWORD)
    assert len(smtp.to("taken@example.com")) == 1


def test_a_password_is_hashed_either_way(client, seed, auth, monkeypatch):
    with seed():
        make_user("taken@example.com")
    hashed = []
    real = accounts.hash_password
    monkeypatch.setattr(accounts, "hash_password", lambda p: hashed.append(p) or real(p))
    auth.sign_up_form("taken@example.com", OTHER_PASSWORD)
    auth.sign_up_form("new@example.com", OTHER_PASSWORD)
    assert hashed == [OTHER_PASSWORD, OTHER_PASSWORD]


def test_sign_up_events_are_logged_without_the_password(client, seed, auth, security_events):
    with seed():
        make_user("taken@example.com")
    auth.sign_up_form("taken@example.com", OTHER_PASSWORD)
    auth.signup("new@example.com")
    names = [e["event"] for e in security_events]
    assert names == ["signup.existing", "signup.created", "login.succeeded"]
    assert security_events[2]["method"] == "signup"
    assert all(OTHER_PASSWORD not in str(e) for e in security_events)
    assert security_events[0]["ip"] == "127.0.0.1"


def test_the_check_email_page_needs_a_sign_up_first(client):
    response = client.get("/signup/sent")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signup"


def test_a_save_asked_for_before_sign_up_is_finished_by_the_link(client, seed, auth, count_rows):
    with seed():
        article = make_article(make_topic("ebv"))
    response = post(client, f"/articles/{article.slug}/save")
    assert "/login" in response.headers["Location"]
    response = auth.signup("new@example.com", follow_redirects=True)
    assert f"Saved “{article.title}”" in response.get_data(as_text=True)
    assert count_rows(SavedArticle) == 1


def test_an_old_confirmation_link_of_a_taken_address_does_not_log_in(client, seed, auth, app):
    """Someone else signed up with this address first; its owner, signing up in their own
    browser, follows the link that first sign-up sent: it confirms but does not log in."""
    with seed():
        user = make_user("taken@example.com")
    auth.sign_up_form("taken@example.com", OTHER_PASSWORD)
    with app.app_context():
        link = f"/verify/{accounts.verification_token(user, 'the first sign-up')}"
    response = client.get(link, follow_redirects=True)
    assert "your email address is confirmed" in response.get_data(as_text=True)
    assert "Logged in as" not in response.get_data(as_text=True)


def _timed_post(client, url: str, data: dict) -> float:
    """Seconds one POST takes, the background work it queues left out."""
    data = {"csrf_token": csrf_token(client, url), **data}
    start = time.perf_counter()
    response = client.post(url, data=data)
    elapsed = time.perf_counter() - start
    assert response.status_code in (200, 302)
    background.wait(client.application)
    return elapsed


def _paired_times(app, url: str, known_forms, unknown_forms) -> list[tuple[float, float]]:
    """(known, unknown) times, taken in adjacent pairs so that a busy moment of the shared
    machine slows both of a pair alike; which goes first alternates. The first pair warms
    up and is not kept."""
    clients = app.test_client(), app.test_client()
    for client in clients:
        client.wait_for_background = False
    pairs = []
    for n, forms in enumerate(zip(known_forms, unknown_forms, strict=True)):
        order = (0, 1) if n % 2 else (1, 0)
        taken = {i: _timed_post(clients[i], url, forms[i]) for i in order}
        pairs.append((taken[0], taken[1]))
    return pairs[1:]


@pytest.fixture
def timed(app, seed):
    """Limits high enough for the runs, and a known account. Emails go to the outbox folder:
    a mail server's own threads, still busy after a job, would slow the next request."""
    app.config["AUTH_RATE_LIMIT"] = "1000 per minute"
    with seed():
        make_user("known@example.com")
    return app


def _assert_alike(pairs: list[tuple[float, float]]) -> None:
    """Pair by pair, the median of the known/unknown time ratio is within MEDIAN_FACTOR of 1
    (robust to the load of a shared machine, which single medians are not)."""
    known = statistics.median(k for k, _ in pairs) * 1000
    unknown = statistics.median(u for _, u in pairs) * 1000
    ratio = statistics.median(k / u for k, u in pairs)
    message = f"median known {known:.1f} ms, unknown {unknown:.1f} ms, ratio {ratio:.2f}"
    assert 1 / MEDIAN_FACTOR < ratio < MEDIAN_FACTOR, message


def test_reset_takes_as_long_for_a_known_as_for_an_unknown_address(timed, monkeypatch):
    # No cooldown, so every request for the known address really sends an email.
    monkeypatch.setattr(accounts, "RESEND_COOLDOWN", accounts.timedelta(0))
    known = [{"email": "known@example.com"}] * (RUNS + 1)
    unknown = [{"email": "nobody@example.com"}] * (RUNS + 1)
    _assert_alike(_paired_times(timed, "/reset", known, unknown))


def test_sign_up_takes_as_long_for_a_taken_as_for_a_new_address(timed, count_rows):
    form = {"password": OTHER_PASSWORD, "role": "patient"}
    taken = [{**form, "email": "known@example.com"}] * (RUNS + 1)
    new = [{**form, "email": f"new-{n}@example.com"} for n in range(RUNS + 1)]
    _assert_alike(_paired_times(timed, "/signup", taken, new))
    assert count_rows(User) == RUNS + 2
