"""The shipped sample content meets the product's content rules."""

import re
from collections import Counter

import pytest
import textstat

from services.content import read_content
from tests.conftest import ROOT
from tests.content_files import TEXT_FIELDS

TOPICS, ARTICLES = read_content(ROOT / "content")
PUBMED_SEARCH = re.compile(r"https://pubmed\.ncbi\.nlm\.nih\.gov/\?term=[A-Za-z0-9+%\-_.]+")
# A PubMed ID is 1 to 8 digits today; a DOI starts "10.", a registrant code, a slash.
PMID_FORM = re.compile(r"[1-9][0-9]{0,8}")
DOI_FORM = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")
READER_FIELDS = ("found", "limitations", "for_patients", "for_caregivers")


def test_enough_articles_across_enough_topics():
    per_topic = Counter(slug for article in ARTICLES for slug in article["topics"])
    published = [a for a in ARTICLES if a["status"] == "published"]
    assert len(published) >= 50
    assert len(TOPICS) >= 10
    assert {t["slug"] for t in TOPICS} == set(per_topic), "every topic has articles"


# The research-news topics readers asked for, each with the summary that covers it.
RESEARCH_NEWS = {
    "pml-on-natalizumab-first-year-outcomes": "pml",
    "fewer-autoimmune-encephalitis-diagnoses-during-covid": "autoimmune-encephalitis",
    "eculizumab-during-severe-nmosd-attacks": "nmosd-treatment",
    "early-eye-scans-tell-mogad-from-nmosd-optic-neuritis": "optic-neuritis-imaging",
    "gut-bacteria-from-ms-worsen-disease-in-mice": "gut-microbiome",
}


@pytest.mark.parametrize(("slug", "topic"), RESEARCH_NEWS.items())
def test_each_research_news_topic_has_its_summary(slug, topic):
    by_slug = {a["slug"]: a for a in ARTICLES}
    assert slug in by_slug
    assert topic in by_slug[slug]["topics"]
    assert by_slug[slug]["status"] == "published"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["slug"])
def test_article_is_written_for_readers(article):
    grade = textstat.flesch_kincaid_grade(" ".join(article[f] for f in READER_FIELDS))
    assert grade <= 9, f"reading grade {grade}"
    assert len(article["questions"]) == 3
    assert all(q.endswith("?") for q in article["questions"])
    assert article["is_sample"] is True


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["slug"])
def test_article_cites_its_record_in_the_right_form(article):
    pmid, doi = article["source_pmid"], article["source_doi"]
    if pmid:
        assert PMID_FORM.fullmatch(pmid), pmid
        assert article["source_url"] == f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
        assert article["source_title"] and article["source_first_author"]
    else:
        assert PUBMED_SEARCH.fullmatch(article["source_url"])
    if doi:
        assert DOI_FORM.fullmatch(doi), doi
    # Identifiers live in the source fields only; the text itself links nowhere else.
    text = " ".join(str(article[f]) for f in TEXT_FIELDS)
    assert "doi.org" not in text.lower() and not re.search(r"\b10\.\d{4,}/", text)
    assert not re.findall(r"https?://\S+", text)


def test_article_files_are_named_by_slug():
    names = {p.stem for p in (ROOT / "content" / "articles").glob("*.toml")}
    assert names == {a["slug"] for a in ARTICLES}
