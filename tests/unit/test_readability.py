"""The readability panel: grades, sentence length, unexplained words and the warning."""

from models import Article, GlossaryTerm, db
from services import glossary, readability

HARD = (
    "Ocrelizumab demonstrated considerable reductions in annualized relapse rates, "
    "particularly among individuals with relapsing-remitting multiple sclerosis, "
    "compared with interferon beta-1a administered subcutaneously."
)
EASY = "The drug helped. People had fewer attacks. It is not a cure."


def test_a_hard_text_warns_for_patients_but_not_for_clinicians():
    patients = readability.measure("for_patients", HARD)
    clinicians = readability.measure("for_clinicians", HARD)
    assert patients.grade > 12 and clinicians.grade == patients.grade
    assert patients.warn is True
    assert clinicians.warn is False


def test_an_easy_text_does_not_warn():
    reading = readability.measure("for_caregivers", EASY)
    assert reading.grade <= readability.GRADE_LIMIT and not reading.warn
    assert reading.sentence_length == 4.0
    assert reading.words == 12


def test_markdown_marks_and_link_addresses_are_not_read():
    reading = readability.measure("found", "It **helped**. See [the study](https://example.org/x).")
    assert reading.words == 5


def test_glossary_words_count_as_explained(ctx):
    db.session.add(
        GlossaryTerm(slug="ms", term="Multiple sclerosis", definition="…", aliases=["MS"])
    )
    db.session.add(GlossaryTerm(slug="relapse", term="relapse", definition="…", aliases=[]))
    db.session.flush()
    plain = readability.measure("for_patients", HARD).unexplained
    known = readability.measure("for_patients", HARD, glossary.known_words()).unexplained
    assert {"multiple", "sclerosis", "ocrelizumab"} <= set(plain)
    assert "multiple" not in known and "sclerosis" not in known
    assert "ocrelizumab" in known


def test_empty_sections_have_no_grade():
    reading = readability.measure("summary", "")
    assert reading.grade is None and reading.sentence_length is None and not reading.warn


def test_the_stored_grade_is_of_the_patient_and_caregiver_text():
    article = Article(for_patients=HARD, for_caregivers=HARD, for_clinicians=EASY)
    assert readability.lay_grade(article) == readability.grade(HARD + " " + HARD)
    article.for_clinicians = HARD * 3
    assert readability.lay_grade(article) == readability.grade(HARD + " " + HARD)
