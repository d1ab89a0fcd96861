"""Imports (services/imports.py): the whole file is checked first, then drafts are written."""

import json
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import Article, db
from models.article import DRAFT, IN_REVIEW, PUBLISHED
from models.editorial import ArticleRevision
from services import authoring, docs, imports
from services.content import ContentError
from tests.conftest import count_queries
from tests.factories import make_topic
from tests.import_files import as_csv, as_json, as_toml, make_staff_user, row, topics


@pytest.fixture
def writer(ctx):
    topics()
    return make_staff_user()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def article(slug: str) -> Article:
    stmt = select(Article).options(selectinload(Article.topics)).where(Article.slug == slug)
    return db.session.scalar(stmt)


def problems(name: str, data: bytes) -> list[str]:
    with pytest.raises(ContentError) as error:
        imports.import_data(name, data, 1)
    return error.value.problems


ENCODERS = {"json": as_json, "csv": as_csv}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_every_row_becomes_a_draft_by_its_author(writer, fmt):
    data = ENCODERS[fmt](row("one"), row("two", topics=["ebv", "diet"]))
    report = imports.import_data(f"file.{fmt}", data, writer.id)
    db.session.commit()
    assert [i.slug for i in report.created] == ["one", "two"]
    one, two = article("one"), article("two")
    assert (one.status, one.author_id, one.published_at, one.is_sample) == (
        DRAFT, writer.id, None, False,
    )  # fmt: skip
    assert [t.slug for t in two.topics] == ["diet", "ebv"]
    assert one.questions == ["First question?", "Second question?", "Third question?"]
    assert one.conditions == ["ms"]
    assert (one.participants, one.source_year, one.source_pmid, one.source_doi) == (
        120, 2024, "12345678", "10.1000/test.1",
    )  # fmt: skip
    assert one.source_url == "https://pubmed.ncbi.nlm.nih.gov/12345678/"
    assert one.rendered["found"].startswith("<p>What was <strong>found</strong>.</p>")
    assert one.reading_minutes == 1


def test_a_wrapped_json_file_and_a_toml_file_are_read(writer):
    imports.import_data("a.json", as_json(row("one"), wrapped=True), writer.id)
    content_style = {**row("two"), "published": "2025-01-01", "status": "published"}
    imports.import_data("two.toml", as_toml(content_style), writer.id)
    assert (article("one").status, article("two").status) == (DRAFT, DRAFT)


def test_the_format_is_detected_from_the_text_without_an_extension(writer):
    imports.import_data("upload", as_csv(row("one")), writer.id)
    imports.import_data("upload", as_json(row("two")), writer.id)
    imports.import_data("upload", as_toml(row("three")), writer.id)
    assert count(Article) == 3


def test_csv_lists_may_be_separated_by_semicolons(writer):
    data = as_csv(row("one")).replace(b"ebv", b"ebv; diet", 1)
    imports.import_data("a.csv", data, writer.id)
    assert [t.slug for t in article("one").topics] == ["diet", "ebv"]


BAD = [
    ({"source": {**row("x")["source"], "pmid": "12a4"}}, "source.pmid", "digits only"),
    ({"source": {**row("x")["source"], "doi": "doi:10.1/x"}}, "source.doi", "must start with 10."),
    ({"source": {**row("x")["source"], "year": 1066}}, "source.year", "year"),
    ({"evidence": {"study_type": "rumour", "population": "human"}}, "evidence.study_type", ""),
    ({"evidence": {"study_type": "review", "population": "aliens"}}, "evidence.population", ""),
    ({"evidence": {"study_type": "review", "population": "human", "phase": "9"}},
     "evidence.phase", ""),
    ({"topics": ["no-such-topic"]}, "topics", "unknown topic 'no-such-topic'"),
    ({"conditions": ["flu"]}, "conditions", "unknown condition 'flu'"),
    ({"slug": "Not A Slug"}, "slug", "lower-case"),
    ({"title": ""}, "title", "required"),
    ({"colour": "red"}, "colour", "unknown field"),
]  # fmt: skip


# An unknown CSV column has a test of its own below.
CASES = [
    (fmt, *bad) for fmt in ("json", "csv") for bad in BAD if (fmt, bad[1]) != ("csv", "colour")
]


