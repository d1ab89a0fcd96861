"""`flask content load` loads content/glossary.toml too, all or nothing."""

import tomllib

from models import Article, GlossaryTerm
from tests.content_files import REAL_CONTENT, copy_real_content


def load(runner, *path):
    return runner.invoke(args=["content", "load", *map(str, path)])


def real_terms() -> int:
    return len(tomllib.loads((REAL_CONTENT / "glossary.toml").read_text("utf-8"))["term"])


def test_the_real_glossary_is_loaded_and_reported(runner, count_rows):
    result = load(runner)
    assert result.exit_code == 0, result.output
    assert f"Glossary: {real_terms()} terms created, 0 updated, 0 unchanged." in result.stdout
    assert count_rows(GlossaryTerm) == real_terms()
    again = load(runner)
    assert f"Glossary: 0 terms created, 0 updated, {real_terms()} unchanged." in again.stdout


def test_a_bad_glossary_stops_the_whole_load(runner, count_rows, tmp_path):
    root = copy_real_content(tmp_path)
    path = root / "glossary.toml"
    path.write_text(path.read_text("utf-8").replace('slug = "lesion"', 'slug = "Lesion!"'), "utf-8")
    result = load(runner, root)
    assert result.exit_code == 1
    assert "Nothing was loaded. 1 problem(s) found:" in result.stderr
    assert "glossary.toml: term[" in result.stderr and "].slug: Use lower-case" in result.stderr
    assert count_rows(GlossaryTerm) == 0
    assert count_rows(Article) == 0
