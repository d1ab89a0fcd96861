"""Glossary links in articles (first use only, whole words, never inside links, escaped)
and the service that keeps stored articles in step with the glossary."""

import re

import pytest
from sqlalchemy import select

from models import Article, GlossaryTerm, db
from services import glossary, markup
from services.errors import DomainError
from services.glossary_links import Entry, Glossary
from tests.factories import make_article, make_topic

LESION = Entry("lesion", "lesion", "An area of damage.", ("lesions",))
B_CELL = Entry("b-cell", "B cell", "A white blood cell.", ("B cells", "B-cell"))
MS = Entry("ms", "MS", "Multiple sclerosis.")
GLOSSARY = Glossary([LESION, B_CELL, MS])
LINK = re.compile(r'<a class="term" href="/glossary#([\w-]+)"[^>]*>([^<]*)</a>')


def sections(**text) -> dict[str, str]:
    return {name: text.get(name, "") for name in markup.SECTIONS}


def links(html: dict[str, str]) -> list[tuple[str, str, str]]:
    """(section, slug, linked text) in reading order."""
    return [(name, *m) for name in markup.SECTIONS for m in LINK.findall(html[name])]


def test_only_the_first_use_in_the_whole_article_is_linked():
    html = markup.rendered(
        sections(
            found="A lesion and another lesion.",
            for_patients="Lesions again.",
            limitations="MS, and one more lesion.",
        ),
        GLOSSARY,
    )
    assert links(html) == [("found", "lesion", "lesion"), ("limitations", "ms", "MS")]
    assert html["found"].count("<details") == 1
    assert "<details" not in html["for_patients"]


def test_sections_are_read_in_reading_order():
    html = markup.rendered(
        sections(limitations="A lesion.", for_clinicians="Lesions.", for_caregivers="None."),
        GLOSSARY,
    )
    assert links(html) == [("for_clinicians", "lesion", "Lesions")]


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("LESIONS grew.", "LESIONS"),
        ("Many b cells.", "b cells"),
        ("A B-cell therapy.", "B-cell"),
        ("Two B\ncells.", "B\ncells"),
        ("(lesion)", "lesion"),
    ],
)
def test_terms_and_aliases_match_in_any_case(text, linked):
    html = markup.rendered(sections(found=text), GLOSSARY)
    assert [m[2] for m in links(html)] == [linked]


@pytest.mark.parametrize(
    "text",
    [
        "Lesional tissue.",
        "An MS-like illness.",
        "A non-MS cause.",
        "Prelesion stage.",
        "msg",
        "dreams",
    ],
)
def test_only_whole_words_are_linked(text):
    assert links(markup.rendered(sections(found=text), GLOSSARY)) == []


def test_words_inside_a_link_stay_as_they_are_and_the_next_use_is_linked():
    html = markup.rendered(
        sections(found="See [the lesion study](https://example.org/). A lesion grew."),
        GLOSSARY,
    )
    found = html["found"]
    assert '<a href="https://example.org/" rel="noopener noreferrer">the lesion study</a>' in found
    assert found.count('class="term"') == 1
    assert found.index('class="term"') > found.index("the lesion study")


def test_the_definition_follows_the_paragraph_and_opens_without_script():
    html = markup.rendered(sections(found="A lesion grew.\n\nMore text."), GLOSSARY)["found"]
    assert html.startswith(
        '<p>A <a class="term" href="/glossary#lesion" rel="noopener noreferrer">lesion</a>'
        ' grew.</p><details class="term-note"><summary>What “lesion” means</summary>'
        "<p>An area of damage.</p></details>"
    )
    assert "<p>More text.</p>" in html


def test_a_definition_never_lands_inside_a_list_item_or_paragraph():
    html = markup.rendered(sections(found="- one lesion\n- two\n\nAfter."), GLOSSARY)["found"]
    assert re.search(r"</ul>\s*<details", html), html
    assert not re.search(r"<(p|li)>(?:(?!</\1>).)*<details", html, re.S)


