"""The search page: ranked results with a count, excerpts, filters and pages in the URL,
suggestions, hostile input and bad filters; and the search box in every page's header."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_topic
from tests.pages import card_slugs, main, page
from tests.search_support import make_text_article


@pytest.fixture
def library(seed):
    with seed():
        fatigue = make_topic("fatigue", "Fatigue")
        diet = make_topic("diet", "Diet and nutrition")
        make_text_article("a", fatigue, title="Exercise eases tiredness", summary="Walking helps.")
        make_text_article(
            "b", diet, title="Vitamin D in early MS", summary="A 100% honest trial.",
            conditions=["ms"], source_year=2019, study_type="randomized-trial",
        )  # fmt: skip
        make_text_article(
            "c", diet, title="Salt and relapses", found="Salt and vitamin levels <b>rose</b>.",
            conditions=["nmosd"], source_year=2023, study_type="observational",
        )  # fmt: skip
        make_text_article("d", diet, title="Hidden vitamin study", status="draft")


def search(client, status=200, **params):
    response = client.get("/search", query_string=params)
    assert response.status_code == status
    return response


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("vitamin", ["b", "c"]),  # the title before the sections; never the draft
        ("VITAMIN early", ["b"]),
        ("fatigue", ["a"]),  # the topic's name, and tiredness in the title
        ("nutrition salt", ["c"]),
        ("100%", ["b"]),
        ("relapse", ["c"]),  # the stem of "relapses"
        ("%", []),
        ("_", []),
    ],
)
def test_search_finds_ranked_articles_with_every_word(client, library, query, expected):
    assert card_slugs(main(search(client, q=query))) == expected


def test_results_say_how_many_and_show_an_escaped_highlighted_excerpt(client, library):
    response = search(client, q="vitamin")
    assert "2 summaries match “vitamin”" in main(response).find("h2", id="results-heading").text
    excerpt = main(response).find("p", cls="excerpt")
    assert excerpt.find("mark").text == "vitamin"
    html = response.get_data(as_text=True)
    assert "<b>" not in html and "rose" in excerpt.text
    one = search(client, q="salt")
    assert "1 summary matches “salt”" in main(one).find("h2", id="results-heading").text


def test_results_use_the_article_card_with_its_trust_line(client, library):
    card = main(search(client, q="vitamin")).find_all("article", cls="card")[0]
    assert "Study published 2019" in card.text
    assert card.find("p", cls="evidence-line").text


def test_nothing_found_suggests_a_spelling_and_topics(client, library):
    body = main(search(client, q="fatige"))
    assert "Nothing found for “fatige”" in body.text
    suggestion = body.find("p", cls="did-you-mean").find("a")
    assert suggestion.text == "fatigue"
    assert parse_qs(urlsplit(suggestion.attrs["href"]).query)["q"] == ["fatigue"]
    topics = [text for text, href in body.links() if href.startswith("/topics/")]
    assert topics == ["Diet and nutrition", "Fatigue"]


def test_only_common_words_ask_for_a_more_specific_one(client, library):
    body = main(search(client, q="the and of"))
    assert "too common to search for" in body.text
    assert card_slugs(body) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"condition": "ms"}, ["b"]),
        ({"condition": "nmosd"}, ["c"]),
        ({"study_type": "observational"}, ["c"]),
        ({"year_from": "2020"}, ["c"]),
        ({"year_to": "2020"}, ["b"]),
        ({"topic": "diet", "condition": "ms", "year_from": "2019", "year_to": "2019"}, ["b"]),
        ({"topic": "fatigue"}, []),
        ({"population": "animal"}, []),
    ],
)
def test_filters_in_the_url_combine(client, library, params, expected):
    body = main(search(client, q="vitamin", **params))
    assert card_slugs(body) == expected
    assert body.find("details", cls="search-filters").attrs.get("open") is not None


def test_filters_keep_their_values_in_the_form(client, library):
    body = main(search(client, q="vitamin", topic="diet", year_from="2019"))
    assert body.find("select", id="topic").find("option", value="diet").attrs.get("selected") == ""
    assert body.find("input", id="year_from").attrs["value"] == "2019"


def test_bad_filters_get_every_message_at_once_and_no_results(client, library):
    response = search(
        client, 422, q="vitamin", topic="nope", condition="flu", year_from="last year"
    )
    body = main(response)
    summary = body.find("div", cls="error-summary").text
    for message in (
        "Choose one of the listed options for “Topic”.",
        "Choose one of the listed options for “Condition”.",
        "Enter “Study year from” as a year of four digits, like 2021.",
    ):
        assert message in summary
    assert card_slugs(body) == []


def test_a_reversed_year_range_is_refused_by_the_service(client, library):
    body = main(search(client, 422, q="vitamin", year_from="2023", year_to="2019"))
    assert "comes before the “from” year" in body.find("div", cls="error-summary").text


@pytest.mark.parametrize(
    "query",
    ["", "   ", "x" * 5000, "<script>alert(1)</script>", '"vitamin', "vitamin OR NOT (", "😀"],
)
def test_empty_long_and_hostile_queries_are_answered(client, library, query):
    response = search(client, q=query)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


@pytest.mark.parametrize("page_arg", ["2", "0", "-1", "abc", "99999999999999999999"])
def test_any_page_number_is_answered(client, library, page_arg):
    assert card_slugs(main(search(client, q="vitamin", page=page_arg))) == ["b", "c"]


def test_results_page_on_with_the_filters_kept(client, seed):
    with seed():
        topic = make_topic("ebv")
        for n in range(25):
            make_text_article(f"ebv-{n}", topic, title=f"Virus study {n}", conditions=["ms"])
        make_text_article("other-condition", topic, title="Virus study", conditions=["nmosd"])
    first = search(client, q="virus", condition="ms")
    assert "page 1 of 2" in main(first).text
    more = main(first).find("a", rel="next").attrs["href"]
    assert parse_qs(urlsplit(more).query) == {"q": ["virus"], "condition": ["ms"], "page": ["2"]}
    second = client.get(more)
    assert len(card_slugs(main(first))) == 20 and len(card_slugs(main(second))) == 5
    assert not set(card_slugs(main(first))) & set(card_slugs(main(second)))
    assert "other-condition" not in card_slugs(main(first)) + card_slugs(main(second))
    assert main(second).find("a", rel="prev")


@pytest.mark.parametrize("path", ["/", "/topics", "/glossary", "/about", "/login"])
def test_every_page_has_a_search_box_in_its_header(client, library, path):
    header = page(client.get(path)).find("header")
    form = header.find("form", role="search")
    assert form.attrs["action"] == "/search" and form.attrs["method"] == "get"
    assert form.find("input", type="search").attrs["name"] == "q"
    assert header.find("label", **{"for": "site-search-q"}).text == "Search the summaries"


def test_the_search_page_has_one_search_box(client, library):
    assert len(page(search(client, q="vitamin")).find_all("input", type="search")) == 1


def test_signed_in_readers_search_too(client, library, login_as):
    login_as()
    assert card_slugs(main(search(client, q="vitamin"))) == ["b", "c"]
