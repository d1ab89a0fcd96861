"""Readers answer "Was this page helpful?" on any article, without an account."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import Article, Feedback, db
from tests.conftest import csrf_token, post
from tests.factories import make_article, make_topic
from tests.pages import main
from tests.staff_login import log_in_staff

URL = "/articles/vitamin-d/feedback"


@pytest.fixture
def article(seed):
    with seed():
        made = make_article(make_topic("ebv"), slug="vitamin-d", title="Vitamin D and MS")
    return made


def feedback_section(response):
    return main(response).find("section", id="feedback")


def stored(app) -> list[tuple[bool, str]]:
    with app.app_context():
        rows = db.session.scalars(select(Feedback).order_by(Feedback.id))
        return [(row.helpful, row.unclear) for row in rows]


def test_every_article_asks_whether_it_helped_with_two_buttons_and_an_optional_text(
    client, article
):
    section = feedback_section(client.get("/articles/vitamin-d"))
    assert section.find("h2").text == "Was this page helpful?"
    form = section.find("form")
    assert form.attrs["action"] == URL and form.attrs["method"] == "post"
    buttons = [(b.attrs["name"], b.attrs["value"]) for b in form.find_all("button")]
    assert buttons == [("helpful", "yes"), ("helpful", "no")]
    assert form.find_all("input", type="radio") == []
    textarea = form.find("textarea", name="unclear")
    assert form.find("label", for_="unclear").text == "What was unclear?"
    assert "unclear-hint" in textarea.attrs["aria-describedby"]
    assert textarea.attrs["data-max-length"] == "500"
    assert form.find("input", name="csrf_token")


@pytest.mark.parametrize(("button", "helpful"), [("yes", True), ("no", False)])
def test_a_visitor_answers_and_is_thanked_beside_the_form(app, client, article, button, helpful):
    response = post(client, URL, {"helpful": button, "unclear": " The chart was hard. "})
    assert response.status_code == 302
    assert response.headers["Location"] == "/articles/vitamin-d#feedback"
    assert stored(app) == [(helpful, "The chart was hard.")]
    page = client.get("/articles/vitamin-d")
    section = feedback_section(page)
    assert "Thank you. Your answer helps us" in section.text
    assert section.find_all("form") == [], "one answer per visit is enough"
    assert "Thank you" not in main(page).find(cls="flashes").text
    again = feedback_section(client.get("/articles/vitamin-d"))
    assert again.find("form"), "the thanks is shown once"


def test_a_signed_in_reader_answers_too_and_no_account_is_stored(app, client, article, login_as):
    login_as()
    assert post(client, URL, {"helpful": "no"}).status_code == 302
    assert stored(app) == [(False, "")]


def test_no_answer_shows_the_form_again_with_the_text_kept(app, client, article):
    response = post(client, URL, {"unclear": "Which dose?"})
    assert response.status_code == 422
    body = main(response)
    assert (
        "Choose Yes or No to say whether this page was helpful."
        in body.find(cls="error-summary").text
    )
    assert body.find("textarea", name="unclear").text == "Which dose?"
    assert body.find(id="helpful").attrs["aria-describedby"] == "helpful-error"
    assert stored(app) == []


@pytest.mark.parametrize("answer", ["maybe", "", "YES "])
def test_an_answer_that_is_not_yes_or_no_is_refused(app, client, article, answer):
    response = post(client, URL, {"helpful": answer})
    assert response.status_code == 422
    assert stored(app) == []


def test_too_long_a_text_is_refused_with_every_message_at_once(app, client, article):
    response = post(client, URL, {"unclear": "w" * 501})
    assert response.status_code == 422
    summary = main(response).find(cls="error-summary").text
    assert "Choose Yes or No to say whether this page was helpful." in summary
    assert "Please shorten what was unclear to 500 characters or fewer (it has 501)." in summary
    assert main(response).find("textarea").text == "w" * 501
    assert post(client, URL, {"helpful": "yes", "unclear": "w" * 501}).status_code == 422
    assert stored(app) == []
    assert post(client, URL, {"helpful": "yes", "unclear": "w" * 500}).status_code == 302
    assert stored(app) == [(True, "w" * 500)]


def test_answers_are_rate_limited_per_address(app, client, article):
    app.config["FEEDBACK_RATE_LIMIT"] = "3 per minute"
    token = csrf_token(client)
    data = {"helpful": "yes", "csrf_token": token}
    codes = [client.post(URL, data=data).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert "Please slow down" in main(client.post(URL, data=data)).text
    assert len(stored(app)) == 3
    other = client.post(URL, data=data, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302, "another address has its own allowance"


def test_the_default_limit_is_five_a_minute_and_thirty_a_day(app):
    assert app.config["FEEDBACK_RATE_LIMIT"] == "5 per minute; 30 per day"


def test_without_a_csrf_token_nothing_is_stored(app, client, article):
    response = client.post(URL, data={"helpful": "yes"})
    assert response.status_code == 400
    assert "This form has expired" in main(response).text
    assert stored(app) == []


NOW = datetime.now(UTC)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "draft"},
        {"status": "unpublished"},
        {"status": "in_review"},
        {"published_at": NOW + timedelta(days=1)},
    ],
)
def test_hidden_articles_take_no_feedback(app, client, seed, fields):
    with seed():
        make_article(slug="hidden", **fields)
    response = post(client, "/articles/hidden/feedback", {"helpful": "yes"})
    assert response.status_code == 404
    assert stored(app) == []


def test_unknown_article_is_404(client):
    assert post(client, "/articles/nothing-here/feedback", {"helpful": "no"}).status_code == 404


def views(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Article.view_count).where(Article.slug == "vitamin-d"))


def test_each_public_page_view_counts_but_not_staff_ones(app, client, seed, article, login_as):
    for _ in range(3):
        assert client.get("/articles/vitamin-d").status_code == 200
    assert views(app) == 3
    client.get("/articles/vitamin-d/feedback")  # 405, no page view
    client.get("/articles/no-such-article")
    assert views(app) == 3
    login_as()
    client.get("/articles/vitamin-d")
    assert views(app) == 4
    staff_client = app.test_client()
    log_in_staff(seed, staff_client, "reviewer")
    assert staff_client.get("/articles/vitamin-d").status_code == 200
    assert views(app) == 4
