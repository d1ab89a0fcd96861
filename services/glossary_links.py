"""Linking the first use of a glossary word in an article's sanitized HTML.

The markup added for a word, in a paragraph or list of the article:

    <p>… <a class="term" href="/glossary#lesion">lesions</a> …</p>
    <details class="term-note"><summary>What “lesion” means</summary><p>…</p></details>

Why this shape: the definition has to open in place without JavaScript, and the page must
stay valid HTML. `<details>` is the one native disclosure that works without script, with
the keyboard and with screen readers (announced as a collapsed or expanded button), but it
is block content and cannot sit inside a `<p>`. So the word itself becomes an ordinary link
to its glossary entry, and the disclosure follows the paragraph (or list) where the word
first appears. CSS-only tricks with a hidden checkbox or `:target` were rejected: they hide
their state from assistive technology or move focus and the URL as a side effect.

Only text is linked, never the inside of an existing link. Everything added is escaped,
and services.markup passes the result through nh3 once more with just the added tags allowed.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import escape
from sqlalchemy import select

from models import GlossaryTerm, db

GLOSSARY_PATH = "/glossary"
_VOID = {"br"}  # the one element of a rendered section without an end tag
# What linking adds to a section's HTML, for services.markup to allow when it cleans again.
ADDED_TAGS = {"details", "summary"}
ADDED_ATTRIBUTES = {"a": {"class"}, "details": {"class"}}


@dataclass(frozen=True)
class Entry:
    slug: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()


def _normal(word: str) -> str:
    return " ".join(word.split()).lower()


class Glossary:
    """The words to link, compiled once: every term and alias, longest first."""

    def __init__(self, entries: Iterable[Entry]):
        self.by_word: dict[str, Entry] = {}
        for entry in entries:
            for word in (entry.term, *entry.aliases):
                if _normal(word):
                    self.by_word.setdefault(_normal(word), entry)
        words = sorted(self.by_word, key=len, reverse=True)
        # A line break inside a two-word term still counts; "-" joins words, so "MS-like"
        # is not a use of "MS".
        alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
        self.pattern = (
            re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE) if words else None
        )

    @classmethod
    def from_terms(cls, terms: Iterable[GlossaryTerm]) -> "Glossary":
        return cls(Entry(t.slug, t.term, t.definition, tuple(t.aliases or ())) for t in terms)

    @classmethod
    def from_database(cls) -> "Glossary":
        """The glossary as stored now."""
        return cls.from_terms(db.session.scalars(select(GlossaryTerm)))


def term_link(entry: Entry, text: str) -> str:
    return f'<a class="term" href="{GLOSSARY_PATH}#{escape(entry.slug)}">{text}</a>'


def definition_note(entry: Entry) -> str:
    return (
        f'<details class="term-note"><summary>What “{escape(entry.term)}” means</summary>'
        f"<p>{escape(entry.definition)}</p></details>"
    )


class _Linker(HTMLParser):
    """Copies sanitized HTML through, linking words in text outside links."""

    def __init__(self, glossary: Glossary, used: set[str]):
        super().__init__(convert_charrefs=False)  # entities stay apart from the words
        self.glossary, self.used = glossary, used
        self.out: list[str] = []
        self.notes: list[str] = []
        self.depth = self.in_link = 0

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text() or "")
        if tag == "a":
            self.in_link += 1
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag == "a":
            self.in_link -= 1
        self.depth -= 1
        if self.depth <= 0:
            self.flush()

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_data(self, data):
        if self.in_link or self.glossary.pattern is None:
            self.out.append(data)
            return
        start = 0
        for match in self.glossary.pattern.finditer(data):
            entry = self.glossary.by_word[_normal(match[0])]
            if entry.slug in self.used:
                continue
            self.used.add(entry.slug)
            self.out.append(data[start : match.start()] + term_link(entry, match[0]))
            self.notes.append(definition_note(entry))
            start = match.end()
        self.out.append(data[start:])

    def flush(self):
        self.out.extend(self.notes)
        self.notes.clear()


def link_terms(html: str, glossary: Glossary, used: set[str]) -> str:
    """`html` with the first use of each glossary word not yet in `used` (slugs) linked;
    the linked slugs are added to `used`."""
    if glossary.pattern is None:
        return html
    linker = _Linker(glossary, used)
    linker.feed(html)
    linker.close()
    linker.flush()
    return "".join(linker.out)
