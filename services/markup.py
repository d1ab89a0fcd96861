"""Article sections: a small Markdown subset rendered to sanitized HTML, once, on save.

Writers may use paragraphs, bulleted and numbered lists, bold, italic and links. The parser
(markdown-it-py, with raw HTML off) produces the HTML and nh3 then keeps only the tags and
link schemes listed here, so raw HTML, `javascript:` and `data:` links and event handlers
never reach a page. Pages show `article.rendered`; nothing is parsed per page view.

`render_article` also links the first use of each glossary word in the article (see
`services.glossary_links`), so the stored HTML changes when the glossary does.
"""

from collections.abc import Mapping
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

from models import Article
from services.glossary_links import ADDED_ATTRIBUTES, ADDED_TAGS, Glossary, link_terms

SECTIONS = ("found", "for_patients", "for_caregivers", "for_clinicians", "limitations")
TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
ATTRIBUTES = {"a": {"href"}}
LINK_SCHEMES = {"http", "https", "mailto"}
LINKED_TAGS = TAGS | ADDED_TAGS
LINKED_ATTRIBUTES = {
    tag: ATTRIBUTES.get(tag, set()) | ADDED_ATTRIBUTES.get(tag, set())
    for tag in ATTRIBUTES.keys() | ADDED_ATTRIBUTES.keys()
}

_markdown = MarkdownIt("zero").enable(["paragraph", "list", "emphasis", "link", "newline"])


def _clean(html: str, tags: set[str], attributes: dict[str, set[str]], relative: str) -> str:
    return nh3.clean(
        html,
        tags=tags,
        # "*": nh3 keeps `title` and `lang` on every tag unless told otherwise.
        attributes={**attributes, "*": set()},
        url_schemes=LINK_SCHEMES,
        url_relative=relative,
        link_rel="noopener noreferrer",
    )


def render(text: str) -> str:
    """Sanitized HTML for one section's Markdown."""
    # A writer's link is absolute: a relative one would also hide tricks such as
    # "java%09script:" that a browser reads as a path.
    return _clean(_markdown.render(text or ""), TAGS, ATTRIBUTES, relative="deny")


def rendered(sections: Mapping[str, str], glossary: Glossary | None = None) -> dict[str, str]:
    """The HTML of every section, from a mapping of section name to Markdown.

    With a glossary, the first use of each of its words in the whole article (sections in
    reading order) links to its definition.
    """
    html = {name: render(sections[name]) for name in SECTIONS}
    if glossary is None:
        return html
    used: set[str] = set()
    # Cleaned again: what linking added is escaped already, and nh3 guarantees it. The only
    # relative links left are the glossary's own.
    return {
        name: _clean(
            link_terms(html[name], glossary, used),
            LINKED_TAGS,
            LINKED_ATTRIBUTES,
            relative="pass_through",
        )
        for name in SECTIONS
    }


def render_article(article: Article, glossary: Glossary | None = None) -> None:
    """Store the HTML of every section on the article, with glossary links (not committed).

    `glossary` defaults to the current glossary in the database; pass one when rendering
    many articles in a row.
    """
    glossary = glossary if glossary is not None else Glossary.from_database()
    article.rendered = rendered({name: getattr(article, name) for name in SECTIONS}, glossary)


class _FirstBlock(HTMLParser):
    """Finds where the first top-level element of well-formed HTML ends."""

    VOID = frozenset({"br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.end: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.depth -= 1
        if self.depth == 0 and self.end is None:
            self.end = self.getpos()


def first_block(html: str) -> str:
    """The first paragraph (or list) of a section's stored HTML, for the short version.

    The HTML is what `render` stored, so it is well formed: the first top-level element ends
    at the first closing tag that brings the nesting back to zero.
    """
    finder = _FirstBlock()
    finder.feed(html or "")
    finder.close()
    if finder.end is None:
        return html or ""
    line, column = finder.end
    offset = sum(len(text) for text in (html.splitlines(keepends=True))[: line - 1]) + column
    return html[: html.index(">", offset) + 1]
