"""Article sections: a small Markdown subset rendered to sanitized HTML, once, on save.

Writers may use paragraphs, bulleted and numbered lists, bold, italic and links. The parser
(markdown-it-py, with raw HTML off) produces the HTML and nh3 then keeps only the tags and
link schemes listed here, so raw HTML, `javascript:` and `data:` links and event handlers
never reach a page. Pages show `article.rendered`; nothing is parsed per page view.
"""

from collections.abc import Mapping

import nh3
from markdown_it import MarkdownIt

from models import Article

SECTIONS = ("found", "for_patients", "for_caregivers", "for_clinicians", "limitations")
TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
LINK_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("zero").enable(["paragraph", "list", "emphasis", "link", "newline"])


def render(text: str) -> str:
    """Sanitized HTML for one section's Markdown."""
    html = _markdown.render(text or "")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
    )


def rendered(sections: Mapping[str, str]) -> dict[str, str]:
    """The HTML of every section, from a mapping of section name to Markdown."""
    return {name: render(sections[name]) for name in SECTIONS}


def render_article(article: Article) -> None:
    """Store the HTML of every section on the article (not committed)."""
    article.rendered = rendered({name: getattr(article, name) for name in SECTIONS})
