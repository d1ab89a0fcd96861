"""`flask content load [PATH]`: all-or-nothing, repeatable loading of the TOML content."""

import re
import tomllib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Article, Topic
from tests.content_files import (
    REAL_CONTENT,
    article_data,
    copy_real_content,
    real_article_slugs,
    real_topic_slugs,
    write_article,
)

SUMMARY = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged")


def load(runner, *path):
    return runner.invoke(args=["content", "load", *map(str, path)])


def summary(result) -> tuple[int, int, int]:
    assert result.exit_code == 0, result.output
    match = SUMMARY.search(result.stdout)
    assert match, result.stdout
    return tuple(int(n) for n in match.groups())


def snapshot(seed) -> dict[str, tuple]:
    """Every article's slug -> (title, updated_at, topic slugs)."""
    with seed() as session:
        return {
            a.slug: (a.title, a.updated_at, tuple(t.slug for t in a.topics))
            for a in session.scalars(select(Article).options(selectinload(Article.topics)))
        }


def test_loading_the_real_content_folder(runner, seed, count_rows):
    topics, articles = real_topic_slugs(), real_article_slugs()
    assert summary(load(runner)) == (len(topics) + len(articles), 0, 0)
    assert count_rows(Topic) == len(topics)
    assert count_rows(Article) == len(articles)
    rows = snapshot(seed)
    assert sorted(rows) == articles
    for slug in articles[:5]:
        data = tomllib.loads((REAL_CONTENT / "articles" / f"{slug}.toml").read_text("utf-8"))
        title, _, topic_slugs = rows[slug]
        assert title == data["title"]
        assert set(topic_slugs) == set(data["topics"])


def test_loading_twice_changes_nothing(runner, seed, count_rows):
    load(runner)
    before, topics_before = snapshot(seed), count_rows(Topic)
    assert summary(load(runner)) == (0, 0, len(before))
    assert snapshot(seed) == before
    assert count_rows(Topic) == topics_before


def test_editing_one_title_updates_just_that_article(runner, seed, tmp_path):
    root = copy_real_content(tmp_path)
    load(runner, root)
    before = snapshot(seed)
    slug = sorted(before)[3]
    path = root / "articles" / f"{slug}.toml"
    # The article's own title comes first; [source] may hold the paper's title further down.
    text, n = re.subn(
        r'(?m)^title = ".*"$', 'title = "A brand new plain title"', path.read_text(), count=1
    )
    assert n == 1
    path.write_text(text, encoding="utf-8")

    assert summary(load(runner, root)) == (0, 1, len(before) - 1)
    after = snapshot(seed)
    assert after[slug][0] == "A brand new plain title"
    assert after[slug][1] > before[slug][1]
    assert {k: v for k, v in after.items() if k != slug} == {
        k: v for k, v in before.items() if k != slug
    }


BROKEN = [
    ("invalid-toml", None, "file"),
    ("missing-title", {"title": None}, "title"),
    ("missing-source", {"source": None}, "source"),
    ("unknown-topic", {"topics": ["no-such-topic"]}, "topics"),
    ("bad-study-type", {"evidence": {"study_type": "rumour", "population": "human"}},
     "evidence.study_type"),
    ("zero-participants", {"evidence": {"study_type": "review", "participants": 0,
                                        "population": "human"}}, "evidence.participants"),
    ("text-participants", {"evidence": {"study_type": "review", "participants": "120",
                                        "population": "human"}}, "evidence.participants"),
    ("unknown-field", {"colour": "red"}, "colour"),
    ("unknown-nested-field", {"source": {"journal": "Brain", "year": 2024, "doi": "10.1/x",
                                         "url": "https://pubmed.ncbi.nlm.nih.gov/"}}, "source.doi"),
]  # fmt: skip


def write_broken(root, name: str, changes: dict | None):
    if changes is None:
        path = root / "articles" / f"{name}.toml"
        path.write_text('slug = "invalid-toml"\ntitle = "never closed\n', encoding="utf-8")
        return path
    data = article_data(name, **changes)
    return write_article(root, {k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize(("name", "changes", "field"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_malformed_file_is_reported_and_nothing_is_written(
    runner, tmp_path, count_rows, name, changes, field
):
    root = copy_real_content(tmp_path)
    write_broken(root, name, changes)
    result = load(runner, root)
    assert result.exit_code != 0
    assert f"{name}.toml: {field}:" in result.stderr
    assert "Nothing was loaded" in result.stderr
    assert count_rows(Topic) == 0
    assert count_rows(Article) == 0


def test_a_broken_file_also_blocks_good_changes_in_the_same_run(runner, seed, tmp_path):
    root = copy_real_content(tmp_path)
    load(runner, root)
    before = snapshot(seed)
    slug = sorted(before)[0]
    path = root / "articles" / f"{slug}.toml"
    path.write_text(re.sub(r'(?m)^title = ".*"$', 'title = "Changed"', path.read_text()))
    write_broken(root, "zero-participants", BROKEN[5][1])
    result = load(runner, root)
    assert result.exit_code != 0
    assert snapshot(seed) == before


def test_every_problem_is_listed_not_just_the_first(runner, tmp_path, count_rows):
    root = copy_real_content(tmp_path)
    write_broken(root, "unknown-field", {"colour": "red"})
    write_broken(root, "unknown-topic", {"topics": ["nope"]})
    result = load(runner, root)
    assert result.exit_code != 0
    assert "unknown-field.toml: colour:" in result.stderr
    assert "unknown-topic.toml: topics:" in result.stderr
    assert count_rows(Article) == 0


def test_a_folder_without_content_is_reported(runner, tmp_path, count_rows):
    result = load(runner, tmp_path / "empty")
    assert result.exit_code != 0
    assert "topics.toml" in result.stderr
    assert count_rows(Topic) == 0
