"""Every shipped sample article as readers see it: strength, citation, glossary links."""

import re

import pytest
from sqlalchemy import select

from models import Article, GlossaryTerm, db
from models.article import PUBLISHED
from services import evidence
from services.content import load_content
from tests.content_files import REAL_CONTENT
from tests.pages import main, parse


@pytest.fixture
def corpus(app):
    with app.app_context():
        load_content(REAL_CONTENT)
        db.session.commit()
        query = select(Article).where(Article.status == PUBLISHED).order_by(Article.slug)
        articles = db.session.scalars(query).all()
        terms = set(db.session.scalars(select(GlossaryTerm.slug)))
        return [(a.slug, a.study_type, a.source_pmid, a.source_doi) for a in articles], terms


def test_every_sample_article_names_its_evidence_and_cites_its_record(client, corpus):
    articles, _ = corpus
    for slug, study_type, pmid, doi in articles:
        response = client.get(f"/articles/{slug}")
        assert response.status_code == 200, slug
        body = main(response)
        level = evidence.level_of(study_type)
        assert level is not None, slug
        assert level.spoken in body.text, slug
        links = {a.text.split(" (opens")[0]: a.attrs["href"] for a in body.find_all("a")}
        if pmid:
            assert links["Read the study's record on PubMed"] == (
                f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
            ), slug
            assert "Search PubMed for this study" not in links, slug
        else:
            assert links["Search PubMed for this study"].startswith(
                "https://pubmed.ncbi.nlm.nih.gov/?term="
            ), slug
        if doi:
            assert links["Open the paper at its publisher (DOI)"] == f"https://doi.org/{doi}", slug


def test_every_glossary_link_in_the_sample_articles_resolves(client, corpus):
    articles, terms = corpus
    glossary = parse(client.get("/glossary").get_data(as_text=True))
    anchors = {node.attrs["id"] for node in glossary.find_all() if "id" in node.attrs}
    linked = set()
    for slug, *_ in articles:
        html = client.get(f"/articles/{slug}").get_data(as_text=True)
        linked |= set(re.findall(r'href="/glossary#([\w-]+)"', html))
    assert linked, "the sample articles link their glossary words"
    assert linked <= terms, linked - terms
    assert linked <= anchors, linked - anchors
