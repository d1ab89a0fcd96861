"""The article page: what the study found, who it matters to, its limits and its source."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import make_article, make_topic
from tests.pages import main, page

NOW = datetime.now(UTC)


@pytest.fixture
def study(seed):
    with seed():
        ebv = make_topic("ebv", "Epstein-Barr virus")
        diet = make_topic("diet", "Diet and nutrition")
        article = make_article(
            ebv,
            diet,
            slug="vitamin-d-trial",
            title="Vitamin D lowered early MS activity",
            summary="A plain summary of the trial.",
            published_at=datetime(2025, 3, 4, 10, 30, tzinfo=UTC),
            reading_minutes=4,
            found="The first finding.\n\nThe second finding.",
            for_patients="What patients should know.",
            for_caregivers="What caregivers should know.",
            for_clinicians="What clinicians should know.",
            limitations="It was small.\n\nIt was short.",
            study_type="randomized-trial",
            phase="3",
            participants=1234,
            population="human-and-animal",
            source_journal="JAMA",
            source_year=2023,
            source_url="https://pubmed.ncbi.nlm.nih.gov/?term=vitamin+d",
        )
    return article


def article_body(client, slug="vitamin-d-trial"):
    response = client.get(f"/articles/{slug}")
    assert response.status_code == 200
    return main(response).find("article", cls="article")


def section(body, heading: str):
    """The <section> whose own heading reads `heading`."""
    for node in body.find_all("section"):
        first = next((c for c in node.iter() if c.tag in {"h2", "h3"}), None)
        if first is not None and first.text.startswith(heading):
            return node
    raise AssertionError(f"no section headed {heading!r}")


def evidence(body) -> dict[str, str]:
    dl = body.find("dl", cls="evidence-list")
    return {div.find("dt").text: div.find("dd").text for div in dl.find_all("div")}


def audience_headings(body) -> list[str]:
    return [h.text for h in section(body, "Who it matters to").find_all("h3")]


def test_article_page_shows_title_date_reading_time_and_topics(client, study):
    body = article_body(client)
    assert body.find("h1").text == "Vitamin D lowered early MS activity"
    meta = body.find("p", cls="meta")
    assert "4 March 2025" in meta.text
    assert meta.find("time").attrs["datetime"] == "2025-03-04"
    assert "4 min read" in meta.text
    topics = body.find("p", cls="topics-line").links()
    assert topics == [("Diet and nutrition", "/topics/diet"), ("Epstein-Barr virus", "/topics/ebv")]


def test_article_page_shows_the_evidence_badge(client, study):
    assert evidence(article_body(client)) == {
        "Type of study": "Randomized controlled trial",
        "Study published": "2023",
        "Trial phase": "Phase 3",
        "Participants": "1,234",
        "Studied in": "People and animals",
    }


def test_evidence_badge_says_not_reported_and_skips_phase_when_unknown(client, seed):
    with seed():
        make_article(make_topic(), slug="cells", study_type="lab-cells", phase=None,
                     participants=None, population="cells")  # fmt: skip
    assert evidence(article_body(client, "cells")) == {
        "Type of study": "Lab study in cells",
        "Study published": "2024",
        "Participants": "not reported",
        "Studied in": "Cells in a lab",
    }


def test_article_page_has_each_section_with_its_paragraphs(client, study):
    body = article_body(client)
    found = section(body, "What the study found")
    assert [p.text for p in found.find_all("p")] == ["The first finding.", "The second finding."]
    limits = section(body, "Limitations")
    assert [p.text for p in limits.find_all("p")] == ["It was small.", "It was short."]
    matters = section(body, "Who it matters to").text
    for text in ("What patients should know.", "What caregivers should know.",
                 "What clinicians should know."):  # fmt: skip
        assert text in matters


def test_article_page_links_the_original_source(client, study):
    source = section(article_body(client), "Original source")
    assert "JAMA" in source.find("cite").text
    assert "2023" in source.text
    assert source.links() == [
        ("Search PubMed for this study (opens the PubMed website)",
         "https://pubmed.ncbi.nlm.nih.gov/?term=vitamin+d")
    ]  # fmt: skip


def test_article_page_carries_the_disclaimer(client, study):
    note = article_body(client).find("aside", cls="disclaimer")
    assert "talk to your MS, NMOSD or MOGAD team" in note.text


AUDIENCES = [
    "People living with the condition",
    "Caregivers and family",
    "Healthcare professionals",
]


@pytest.mark.parametrize(
    ("role", "first"),
    [
        ("patient", "People living with the condition"),
        ("caregiver", "Caregivers and family"),
        ("clinician", "Healthcare professionals"),
    ],
)
def test_the_readers_own_role_comes_first_marked_you(client, study, login_as, role, first):
    login_as(role=role)
    headings = audience_headings(article_body(client))
    assert headings[0] == f"{first} You"
    assert [h.removesuffix(" You") for h in headings[1:]] == [a for a in AUDIENCES if a != first]
    assert sum(h.endswith(" You") for h in headings) == 1


@pytest.mark.parametrize("role", [None, "other"])
def test_without_a_matching_role_no_section_is_marked(client, study, login_as, role):
    if role:
        login_as(role=role)
    assert audience_headings(article_body(client)) == AUDIENCES


def test_caregiver_sees_their_own_paragraph_first(client, study, login_as):
    login_as(role="caregiver")
    first = section(article_body(client), "Who it matters to").find_all("section")[0]
    assert first.find("p").text == "What caregivers should know."


def test_related_articles_share_a_topic_newest_first_with_dates(client, seed):
    with seed():
        ebv, diet, other = make_topic("ebv"), make_topic("diet"), make_topic("other")
        make_article(ebv, diet, slug="this-one", published_at=NOW - timedelta(hours=3))
        for i in range(1, 9):  # alternately sharing one of its two topics
            make_article(
                ebv if i % 2 else diet, slug=f"rel-{i}", published_at=NOW - timedelta(days=i)
            )
        make_article(other, slug="unrelated", published_at=NOW - timedelta(hours=1))
        make_article(ebv, slug="draft", status="draft", published_at=NOW - timedelta(hours=2))
        make_article(diet, slug="future", published_at=NOW + timedelta(days=1))
    related = main(client.get("/articles/this-one")).find("section", cls="related")
    items = related.find_all("li")
    slugs = [li.find("a").attrs["href"].rsplit("/", 1)[-1] for li in items]
    assert slugs == ["rel-1", "rel-2", "rel-3", "rel-4", "rel-5", "rel-6"]
    expected_dates = [(NOW - timedelta(days=i)).date().isoformat() for i in range(1, 7)]
    assert [li.find("time").attrs["datetime"] for li in items] == expected_dates


def test_related_is_hidden_when_nothing_else_shares_a_topic(client, seed):
    with seed():
        make_article(make_topic(), slug="alone")
        make_article(make_topic(), slug="elsewhere")
    assert main(client.get("/articles/alone")).find_all("section", cls="related") == []


def test_sample_articles_are_labelled(client, seed):
    with seed():
        topic = make_topic()
        make_article(topic, slug="sample", is_sample=True)
        make_article(topic, slug="real", is_sample=False)
    assert "Sample content" in article_body(client, "sample").text
    assert "Sample content" not in article_body(client, "real").text


def test_html_in_article_text_is_shown_as_text(client, seed):
    with seed():
        make_article(
            make_topic(),
            slug="escaped",
            title="<script>alert('title')</script> Bold claim",
            summary="<b>summary</b>",
            found="<img src=x onerror=alert(1)>",
        )
    response = client.get("/articles/escaped")
    html = response.get_data(as_text=True)
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html
    assert "<img src=x" not in html
    assert "<b>summary</b>" not in html
    assert page(response).find("h1").text == "<script>alert('title')</script> Bold claim"


@pytest.mark.parametrize(
    "fields",
    [{"status": "draft"}, {"published_at": NOW + timedelta(hours=1)}],
    ids=["draft", "future"],
)
def test_hidden_articles_are_404(client, seed, fields):
    with seed():
        make_article(make_topic(), slug="hidden", **fields)
    response = client.get("/articles/hidden")
    assert response.status_code == 404
    assert "We can't find that page" in main(response).text


def test_unknown_article_is_404(client):
    response = client.get("/articles/no-such-article")
    assert response.status_code == 404
    assert "We can't find that page" in main(response).text
