"""One spelling throughout: US English in every page, email, message and sample article."""

import re

import pytest

from services.content import read_content
from tests.conftest import ROOT
from tests.content_files import TEXT_FIELDS

# British forms a reader would notice, each matched as the start of a word.
BRITISH = re.compile(
    r"\b(colour|behaviour|tumour|favour|honour|labour|centre|programme|licence|"
    r"paediatric|haem|oestrogen|judgement|travell|cancell|"
    r"(organ|random|recogn|real|summar|minim|priorit|categor|personal|apolog|emphas|stabil|"
    r"normal|util|optim|speciali|hospitali)is(ations|ation|ing|ed|es|e))",
    re.IGNORECASE,
)
FOLDERS = ("templates", "content", "blueprints", "services", "docs", "static")
SUFFIXES = {".html", ".txt", ".toml", ".py", ".md", ".js", ".css"}
ARTICLE_FILES = ROOT / "content" / "articles"
# Shipped as published by others (a font's licence text), never edited here.
VENDORED = ROOT / "static" / "fonts"
# Article files are checked field by field below: a paper's own title, its journal and a
# search address keep the spelling they were published with.
FILES = sorted(
    p
    for folder in FOLDERS
    for p in (ROOT / folder).rglob("*")
    if p.suffix in SUFFIXES and p.parent != ARTICLE_FILES and VENDORED not in p.parents
) + [ROOT / "README.md"]
_, ARTICLES = read_content(ROOT / "content")


def test_the_pattern_finds_british_spellings():
    text = "A randomised, single-centre trial of tumour colour; organisation."
    assert [m.group(0) for m in BRITISH.finditer(text)] == [
        "randomised",
        "centre",
        "tumour",
        "colour",
        "organisation",
    ]
    assert not BRITISH.search("A randomized, single-center trial; meta-analyses; realistic.")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_us_spelling(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    wrong = [
        f"{n}: {m.group(0)}" for n, line in enumerate(lines, 1) for m in BRITISH.finditer(line)
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["slug"])
def test_us_spelling_in_what_readers_read(article):
    text = " ".join(str(article[name]) for name in TEXT_FIELDS)
    assert not [m.group(0) for m in BRITISH.finditer(text)]
