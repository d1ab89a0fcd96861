"""`content/glossary.toml`: checked with everything else, upserted by slug, and the articles'
stored HTML links its terms."""

import json
import re
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from models import Article, GlossaryTerm, Topic, db
from services import glossary
from services.content import ContentError, load_content
from tests.content_files import REAL_CONTENT, article_data, make_content
from tests.factories import make_article, make_topic

LESION = {"slug": "lesion", "term": "lesion", "aliases": ["lesions"], "definition": "Damage."}


def write_glossary(root: Path, *terms: dict, text: str | None = None) -> None:
    blocks = [
        "[[term]]\n" + "\n".join(f"{key} = {json.dumps(value)}" for key, value in t.items())
        for t in terms
    ]
    (root / "glossary.toml").write_text(text or "\n\n".join(blocks) + "\n", encoding="utf-8")


def folder(tmp_path: Path, *terms: dict, found="Two lesions grew.") -> Path:
    root = make_content(tmp_path / "content", article_data("one", found=found))
    write_glossary(root, *terms)
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_content(root)
    return error.value.problems


def test_the_real_glossary_loads_and_links_the_sample_articles(ctx):
    report = load_content(REAL_CONTENT)
    db.session.commit()
    data = tomllib.loads((REAL_CONTENT / "glossary.toml").read_text("utf-8"))
    assert len(data["term"]) >= 40
    assert sorted(report.glossary.created) == sorted(t["slug"] for t in data["term"])
    assert all(t.is_sample for t in db.session.scalars(select(GlossaryTerm)))
    words = glossary.known_words()
    for word in ("lesion", "relapse", "placebo", "pml", "jc virus", "aqp4", "adem", "myelitis"):
        assert word in words
    for word in ("mri", "edss", "b cell", "remyelination", "teratoma"):
        assert word in words
    slugs = {t["slug"] for t in data["term"]}
    linked = set()
    for article in db.session.scalars(select(Article)):
        for html in article.rendered.values():
            linked |= set(re.findall(r'href="/glossary#([\w-]+)"', html))
    # The articles link terms that exist, and most terms are in use (the rest serve /glossary).
    assert linked <= slugs
    assert len(linked) >= 0.9 * len(slugs), sorted(slugs - linked)


def test_every_real_definition_is_short_and_plain():
    data = tomllib.loads((REAL_CONTENT / "glossary.toml").read_text("utf-8"))
    for term in data["term"]:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", term["definition"]) if s]
        assert 1 <= len(sentences) <= 2, term["slug"]
        assert len(term["definition"]) <= glossary.DEFINITION_MAX_LENGTH


def test_loading_twice_changes_nothing(ctx, tmp_path):
    root = folder(tmp_path, LESION)
    load_content(root)
    db.session.commit()
    article = db.session.scalar(select(Article))
    assert 'href="/glossary#lesion"' in article.rendered["found"]
    report = load_content(root)
    assert (report.glossary.created, report.glossary.updated) == ([], [])
    assert report.glossary.unchanged == ["lesion"]
    assert report.unchanged == ["one"]


def test_a_changed_definition_is_updated_in_the_terms_and_articles(ctx, tmp_path):
    root = folder(tmp_path, LESION)
    load_content(root)
    topic = db.session.scalar(select(Topic))
    elsewhere = make_article(topic, slug="made-in-the-editor", found="A lesion.")
    db.session.commit()
    write_glossary(root, {**LESION, "definition": "A damaged spot."})
    report = load_content(root)
    db.session.commit()
    assert report.glossary.updated == ["lesion"]
    assert "A damaged spot." in db.session.scalar(select(Article.rendered).limit(1))["found"]
    assert "A damaged spot." in elsewhere.rendered["found"]


def test_a_folder_without_a_glossary_still_loads(ctx, tmp_path):
    root = make_content(tmp_path / "content", article_data("one"))
    report = load_content(root)
    assert report.glossary.created == []


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ([{**LESION, "slug": "Not a slug"}], "glossary.toml: term[0].slug: Use lower-case"),
        ([{**LESION, "slug": "main"}], "glossary.toml: term[0].slug: This web address is kept"),
        ([{"slug": "x", "term": "x"}], "glossary.toml: term[0].definition: required text"),
        ([{**LESION, "term": ""}], "glossary.toml: term[0].term: required text is missing"),
        ([{**LESION, "aliases": "lesions"}], "glossary.toml: term[0].aliases: must be a list"),
        ([{**LESION, "color": "red"}], "glossary.toml: term[0].color: unknown field"),
        ([{**LESION, "sample": "yes"}], "glossary.toml: term[0].sample: must be true or false"),
        ([{**LESION, "definition": "x" * 401}], "term[0].definition: longer than 400"),
        ([LESION, {**LESION, "term": "scar", "aliases": []}], "term[1].slug: already used by"),
        (
            [LESION, {**LESION, "slug": "scar", "term": "scar", "aliases": ["Lesions"]}],
            "glossary.toml: term[1].aliases: 'lesions' is already a word of term[0]",
        ),
        ([], "glossary.toml: term: no terms defined"),
    ],
)
def test_a_bad_glossary_loads_nothing(ctx, tmp_path, terms, message):
    root = folder(tmp_path, *terms)
    found = problems(root)
    assert any(message in p for p in found), found
    assert db.session.scalar(select(GlossaryTerm)) is None
    assert db.session.scalar(select(Article)) is None


def test_glossary_problems_are_listed_with_the_articles_problems(ctx, tmp_path):
    root = make_content(tmp_path / "content", article_data("one", title=""))
    write_glossary(root, text="this is = = not toml")
    found = problems(root)
    assert any(p.startswith("glossary.toml: file: not valid TOML") for p in found)
    assert "one.toml: title: required text is missing" in found


def test_terms_made_in_the_editor_are_kept(ctx, tmp_path):
    make_topic()
    glossary.save_term(glossary.TermInput("myelin", "", "The coating of nerves.", []))
    load_content(folder(tmp_path, LESION))
    slugs = set(db.session.scalars(select(GlossaryTerm.slug)))
    assert slugs == {"lesion", "myelin"}
