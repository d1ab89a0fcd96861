"""Saving articles: rules checked all at once, slugs, revisions, comparing and restoring."""

import pytest
from sqlalchemy import func, select

from models import ArticleRevision, ArticleSlug, db
from models.article import DRAFT
from services import authoring, editorial, revisions
from services.errors import DomainError
from tests import factories as f
from tests.editorial_support import draft, make_staff_member, published, values


@pytest.fixture
def editor(ctx):
    return make_staff_member("editor@example.com", "editor")


@pytest.fixture
def reviewer(ctx):
    return make_staff_member("reviewer@example.com", "reviewer")


@pytest.fixture
def topic(ctx):
    return f.make_topic("myelin")


def revision_count(article) -> int:
    stmt = select(func.count()).where(ArticleRevision.article_id == article.id)
    return db.session.scalar(stmt.select_from(ArticleRevision))


def test_a_save_renders_measures_and_keeps_a_revision(editor, topic):
    article = draft(editor, topic, found="It **worked** a little.")
    assert article.rendered["found"] == "<p>It <strong>worked</strong> a little.</p>\n"
    assert article.reading_minutes == 1
    assert article.reading_grade is not None
    assert article.slug == "clemastine-may-help-repair-myelin"
    [revision] = revisions.revisions_of(article.id)
    assert revision.data == authoring.snapshot(article)
    assert revision.data["topic_ids"] == [topic.id]


def test_a_draft_may_be_saved_nearly_empty(editor):
    article = authoring.save_article(None, {"title": "Working title"}, editor)
    assert article.status == DRAFT and article.summary == "" and article.source_year == 0


@pytest.mark.parametrize("title", ["", "!!!"])
def test_a_draft_needs_a_title_that_makes_an_address(editor, title):
    with pytest.raises(DomainError) as caught:
        authoring.save_article(None, {"title": title}, editor)
    assert "slug" in caught.value.errors


def test_every_broken_rule_is_reported_at_once(editor, topic):
    bad = values(
        topic,
        slug="Not A Slug",
        source_pmid="PMID123",
        source_doi="doi:10.1000/x",
        source_url="http://example.com",
        source_year=1800,
        participants=0,
        study_type="rumour",
        topic_ids=[topic.id, 999],
    )
    with pytest.raises(DomainError) as caught:
        authoring.save_article(None, bad, editor)
    assert set(caught.value.errors) == {
        "slug", "source_pmid", "source_doi", "source_url", "source_year", "participants",
        "study_type", "topic_ids",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("pmid", "doi", "ok"),
    [
        ("12345678", "10.1000/xyz123", True),
        ("", "", True),
        ("2902 9896", "", False),
        ("12345678a", "", False),
        ("", "10.1016", False),
        ("", "https://doi.org/10.1016/x", False),
    ],
)
def test_pmid_is_digits_and_doi_starts_with_10(editor, pmid, doi, ok):
    errors = authoring.problems(None, values(source_pmid=pmid, source_doi=doi))
    assert (not errors) is ok, errors


def test_slugs_are_unique_also_against_old_ones(editor, reviewer, topic):
    first = published(editor, reviewer, topic)
    with pytest.raises(DomainError) as caught:
        draft(editor, topic)
    assert set(caught.value.errors) == {"slug"}
    authoring.save_article(first, values(topic, slug="new-name"), editor, "Shorter address.")
    assert db.session.get(ArticleSlug, "clemastine-may-help-repair-myelin").article_id == first.id
    with pytest.raises(DomainError):
        draft(editor, topic, slug="clemastine-may-help-repair-myelin")


def test_a_published_article_changing_its_slug_back_keeps_one_row_per_slug(editor, reviewer, topic):
    article = published(editor, reviewer, topic, slug="one")
    authoring.save_article(article, values(topic, slug="two"), editor, "Renamed.")
    authoring.save_article(article, values(topic, slug="one"), editor, "Renamed back.")
    slugs = db.session.scalars(select(ArticleSlug.slug).where(ArticleSlug.article_id == article.id))
    assert sorted(slugs) == ["two"]


def test_a_draft_changing_its_slug_keeps_no_old_address(editor, topic):
    article = draft(editor, topic, slug="first-try")
    authoring.save_article(article, values(topic, slug="second-try"), editor)
    assert db.session.get(ArticleSlug, "first-try") is None


def test_a_live_change_needs_a_short_public_note(editor, reviewer, topic):
    article = published(editor, reviewer, topic)
    changed = values(topic, summary="A corrected summary.")
    with pytest.raises(DomainError) as caught:
        authoring.save_article(article, changed, editor)
    assert set(caught.value.errors) == {"update_note"}
    with pytest.raises(DomainError):
        authoring.save_article(article, changed, editor, "x" * 201)
    authoring.save_article(article, changed, editor, "Corrected the number of people.")
    assert article.update_note == "Corrected the number of people."
    assert article.update_noted_at is not None and article.summary == "A corrected summary."


def test_changing_an_approved_article_sends_it_back_to_draft(editor, reviewer, topic):
    article = draft(editor, topic)
    editorial.submit(article, editor)
    editorial.approve(article, reviewer)
    authoring.save_article(article, values(topic, summary="Different now."), editor)
    assert article.status == DRAFT


def test_saving_nothing_new_keeps_no_extra_revision(editor, topic):
    article = draft(editor, topic)
    authoring.save_article(article, values(topic), editor)
    assert revision_count(article) == 1


def test_reviewers_do_not_edit(reviewer, topic):
    with pytest.raises(editorial.Forbidden):
        authoring.save_article(None, values(topic), reviewer)


def test_compare_shows_changed_lines_side_by_side(editor, topic):
    article = draft(editor, topic, found="Line one.\nLine two.")
    authoring.save_article(article, values(topic, found="Line one.\nLine 2.\nLine three."), editor)
    newest, oldest = revisions.revisions_of(article.id)
    assert revisions.previous(newest).id == oldest.id
    [diff] = revisions.compare(oldest.data, newest.data)
    assert diff.name == "found"
    assert [(line.kind, line.old, line.new) for line in diff.lines] == [
        ("same", "Line one.", "Line one."),
        ("changed", "Line two.", "Line 2."),
        ("added", "", "Line three."),
    ]


def test_restore_brings_back_the_text_as_a_new_revision(editor, topic):
    article = draft(editor, topic, summary="First words.")
    authoring.save_article(article, values(topic, summary="Second words."), editor)
    first = revisions.revisions_of(article.id)[-1]
    revisions.restore(article, first, editor)
    assert article.summary == "First words."
    assert revision_count(article) == 3
    assert revisions.revisions_of(article.id)[0].data == first.data
