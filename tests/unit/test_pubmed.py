"""Reading PubMed records (services/pubmed.py), and refusing hostile or wrong XML."""

import pytest
from sqlalchemy import select

from models import Article, db
from models.article import DRAFT
from models.editorial import ArticleRevision
from services import pubmed
from services.errors import DomainError
from tests.import_files import DATA, make_staff_user


def xml(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def refusal(text: str) -> str:
    with pytest.raises(DomainError) as error:
        pubmed.parse(text)
    return error.value.errors["xml"]


def test_a_trial_record_with_a_structured_abstract():
    record = pubmed.parse(xml("pubmed_trial.xml"))
    assert record.pmid == "12345678"
    assert record.title == (
        "A test study of drug X in relapsing multiple sclerosis: a randomised trial."
    )
    assert (record.journal, record.year) == ("Journal of Test Neurology", 2024)
    assert record.doi == "10.1000/test.2024.001"
    assert record.first_author == "Tester AB"
    assert record.publication_types == [
        "Journal Article", "Clinical Trial, Phase III", "Randomized Controlled Trial",
    ]  # fmt: skip
    assert record.suggested_study_type == "randomized-trial"
    assert record.abstract.split("\n\n") == [
        "Background: Test background sentence.",
        "Methods: We randomly assigned 200 test participants to drug X or placebo.",
        "Results: Fewer relapses occurred with drug X (HR 0.5; 95% CI 0.3\u20130.8).",
        "Conclusions: Drug X lowered the relapse rate in this test.",
    ]


def test_a_record_without_doi_with_a_medline_date_and_a_group_author():
    record = pubmed.parse(xml("pubmed_review_no_doi.xml"))
    assert (record.pmid, record.doi, record.year) == ("87654321", None, 2019)
    assert record.first_author == "Test Study Group"
    assert record.abstract == "One plain paragraph of a test abstract without labels."
    assert record.suggested_study_type == "review"


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["Journal Article", "Meta-Analysis", "Systematic Review"], "meta-analysis"),
        (["Randomized Controlled Trial"], "randomized-trial"),
        (["Systematic Review"], "review"),
        (["Review"], "review"),
        (["Case Reports"], "case-report"),
        (["Clinical Trial"], "non-randomized-trial"),
        (["Clinical Trial, Phase II"], "non-randomized-trial"),
        (["Clinical Trial", "Randomized Controlled Trial"], "randomized-trial"),
        (["Observational Study"], "observational"),
        (["Practice Guideline"], "guideline"),
        (["Guideline", "Review"], "guideline"),
        (["Journal Article"], None),
    ],
)
def test_publication_types_suggest_a_study_type(types, expected):
    assert pubmed.suggest_study_type(types) == expected


HOSTILE = [
    ("hostile_billion_laughs.xml", "declares entities"),
    ("hostile_external_entity.xml", "refers to an outside file or address"),
    ("hostile_foreign_dtd.xml", "document type declaration (DTD) of its own"),
    ("wrong_root.xml", "starts with <eSearchResult>, not <PubmedArticleSet>"),
    ("malformed.xml", "not well-formed XML (line 4, column 2)"),
]


@pytest.mark.parametrize(("name", "message"), HOSTILE)
def test_hostile_or_wrong_xml_is_refused_with_a_clear_message(name, message):
    assert message in refusal(xml(name))


def test_pubmeds_own_doctype_counts_only_at_the_top_and_without_entities():
    trial = xml("pubmed_trial.xml")
    with_subset = trial.replace('.dtd">', '.dtd" [<!ENTITY x "y">]>', 1)
    assert "declares entities" in refusal(with_subset)
    # Anywhere but the top, where efetch puts it, it is a DTD like any other.
    moved = trial.replace("<!DOCTYPE", "<!-- moved -->\n<!DOCTYPE", 1)
    assert "(DTD) of its own" in refusal(moved)


def test_a_record_over_two_megabytes_is_refused_before_it_is_parsed():
    huge = xml("pubmed_trial.xml").replace("Test background", "x" * pubmed.MAX_BYTES)
    assert refusal(huge) == pubmed.MESSAGES["too_large"]
    with pytest.raises(DomainError):
        pubmed.text_of(b" " * (pubmed.MAX_BYTES + 1))


def test_an_uploaded_record_must_be_utf8():
    with pytest.raises(DomainError) as error:
        pubmed.text_of("<PubmedArticleSet>\xe9".encode("latin-1"))
    assert "not UTF-8" in error.value.errors["xml"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('<PMID Version="1">12345678</PMID>', "<PMID>12a</PMID>"), "no PMID"),
        (("<Title>Journal of Test Neurology</Title>", ""), "no journal title"),
        (("<Year>2024</Year>\n                        <Month>Mar", "<Month>Mar"), ""),
        (("</PubmedArticle>", "</PubmedArticle><PubmedArticle/>"), "holds 2 records"),
    ],
)
def test_records_missing_what_a_draft_needs_are_refused(change, message):
    text = xml("pubmed_trial.xml").replace(*change)
    if message:
        assert message in refusal(text)
    else:  # no issue year: the electronic date stands in
        assert pubmed.parse(text).year == 2024


def test_prefill_makes_a_draft_by_the_writer_with_the_record(ctx):
    writer = make_staff_user()
    result = pubmed.prefill(xml("pubmed_trial.xml"), writer.id)
    db.session.commit()
    draft = db.session.get(Article, result.article.id)
    assert result.created and draft.status == DRAFT and draft.author_id == writer.id
    assert draft.slug == "a-test-study-of-drug-x-in-relapsing-multiple-sclerosis-a-12345678"
    assert draft.title.startswith("A test study of drug X")
    assert (draft.source_pmid, draft.source_doi, draft.source_year) == (
        "12345678", "10.1000/test.2024.001", 2024,
    )  # fmt: skip
    assert draft.source_url == "https://pubmed.ncbi.nlm.nih.gov/12345678/"
    assert (draft.source_journal, draft.source_first_author) == (
        "Journal of Test Neurology",
        "Tester AB",
    )
    assert draft.source_title == draft.title
    assert draft.source_abstract.startswith("Background: Test background sentence.")
    assert draft.study_type == "randomized-trial"
    revision = db.session.scalar(select(ArticleRevision))
    assert (revision.article_id, revision.data["source_pmid"]) == (draft.id, "12345678")


def test_prefill_returns_the_article_that_already_has_the_pmid(ctx):
    writer = make_staff_user()
    first = pubmed.prefill(xml("pubmed_trial.xml"), writer.id)
    again = pubmed.prefill(xml("pubmed_trial.xml"), writer.id)
    assert (again.created, again.article.id) == (False, first.article.id)
    assert len(db.session.scalars(select(Article)).all()) == 1