@pytest.mark.parametrize(
    ("fmt", "changes", "field", "reason"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_bad_rows_are_reported_by_row_and_field_and_nothing_is_written(
    writer, fmt, changes, field, reason
):
    good = [row(f"good-{n}") for n in range(5)]
    data = ENCODERS[fmt](*good[:3], {**row("bad"), **changes}, *good[3:])
    found = problems(f"file.{fmt}", data)
    number = 4 if fmt == "json" else 5  # a spreadsheet counts the header as row 1
    assert any(p.startswith(f"row {number}: {field}: ") and reason in p for p in found), found
    assert all(p.startswith(f"row {number}: ") for p in found), found
    assert count(Article) == 0


def test_every_bad_row_is_listed_at_once(writer):
    data = as_json(row("a", title=""), row("b"), row("c", topics=["nope"]))
    assert problems("f.json", data) == [
        "row 1: title: required text is missing",
        "row 3: topics: unknown topic 'nope'",
    ]


def test_an_unknown_csv_column_is_reported_on_each_row(writer):
    data = (
        as_csv(row("one")).replace(b"slug,", b"colour,slug,", 1).replace(b"\none,", b"\nred,one,")
    )
    assert problems("f.csv", data) == ["row 2: colour: unknown field"]


def test_a_slug_twice_in_one_file_is_reported(writer):
    assert problems("f.json", as_json(row("one"), row("one"))) == [
        "row 2: slug: 'one' is also on row 1"
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("f.json", b"[{", "file: not valid JSON (line 1, column 3"),
        ("f.json", b'{"rows": []}', 'file: must be a list of articles, or {"articles": [...]}'),
        ("f.json", b"[]", "file: no articles found"),
        ("f.json", b"[1]", "row 1: row: must be an object"),
        ("f.toml", b"slug = ", "file: not valid TOML"),
        ("f.csv", "slug\n\xe9".encode("latin-1"), "file: not UTF-8 text"),
        ("f.csv", b"", "file: no articles found"),
        ("f.csv", as_csv(row("one")).rstrip() + b",extra\n", "row 2: file: more cells"),
    ],
)
def test_unreadable_files_are_explained(writer, name, data, message):
    assert any(p.startswith(message) for p in problems(name, data)), problems(name, data)


def test_a_file_over_the_limit_is_refused_before_it_is_read(writer):
    assert problems("f.json", b" " * (imports.MAX_BYTES + 1)) == [imports.TOO_LARGE]
    assert imports.TOO_LARGE.startswith("The file is larger than 5 MB")


def test_reimport_updates_drafts_and_skips_articles_past_the_draft_stage(writer):
    imports.import_data("f.json", as_json(row("draft"), row("live"), row("checking")), writer.id)
    article("live").status = PUBLISHED
    article("checking").status = IN_REVIEW
    db.session.commit()
    again = as_json(*(row(s, title="A new title") for s in ("draft", "live", "checking", "new")))
    report = imports.import_data("f.json", again, writer.id)
    db.session.commit()
    assert [i.slug for i in report.created] == ["new"]
    assert [i.slug for i in report.updated] == ["draft"]
    assert [(i.slug, i.note) for i in report.skipped] == [
        ("live", "already published"),
        ("checking", "already in review"),
    ]
    assert article("draft").title == "A new title"
    assert article("live").title == "A plain title for live"
    assert article("checking").title == "A plain title for checking"


def test_each_created_or_changed_draft_gets_one_revision(writer):
    imports.import_data("f.json", as_json(row("one"), row("two")), writer.id)
    imports.import_data("f.json", as_json(row("one", title="Changed"), row("two")), writer.id)
    db.session.commit()
    stmt = select(ArticleRevision).order_by(ArticleRevision.id)
    revs = [(r.article_id, r.author_id, r.data["title"]) for r in db.session.scalars(stmt)]
    one, two = article("one"), article("two")
    assert revs == [
        (one.id, writer.id, "A plain title for one"),
        (two.id, writer.id, "A plain title for two"),
        (one.id, writer.id, "Changed"),
    ]
    latest = db.session.scalars(stmt).all()[-1].data
    assert latest == authoring.snapshot(one)
    assert latest["topic_ids"] == [t.id for t in one.topics] and latest["source_pmid"] == "12345678"
    json.dumps(latest)  # stored as JSON: every value must be plain data


def test_an_unchanged_draft_is_reported_as_unchanged(writer):
    imports.import_data("f.json", as_json(row("one")), writer.id)
    report = imports.import_data("f.json", as_json(row("one")), writer.id)
    assert ([i.slug for i in report.unchanged], report.updated) == (["one"], [])
    assert count(ArticleRevision) == 1


def test_the_author_must_be_staff_who_write(writer):
    assert imports.find_author(" Writer@Example.com ").id == writer.id
    make_staff_user("reviewer@example.com", "reviewer")
    make_staff_user("reader@example.com", None)
    for email in ("reviewer@example.com", "reader@example.com", "nobody@example.com"):
        with pytest.raises(ContentError):
            imports.find_author(email)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_examples_in_the_format_guide_import(ctx, fmt):
    make_topic("ms-treatment")
    make_topic("ms-research")
    example = re.search(rf"```{fmt}\n(.*?)```", docs.IMPORT_FORMAT.read_text(), re.S)[1]
    batch = imports.read(f"example.{fmt}", example.encode())
    assert [r["slug"] for r in batch.rows] == ["drug-x-test-trial"]
    assert batch.rows[0]["source_pmid"] == "12345678"


def test_lookups_are_batched_whatever_the_number_of_rows(writer):
    imports.import_data("f.json", as_json(row("old-draft")), writer.id)
    data = as_json(row("old-draft", title="New"), *(row(f"s-{n}") for n in range(40)))
    with count_queries() as checking:
        batch = imports.read("f.json", data)
    with count_queries() as writing:
        imports.write(batch, writer.id)
    assert len(checking) == 1  # the topics the file names
    selects = [s for s in writing if s.lstrip().upper().startswith("SELECT")]
    # the articles with those slugs, their topics, and the glossary the sections link to
    assert len(selects) == 3, selects
