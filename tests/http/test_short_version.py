"""The short version of an article: the summary and the first paragraph of each section."""

import pytest

from tests.factories import make_article, make_topic
from tests.pages import page


@pytest.fixture
def study(seed):
    with seed():
        article = make_article(
            make_topic("ebv", "Epstein-Barr virus"),
            slug="vitamin-d-trial",
            summary="A plain summary of the trial.",
            found="The first finding.\n\nThe second finding.",
            for_patients="- Patients, first point\n- Patients, second point\n\nPatients, later.",
            for_caregivers="Caregivers first.\n\nCaregivers second.",
            for_clinicians="Clinicians first.\n\nClinicians second.",
            limitations="It was small.\n\nIt was short.",
        )
    return article


def test_short_version_keeps_only_first_paragraphs(client, study):
    response = client.get("/articles/vitamin-d-trial?version=short")
    text = page(response).find("article").text
    assert response.status_code == 200
    for kept in (
        "A plain summary of the trial.",
        "The first finding.",
        "Patients, first point",
        "Patients, second point",  # a list is one block: kept whole
        "Caregivers first.",
        "It was small.",
    ):
        assert kept in text
    for dropped in (
        "The second finding.",
        "Patients, later.",
        "Caregivers second.",
        "Clinicians second.",
        "It was short.",
    ):
        assert dropped not in text
    assert "You are reading the short version" in text


def test_full_article_has_every_paragraph_and_links_to_the_short_one(client, study):
    article = page(client.get("/articles/vitamin-d-trial"))
    text = article.find("article").text
    assert "The second finding." in text and "It was short." in text
    assert ("Short version", "/articles/vitamin-d-trial?version=short") in article.links()


def test_short_version_is_not_indexed_and_points_to_the_full_article(client, app, study):
    short = page(client.get("/articles/vitamin-d-trial?version=short"))
    canonical = short.find("link", rel="canonical").attrs["href"]
    assert canonical == app.config["BASE_URL"] + "/articles/vitamin-d-trial"
    assert short.find("meta", name="robots").attrs["content"] == "noindex"
    assert ("Read the full article", "/articles/vitamin-d-trial") in short.links()
    full = page(client.get("/articles/vitamin-d-trial"))
    assert full.find("link", rel="canonical").attrs["href"] == canonical
    assert not full.find_all("meta", name="robots")


@pytest.mark.parametrize("version", ["", "long", "SHORT", "short%00"])
def test_other_versions_show_the_full_article(client, study, version):
    response = client.get(f"/articles/vitamin-d-trial?version={version}")
    assert response.status_code in {200, 400}
    if response.status_code == 200:
        assert "The second finding." in response.get_data(as_text=True)


def test_read_aloud_controls_are_hidden_until_the_script_finds_speech(client, study):
    article = page(client.get("/articles/vitamin-d-trial"))
    controls = article.find("div", cls="read-aloud")
    assert "hidden" in controls.attrs
    assert [b.text for b in controls.find_all("button")] == ["Read aloud", "Next section"]
    read = [n.text for n in article.iter() if "data-read-aloud" in n.attrs]
    assert read[:2] == [study.title, "A plain summary of the trial."]
    headings = [text.split(" ", 3)[:3] for text in read[2:]]
    assert headings == [
        ["What", "the", "study"],
        ["Who", "it", "matters"],
        ["Limitations", "It", "was"],
        ["Questions", "to", "ask"],
    ]
    assert ("script", "/static/js/read-aloud.js") in [
        (n.tag, n.attrs.get("src")) for n in article.find_all("script")
    ]
