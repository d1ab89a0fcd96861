"""Staff read reader feedback, mark it handled and see each article's numbers."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from models import Article, Feedback, db
from services import staff
from tests.conftest import post
from tests.factories import make_article, make_user, read
from tests.pages import flashes, main
from tests.staff_login import log_in_staff

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
STAFF_PAGES = ["/editor/feedback", "/editor/feedback/articles/one", "/editor/impact"]


@pytest.fixture
def given(seed):
    """Two articles and feedback on them: `given(article_slug, helpful, text, minutes)`."""
    with seed():
        made = [
            make_article(slug="one", title="First study", view_count=12),
            make_article(slug="two", title="Second study", view_count=30),
        ]
    ids = {article.slug: article.id for article in made}

    def add(slug: str, helpful: bool = True, text: str = "", minutes: int = 0) -> int:
        with seed() as session:
            row = Feedback(
                article_id=ids[slug],
                helpful=helpful,
                unclear=text,
                created_at=T0 + timedelta(minutes=minutes),
            )
            session.add(row)
            session.flush()
            return row.id

    add.ids = ids
    return add


def rows(response) -> list[str]:
    return [li.attrs["id"] for li in main(response).find_all("li", cls="feedback-row")]


def older(response) -> str | None:
    links = [href for text, href in main(response).links() if text == "Older feedback"]
    return links[0] if links else None


@pytest.mark.parametrize("role", ["editor", "reviewer", "admin"])
def test_every_staff_role_reads_feedback_newest_first(client, seed, given, role):
    first = given("one", True, "Clear, thank you.", minutes=1)
    second = given("two", False, "What does <b>relapse</b> mean?", minutes=2)
    log_in_staff(seed, client, role)
    response = client.get("/editor/feedback")
    assert response.status_code == 200
    assert rows(response) == [f"feedback-{second}", f"feedback-{first}"]
    newest = main(response).find("li", id=f"feedback-{second}")
    assert "Not helpful" in newest.text and "Second study" in newest.text
    assert "What does <b>relapse</b> mean?" in newest.text, "shown as text, not markup"
    assert ("Second study", "/editor/feedback/articles/two") in newest.links()


def test_mark_handled_records_who_and_moves_it_out_of_the_waiting_list(
    app, client, seed, given, count_rows
):
    waiting, done = given("one", minutes=1), given("two", minutes=2)
    editor = log_in_staff(seed, client, "editor")
    response = post(client, f"/editor/feedback/{done}/handled", {"next": "/editor/feedback"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/feedback"
    assert count_rows(Feedback, Feedback.handled_by_id == editor.id) == 1
    assert count_rows(Feedback, Feedback.id == done, Feedback.handled_at.is_not(None)) == 1
    page = client.get("/editor/feedback")
    assert "Marked as handled." in flashes(page)
    assert rows(page) == [f"feedback-{waiting}"]
    handled = client.get("/editor/feedback?show=handled")
    assert rows(handled) == [f"feedback-{done}"]
    assert "Handled" in main(handled).find("li", cls="feedback-row").text
    assert "editor@example.com" in main(handled).find("li", cls="feedback-row").text
    assert rows(client.get("/editor/feedback?show=all")) == [
        f"feedback-{done}",
        f"feedback-{waiting}",
    ]
    again = post(client, f"/editor/feedback/{done}/handled")
    assert again.headers["Location"] == "/editor/feedback"
    assert "already been marked" in " ".join(flashes(client.get("/editor/feedback")))


def test_marking_unknown_feedback_is_404(client, seed, given):
    log_in_staff(seed, client, "reviewer")
    assert post(client, "/editor/feedback/999/handled").status_code == 404
    assert post(client, f"/editor/feedback/{2**31}/handled").status_code == 404


def test_marking_handled_without_a_token_changes_nothing(client, seed, given, count_rows):
    row = given("one")
    log_in_staff(seed, client)
    response = client.post(f"/editor/feedback/{row}/handled")
    assert response.status_code == 400
    assert count_rows(Feedback, Feedback.handled_at.is_not(None)) == 0


def test_the_article_view_shows_its_feedback_and_its_yes_and_no(client, seed, given):
    mine = [given("one", helpful, minutes=n) for n, helpful in enumerate([True, True, False])]
    given("two", False, minutes=9)
    log_in_staff(seed, client)
    response = client.get("/editor/feedback/articles/one?show=all")
    assert response.status_code == 200
    assert main(response).find("h1").text == "Feedback on “First study”"
    assert "2 found it helpful, 1 did not." in main(response).text
    assert rows(response) == [f"feedback-{i}" for i in reversed(mine)]
    assert client.get("/editor/feedback/articles/nope").status_code == 404


def test_the_list_pages_through_everything_once(client, seed, given):
    made = [given("one", minutes=n // 4) for n in range(60)]
    log_in_staff(seed, client)
    url, seen = "/editor/feedback?show=all", []
    for _ in range(5):
        response = client.get(url)
        seen += rows(response)
        url = older(response)
        if url is None:
            break
        assert parse_qs(urlsplit(url).query)["show"] == ["all"]
    assert len(seen) == 60 and len(set(seen)) == 60
    assert set(seen) == {f"feedback-{i}" for i in made}


@pytest.mark.parametrize("query", ["?show=bogus", "?before=garbage", "?before=1_99999999999"])
def test_odd_filters_show_the_first_page_of_waiting_feedback(client, seed, given, query):
    row = given("one")
    log_in_staff(seed, client)
    response = client.get("/editor/feedback" + query)
    assert response.status_code == 200
    assert rows(response) == [f"feedback-{row}"]


# --- who may open the staff pages -----------------------------------------------------------


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_visitors_are_sent_to_log_in(client, given, url):
    response = client.get(url)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_readers_get_a_403_page(client, given, login_as, url):
    login_as()
    assert client.get(url).status_code == 403


def test_readers_cannot_mark_feedback_handled(client, given, login_as, count_rows):
    row = given("one")
    login_as()
    assert post(client, f"/editor/feedback/{row}/handled").status_code == 403
    assert count_rows(Feedback, Feedback.handled_at.is_not(None)) == 0


# --- the impact page ------------------------------------------------------------------------


def impact_rows(response) -> dict[str, list[str]]:
    table = {}
    for tr in main(response).find_all("tr", cls="impact-row"):
        title = tr.find("th").find("a").text
        table[title] = [td.text for td in tr.find_all("td")]
    return table


def test_impact_lists_each_articles_numbers_most_viewed_first(client, seed, given):
    given("one", True)
    given("one", False)
    given("one", False)
    with seed():
        read(make_user("r@example.com"), db.session.get(Article, given.ids["two"]))
    log_in_staff(seed, client, "reviewer")
    response = client.get("/editor/impact")
    assert response.status_code == 200
    table = impact_rows(response)
    assert list(table) == ["Second study", "First study"]
    assert table == {
        "Second study": ["30", "1", "0", "0", "0", "0", "0"],
        "First study": ["12", "0", "0", "0", "0", "1", "2"],
    }
    headers = [th.text for th in main(response).find("thead").find_all("th")]
    assert headers[1:] == [
        "Views",
        "Readers",
        "Saves",
        "Digest clicks",
        "Unconfirmed opens",
        "Helpful: yes",
        "Helpful: no",
    ]
    newest = impact_rows(client.get("/editor/impact?sort=newest"))
    assert list(newest) == ["First study", "Second study"]


@pytest.mark.parametrize(
    "query", ["?page=0", "?page=-3", "?page=abc", "?page=99999999999999999999", "?sort=bad"]
)
def test_impact_survives_odd_paging(client, seed, given, query):
    log_in_staff(seed, client)
    assert client.get("/editor/impact" + query).status_code == 200


def test_impact_pages_fifty_articles_at_a_time(client, seed):
    with seed():
        for n in range(55):
            make_article(view_count=n)
    log_in_staff(seed, client)
    first = client.get("/editor/impact")
    assert len(impact_rows(first)) == 50
    assert ("Next page", "/editor/impact?sort=views&page=2") in main(first).links()
    second = client.get("/editor/impact?sort=views&page=2")
    assert len(impact_rows(second)) == 5
    assert set(impact_rows(first)).isdisjoint(impact_rows(second))


def test_each_view_of_these_areas_names_the_permission_it_needs(app):
    expected = {"feedback": staff.STAFF, "impact": staff.STAFF, "topics": staff.ADMIN}
    seen = set()
    for rule in app.url_map.iter_rules():
        area = rule.endpoint.split(".")[1] if rule.endpoint.startswith("editor.") else None
        if area in expected:
            view = app.view_functions[rule.endpoint]
            assert getattr(view, "permission", None) == expected[area], rule.endpoint
            seen.add(area)
    assert seen == set(expected)
