"""Trust on every listing: the study's year, the strength of evidence and an older-study tag."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from models import db
from services.digests import schedule, send
from tests import factories as f
from tests.conftest import post
from tests.http.test_shares import make_share
from tests.pages import cards, main, page, parse
from tests.smtp import body

THIS_YEAR = datetime.now(UTC).year
OLD, RECENT = THIS_YEAR - 6, THIS_YEAR - 5  # 6 years is "older"; 5 is not


@pytest.fixture
def pair(app):
    """An older randomized trial and a five-year-old observational study, in one topic."""
    with app.app_context():
        topic = f.make_topic("pml", "PML risk")
        old = f.make_article(topic, slug="old-trial", title="Trust trial", source_year=OLD,
                             study_type="randomized-trial")  # fmt: skip
        recent = f.make_article(topic, slug="recent-cohort", title="Trust cohort",
                                source_year=RECENT, study_type="observational")  # fmt: skip
        db.session.commit()
        return old.slug, recent.slug


EXPECTED = {
    "old-trial": (OLD, "Strength of evidence: 5 of 6, randomized trial", True),
    "recent-cohort": (RECENT, "Strength of evidence: 3 of 6, observational study", False),
}


def assert_trust_line(node, slug: str) -> None:
    """The card (or sheet item) of `slug` shows year, strength and the tag only when older."""
    year, strength, older = EXPECTED[slug]
    assert f"Study published {year} · Summary " in node.text
    assert node.find("p", cls="evidence-line").text.strip() == strength
    boxes = node.find("span", cls="evidence-boxes")
    assert boxes.attrs["aria-hidden"] == "true"
    filled = [b for b in boxes.find_all("span") if "evidence-box-filled" in b.classes]
    assert (len(boxes.find_all("span")), len(filled)) == (6, int(strength.split(": ")[1][0]))
    tags = [t.text for t in node.find_all("span", cls="tag-older")]
    assert tags == ([f"Older study ({year})"] if older else [])


def assert_cards(response) -> None:
    assert response.status_code == 200
    shown = cards(main(response))
    for slug in EXPECTED:
        assert_trust_line(shown[slug], slug)


@pytest.mark.parametrize("url", ["/", "/topics/pml", "/search?q=trust"])
def test_public_lists_show_year_strength_and_older_tag(client, pair, url):
    assert_cards(client.get(url))


def test_saved_shared_and_print_show_year_strength_and_older_tag(client, reader, pair):
    for slug in pair:
        post(client, f"/articles/{slug}/save")
    assert_cards(client.get("/saved"))
    shared = make_share(client)
    sheet = main(client.get("/saved/print"))
    items = {i.find("h2").text: i for i in sheet.find_all("article", cls="sheet-item")}
    assert_trust_line(items["Trust trial"], "old-trial")
    assert_trust_line(items["Trust cohort"], "recent-cohort")
    post(client, "/logout")
    assert_cards(client.get(shared))


def test_digest_email_shows_year_strength_and_older_tag(app, smtp):
    now = datetime.now(UTC)
    with app.app_context():
        topic = f.make_topic("pml", "PML risk")
        f.make_article(
            topic,
            title="Trust trial",
            source_year=OLD,
            study_type="randomized-trial",
            published_at=now - timedelta(hours=2),
        )
        user = f.make_reader("reader@example.com")
        f.follow(user, topic)
        db.session.commit()
        send.send_due(now, schedule.candidates(now, force=True), commit=db.session.commit)
    [msg] = smtp.messages
    html = parse(body(msg, "html"))
    assert f"Study published {OLD} · Summary " in html.text
    assert f"Older study ({OLD})" in html.text
    line = html.find("p", cls="evidence-line")
    assert line.text.endswith("Strength of evidence: 5 of 6, randomized trial")
    assert line.find("span").attrs["aria-hidden"] == "true"
    text = body(msg)
    assert f"Study published {OLD} · Summary " in text
    assert "Strength of evidence: 5 of 6, randomized trial" in text


def test_article_page_explains_the_ladder_in_about_this_study(client, pair):
    article = main(client.get("/articles/recent-cohort")).find("article", cls="article")
    assert article.find("p", cls="evidence-line").text.strip() == (
        "Strength of evidence: 3 of 6, observational study"
    )
    box = article.find("section", cls="evidence")
    assert "it cannot prove that one thing causes another" in box.text
    ladder = box.find("ol", cls="evidence-ladder").find_all("li")
    assert len(ladder) == 6
    assert [li.attrs.get("aria-current") for li in ladder] == [None, None, "true", None, None, None]
    assert article.find_all("span", cls="tag-older") == []


def source_links(client, app, **source) -> list[tuple[str, str]]:
    with app.app_context():
        f.make_article(slug="cited", **source)
        db.session.commit()
    section = main(client.get("/articles/cited")).find("section", cls="source")
    return section.links()


def test_citation_links_pubmed_record_and_doi_from_valid_identifiers(client, app):
    links = source_links(client, app, source_pmid="12345678", source_doi="10.1000/xyz.1",
                         source_title="A trial", source_first_author="Smith")  # fmt: skip
    assert [href for _, href in links] == [
        "https://pubmed.ncbi.nlm.nih.gov/12345678/",
        "https://doi.org/10.1000/xyz.1",
    ]
    section = main(client.get("/articles/cited")).find("p", cls="citation")
    assert section.text == "A trial. Smith et al. Test Journal, 2024."


def test_a_bad_stored_pmid_and_doi_give_no_link(client, app):
    links = source_links(client, app, source_pmid="12ab<34", source_doi="not-a-doi")
    assert links == [
        (
            "Search PubMed for this study (opens the PubMed website)",
            "https://pubmed.ncbi.nlm.nih.gov/?term=multiple+sclerosis",
        )
    ]


def test_no_pmid_gives_a_search_built_from_the_title_when_no_search_is_stored(client, app):
    links = source_links(client, app, source_url="https://example.org/paper",
                         source_title="Iron rims & MS")  # fmt: skip
    assert links == [
        (
            "Search PubMed for this study (opens the PubMed website)",
            "https://pubmed.ncbi.nlm.nih.gov/?term=Iron+rims+%26+MS",
        )
    ]


def test_print_sheet_prints_short_citation_and_pmid_never_a_url(client, reader, app):
    with app.app_context():
        f.make_article(slug="cited", source_pmid="12345678", source_first_author="Smith")
        db.session.commit()
    post(client, "/articles/cited/save")
    sheet = main(client.get("/saved/print"))
    source = sheet.find("p", cls="sheet-source")
    assert source.text == "Source: Smith et al. Test Journal, 2024. PMID 12345678."
    assert not re.search(r"https?://", sheet.find("article", cls="sheet-item").text)
    assert source.links() == []


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (None, "Questions to ask at your next appointment"),
        ("patient", "Questions to ask at your next appointment"),
        ("caregiver", "Questions to ask at the next appointment of the person you care for"),
        ("clinician", "Questions patients may ask you"),
    ],
)
def test_questions_are_worded_for_the_reader(client, login_as, items, role, heading):
    if role:
        login_as(role=role)
    section = main(client.get(f"/articles/{items[0].slug}")).find("section", cls="questions")
    assert section.find("h2").text == heading
    assert [li.text for li in section.find_all("li")] == [
        "Question one?",
        "Question two?",
        "Question three?",
    ]


@pytest.mark.parametrize(
    ("conditions", "team"),
    [([], "MS, NMOSD or MOGAD"), (["nmosd"], "NMOSD"), (["ms", "mogad"], "MS or MOGAD")],
)
def test_disclaimer_once_per_article_page_naming_the_condition(client, app, conditions, team):
    with app.app_context():
        f.make_article(slug="one-note", conditions=conditions)
        db.session.commit()
    whole = page(client.get("/articles/one-note"))
    notes = [p for p in whole.find_all("p") if "not medical advice" in p.text]
    assert len(notes) == 1
    assert f"talk to your {team} team" in notes[0].text


def test_other_pages_keep_the_footer_disclaimer(client, pair):
    whole = page(client.get("/"))
    notes = [p for p in whole.find_all("p") if "not medical advice" in p.text]
    assert len(notes) == 1
