"""Searching summaries by words in their title, summary, findings or topic."""

import pytest

from tests.factories import make_article, make_topic
from tests.pages import main


@pytest.fixture
def library(seed):
    with seed():
        fatigue = make_topic("fatigue", "Fatigue")
        diet = make_topic("diet", "Diet and nutrition")
        make_article(fatigue, slug="a", title="Exercise eases tiredness", summary="Walking helps.")
        make_article(diet, slug="b", title="Vitamin D in early MS", summary="A 100% honest trial.")
        make_article(diet, slug="c", title="Salt and relapses", found="Salt and vitamin levels.")
        make_article(diet, slug="d", title="Hidden vitamin study", status="draft")


def titles(response) -> list[str]:
    return [h.text for h in main(response).find_all(class_="card-title")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("vitamin", ["Vitamin D in early MS", "Salt and relapses"]),
        ("VITAMIN early", ["Vitamin D in early MS"]),
        ("fatigue", ["Exercise eases tiredness"]),  # the topic's name
        ("nutrition salt", ["Salt and relapses"]),
        ("100%", ["Vitamin D in early MS"]),
        ("%", ["Vitamin D in early MS"]),  # a literal percent sign, not a wildcard
        ("_", []),
    ],
)
def test_search_finds_articles_containing_every_word(client, library, query, expected):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(expected)


def test_search_with_no_results_suggests_topics(client, library):
    text = main(client.get("/search?q=zebra")).text
    assert "Nothing found for “zebra”" in text
    assert "browse the topics" in text


@pytest.mark.parametrize("query", ["", "   ", "x" * 5000, "<script>alert(1)</script>"])
def test_search_handles_empty_long_and_hostile_queries(client, library, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_search_results_page_with_older_link(client, seed):
    with seed():
        topic = make_topic("ebv")
        for n in range(25):
            make_article(topic, slug=f"ebv-{n}", title=f"Virus study {n}")
    first = client.get("/search?q=virus")
    assert len(titles(first)) == 20
    older = main(first).find("a", rel="next")
    second = client.get(older.attrs["href"])
    assert len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
