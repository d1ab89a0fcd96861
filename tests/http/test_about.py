"""The "Who we are" pages: each is dated and linked from the footer of every page type."""

import pytest

from blueprints.about import PAGES
from tests.factories import make_article, make_topic
from tests.pages import page

ABOUT_PATHS = [about.path for about in PAGES]


def footer(response):
    return page(response).find("footer")


@pytest.mark.parametrize("about", PAGES, ids=lambda about: about.endpoint)
def test_each_page_opens_with_its_title_and_review_date(client, about):
    response = client.get(about.path)
    assert response.status_code == 200
    html = page(response)
    assert html.find("h1").text.strip() == about.title
    reviewed = f"Last reviewed {about.reviewed.day} {about.reviewed:%B %Y}"
    assert reviewed in html.find("main").text
    assert html.find("time", datetime=about.reviewed.isoformat()) is not None


def test_every_page_has_its_own_review_date_in_one_place():
    assert len({about.path for about in PAGES}) == len(PAGES) == 6
    assert all(about.reviewed for about in PAGES)


def footer_links(response) -> dict[str, str]:
    return {href: text.strip() for text, href in footer(response).links()}


@pytest.fixture
def article_path(seed) -> str:
    with seed():
        made = make_article(make_topic("ebv"), slug="vitamin-d", title="Vitamin D and MS")
    return f"/articles/{made.slug}"


def test_the_footer_of_every_page_type_links_every_about_page(client, staff_login, article_path):
    visitor_pages = ["/", article_path, "/login", "/glossary", "/about/privacy", "/no-such-page"]
    for path in visitor_pages:
        links = footer_links(client.get(path))
        for about in PAGES:
            assert links.get(about.path) == about.title, (path, about.path)
    staff_login("editor")
    for path in ["/editor/", "/", article_path]:
        links = footer_links(client.get(path))
        assert set(ABOUT_PATHS) <= set(links), path


def test_the_footer_offers_to_report_a_problem_with_the_page_shown(client, article_path):
    links = footer_links(client.get(article_path))
    assert links["/contact?page=/articles/vitamin-d"] == "Report a problem with this page"
    form = page(client.get("/contact?page=/articles/vitamin-d")).find("input", id="page")
    assert form.attrs["value"] == "/articles/vitamin-d"


def test_the_current_about_page_is_marked_in_the_footer(client):
    current = footer(client.get("/about/privacy")).find("a", **{"aria-current": "page"})
    assert current.attrs["href"] == "/about/privacy"


def test_the_privacy_page_says_what_contact_messages_store_and_that_nothing_tracks(client):
    text = page(client.get("/about/privacy")).find("main").text
    assert "The contact form" in text
    assert "your name and email address only if you give them" in text
    assert "no trackers or analytics" in text
    assert "write to us through the contact form" in text
