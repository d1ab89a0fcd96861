"""`flask content import FILE --author EMAIL`: drafts from a file, all or nothing."""

import re

import pytest
from sqlalchemy import select

from models import Article
from models.article import PUBLISHED
from tests.import_files import as_csv, as_json, make_staff_user, row, topics

SUMMARY = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) skipped")


@pytest.fixture
def writer(seed):
    with seed():
        topics()
        make_staff_user()
    return "writer@example.com"


def run(runner, path, author="writer@example.com"):
    return runner.invoke(args=["content", "import", str(path), "--author", author])


def summary(result) -> tuple[int, ...]:
    assert result.exit_code == 0, result.output
    match = SUMMARY.search(result.stdout)
    assert match, result.stdout
    return tuple(int(n) for n in match.groups())


def test_a_file_is_imported_as_drafts_with_a_summary(runner, writer, tmp_path, count_rows):
    path = tmp_path / "articles.csv"
    path.write_bytes(as_csv(row("one"), row("two")))
    result = run(runner, path)
    assert summary(result) == (2, 0, 0, 0)
    assert "Imported articles.csv" in result.stdout
    assert count_rows(Article, Article.status == "draft") == 2


def test_reimport_reports_updated_and_skipped_published(runner, writer, tmp_path, seed):
    path = tmp_path / "articles.json"
    path.write_bytes(as_json(row("one"), row("two")))
    summary(run(runner, path))
    with seed() as session:
        session.scalar(select(Article).where(Article.slug == "two")).status = PUBLISHED
    path.write_bytes(as_json(row("one", title="New"), row("two", title="New"), row("three")))
    result = run(runner, path)
    assert summary(result) == (1, 1, 0, 1)
    assert "skipped two: already published, not changed" in result.stdout


def test_a_bad_file_lists_every_problem_exits_1_and_writes_nothing(
    runner, writer, tmp_path, count_rows
):
    path = tmp_path / "articles.json"
    bad_pmid = {**row("x")["source"], "pmid": "PMID 1"}
    path.write_bytes(as_json(row("one"), row("two", source=bad_pmid), row("three", title="")))
    result = run(runner, path)
    assert result.exit_code == 1
    assert "Nothing was imported. 2 problem(s) found:" in result.stderr
    assert "row 2: source.pmid: digits only" in result.stderr
    assert "row 3: title: required text is missing" in result.stderr
    assert count_rows(Article) == 0


def test_an_author_who_is_not_a_writer_is_refused(runner, writer, tmp_path, count_rows):
    path = tmp_path / "articles.json"
    path.write_bytes(as_json(row("one")))
    result = run(runner, path, author="nobody@example.com")
    assert result.exit_code == 1
    assert "no member of staff who writes" in result.stderr
    assert count_rows(Article) == 0


def test_a_missing_file_is_a_usage_error(runner, writer, tmp_path):
    assert run(runner, tmp_path / "nope.csv").exit_code == 2