def test_a_hostile_definition_and_term_are_escaped():
    bad = Entry(
        "bad",
        'bad"><script>alert(1)</script>',
        '<img src=x onerror=alert(1)> & "<script>alert(2)</script>',
        ("evil",),
    )
    html = markup.rendered(sections(found="An evil word."), Glossary([bad]))["found"]
    assert html == (
        '<p>An <a class="term" href="/glossary#bad" rel="noopener noreferrer">evil</a> word.</p>'
        '<details class="term-note"><summary>What “bad"&gt;&lt;script&gt;alert(1)&lt;/script&gt;'
        "” means</summary><p>&lt;img src=x onerror=alert(1)&gt; &amp; "
        '"&lt;script&gt;alert(2)&lt;/script&gt;</p></details>\n'
    )


def test_entities_are_not_taken_for_words():
    html = markup.rendered(sections(found="Salt & pepper."), Glossary([Entry("amp", "amp", "x")]))
    assert html["found"] == "<p>Salt &amp; pepper.</p>\n"


def test_without_a_glossary_nothing_is_linked():
    assert links(markup.rendered(sections(found="A lesion."))) == []
    assert links(markup.rendered(sections(found="A lesion."), Glossary([]))) == []


# The service, with the database.


def add(slug="lesion", term="lesion", aliases=("lesions",), definition="An area of damage."):
    row = GlossaryTerm(slug=slug, term=term, definition=definition, aliases=list(aliases))
    db.session.add(row)
    db.session.flush()
    return row


def values(**changes) -> glossary.TermInput:
    data = {"term": "lesion", "slug": "", "definition": "An area of damage.", "aliases": []}
    return glossary.TermInput(**{**data, **changes})


def test_render_article_uses_the_stored_glossary(ctx):
    add()
    article = make_article(make_topic(), found="Two lesions.")
    assert "/glossary#lesion" in article.rendered["found"]
    assert glossary.known_words() == {"lesion", "lesions"}


def test_saving_a_term_re_renders_only_the_articles_that_use_it(ctx):
    topic = make_topic()
    uses = make_article(topic, found="The PLAQUES grew.")
    other = make_article(topic, found="Nothing here.")
    db.session.commit()
    other_updated = other.updated_at
    term = glossary.save_term(values(aliases=["plaques"]))
    db.session.commit()
    assert term.slug == "lesion"
    assert "/glossary#lesion" in uses.rendered["found"]
    assert other.updated_at == other_updated

    glossary.save_term(values(term="lesion", slug="damage", aliases=[]), term)
    db.session.commit()
    assert "glossary#" not in uses.rendered["found"]


def test_rerender_affected_counts_what_changed(ctx):
    topic = make_topic()
    make_article(topic, found="A lesion.")
    make_article(topic, found="Lesions, many.")
    make_article(topic, found="Nothing.")
    add()
    assert glossary.rerender_affected({"LESION"}) == 2
    assert glossary.rerender_affected({"lesion"}) == 0  # already up to date
    assert glossary.rerender_affected(set()) == 0


def test_deleting_a_term_unlinks_it(ctx):
    term = add()
    article = make_article(make_topic(), found="A lesion.")
    glossary.delete_term(term)
    assert "glossary#" not in article.rendered["found"]
    assert db.session.scalar(select(GlossaryTerm)) is None


def test_a_word_belongs_to_one_term_only(ctx):
    add()
    with pytest.raises(DomainError) as error:
        glossary.save_term(values(term="plaque", aliases=["Lesions", "scar"]))
    assert error.value.errors == {"aliases": "Already part of another term: Lesions."}


def test_editing_keeps_its_own_words_and_slug(ctx):
    term = add()
    saved = glossary.save_term(values(slug="lesion", aliases=["lesions", "lesion"]), term)
    assert (saved.slug, saved.aliases) == ("lesion", ["lesions"])


def test_slugs_are_made_from_the_term():
    assert glossary.slug_problem("b-cell") is None
    assert glossary.split_aliases(" a, b ,, a ") == ["a", "b"]


def test_articles_are_found_whatever_the_case(ctx):
    add()
    article = make_article(make_topic(), found="Nothing yet.")
    article.found = "A LESION."
    db.session.flush()
    assert glossary.rerender_affected({"lesion"}) == 1
    assert db.session.get(Article, article.id).rendered["found"].count('class="term"') == 1
