"""A tiny HTML reader for tests: find elements by tag, class or id and read their text.

Built on the standard library so assertions can be about what a reader sees on a page
(which card, which heading, in what order) rather than about raw substrings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_SPACE = re.compile(r"\s+")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        """The visible text, whitespace collapsed (visually hidden text included)."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return _SPACE.sub(" ", "".join(parts)).strip()

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, cls: str | None = None, **attrs) -> list[Node]:
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if cls and cls not in node.classes:
                continue
            if any(node.attrs.get(k.rstrip("_")) != v for k, v in attrs.items()):
                continue
            found.append(node)
        return found

    def find(self, tag: str | None = None, *, cls: str | None = None, **attrs) -> Node:
        """Exactly one matching element (the test fails otherwise)."""
        found = self.find_all(tag, cls=cls, **attrs)
        assert len(found) == 1, f"expected one <{tag} class={cls} {attrs}>, found {len(found)}"
        return found[0]

    def links(self) -> list[tuple[str, str]]:
        """(text, href) for every link inside this element, in page order."""
        return [(a.text, a.attrs.get("href", "")) for a in self.find_all("a")]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag == "option" and self.stack[-1].tag == "option":
            self.stack.pop()  # as in HTML, an <option> ends the one before it
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str | bytes) -> Node:
    if isinstance(html, bytes):
        html = html.decode()
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(response) -> Node:
    """Parse a test-client response."""
    return parse(response.get_data(as_text=True))


def main(response) -> Node:
    """The <main> element of a page: what the view rendered, without header and footer."""
    return page(response).find("main")


def cards(node: Node) -> dict[str, Node]:
    """Article cards by slug, in the order shown."""
    found = {}
    for card in node.find_all("article", cls="card"):
        slug = card.find("h2").find("a").attrs["href"].rsplit("/", 1)[-1]
        assert slug not in found, f"{slug} shown twice"
        found[slug] = card
    return found


def card_slugs(node: Node) -> list[str]:
    """Article slugs of the cards in a list, in the order shown."""
    return [
        card.find("h2").find("a").attrs["href"].rsplit("/", 1)[-1]
        for card in node.find_all("article", cls="card")
    ]


def older_link(node: Node) -> str | None:
    """The href of the "Older articles" link, or None on the last page."""
    links = [href for text, href in node.links() if text == "Older articles"]
    assert len(links) <= 1
    return links[0] if links else None


def flashes(response) -> list[str]:
    """The flashed messages, also those the welcome note after signing up gathers."""
    shown = page(response).find_all("p", cls="flash")
    for note in page(response).find_all("div", cls="welcome-note"):
        shown += [p for p in note.find_all("p") if p.classes & {"welcome-title", "flash-line"}]
    return [p.text for p in shown]
