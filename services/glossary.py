"""The glossary: medical words and their plain definitions.

The first use of a glossary word in an article links to its definition, and that link is
part of the article's stored HTML. So every change to a term re-renders the articles whose
text uses one of its words, old or new (`rerender_affected`); nothing else is touched.
"""

import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from models import Article, GlossaryTerm, db
from services import markup
from services.errors import DomainError
from services.glossary_links import Glossary
from services.slugs import SLUG, slugify

TERM_MAX_LENGTH = 80
SLUG_MAX_LENGTH = 80
DEFINITION_MAX_LENGTH = 400
ALIASES_MAX = 10
DEFINITION_HINT = "One or two plain sentences a 13-year-old could follow."
# Ids the glossary page uses itself: a term's slug is its anchor there.
RESERVED_SLUGS = {"main", "error-summary", "glossary-letters"}
LETTER_ID_PREFIX = "letter-"
ALIASES_HINT = "Other forms of the word that count as the same term, separated by commas."


def terms() -> list[GlossaryTerm]:
    """Every term, in alphabetical order."""
    return sorted(db.session.scalars(select(GlossaryTerm)), key=lambda t: t.term.casefold())


def known_words() -> set[str]:
    """Every term and alias, lower-case: words an article explains by linking the glossary."""
    known = set()
    for term in terms():
        known |= {term.term.lower(), *(alias.lower() for alias in term.aliases)}
    return known


def get_term(term_id: int) -> GlossaryTerm | None:
    return db.session.get(GlossaryTerm, term_id)


def get_by_slug(slug: str) -> GlossaryTerm | None:
    return db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.slug == slug))


LETTERS = tuple(string.ascii_uppercase)
OTHER = "#"  # terms that start with a digit or another sign


def by_letter(all_terms: list[GlossaryTerm]) -> list[tuple[str, list[GlossaryTerm]]]:
    """A to Z (then "#"), each letter with its terms in order; a letter may have none."""
    groups: dict[str, list[GlossaryTerm]] = {letter: [] for letter in (*LETTERS, OTHER)}
    for term in all_terms:
        first = unicodedata.normalize("NFKD", term.term[:1]).upper()[:1]
        groups[first if first in groups else OTHER].append(term)
    return [(letter, found) for letter, found in groups.items() if found or letter != OTHER]


def split_aliases(text: str | None) -> list[str]:
    """The comma-separated form field as a list: "lesions, Plaques ,," → two aliases."""
    return list(dict.fromkeys(a.strip() for a in (text or "").split(",") if a.strip()))


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a term (its web address and anchor), or None."""
    if not SLUG.fullmatch(slug) or len(slug) > SLUG_MAX_LENGTH:
        return (
            "Use lower-case letters, digits and single hyphens in the web address, "
            f"up to {SLUG_MAX_LENGTH} characters."
        )
    if slug in RESERVED_SLUGS or slug.startswith(LETTER_ID_PREFIX):
        return "This web address is kept for the glossary page itself. Choose another."
    return None


@dataclass(frozen=True)
class TermInput:
    term: str
    slug: str
    definition: str
    aliases: list[str]


def _words(term: GlossaryTerm) -> set[str]:
    return {" ".join(w.split()).lower() for w in (term.term, *(term.aliases or ()))}


def _check(values: TermInput, current: GlossaryTerm | None) -> TermInput:
    """The tidied values, or DomainError naming every field that breaks a rule."""
    term = " ".join(values.term.split())
    slug = values.slug.strip() or slugify(term, SLUG_MAX_LENGTH)
    definition = " ".join(values.definition.split())
    aliases = [a for a in dict.fromkeys(" ".join(a.split()) for a in values.aliases) if a]
    aliases = [a for a in aliases if a.lower() != term.lower()]
    errors = {}
    if not term:
        errors["term"] = "Enter the word or phrase."
    elif len(term) > TERM_MAX_LENGTH:
        errors["term"] = f"Keep the word to {TERM_MAX_LENGTH} characters or fewer."
    if problem := slug_problem(slug):
        errors["slug"] = problem
    if not definition:
        errors["definition"] = "Enter a plain definition."
    elif len(definition) > DEFINITION_MAX_LENGTH:
        errors["definition"] = f"Keep the definition to {DEFINITION_MAX_LENGTH} characters."
    if len(aliases) > ALIASES_MAX or any(len(a) > TERM_MAX_LENGTH for a in aliases):
        errors["aliases"] = (
            f"Give up to {ALIASES_MAX} other forms, each {TERM_MAX_LENGTH} characters or fewer."
        )
    others = [t for t in db.session.scalars(select(GlossaryTerm)) if t is not current]
    if "slug" not in errors and any(t.slug == slug for t in others):
        errors["slug"] = "Another term already uses this web address."
    taken = {word: t for t in others for word in _words(t)}
    if term and "term" not in errors and term.lower() in taken:
        errors["term"] = f"“{term}” is already part of “{taken[term.lower()].term}”."
    clashes = [a for a in aliases if a.lower() in taken]
    if clashes and "aliases" not in errors:
        errors["aliases"] = f"Already part of another term: {', '.join(clashes)}."
    if errors:
        raise DomainError(errors)
    return TermInput(term, slug, definition, aliases)


def save_term(values: TermInput, current: GlossaryTerm | None = None) -> GlossaryTerm:
    """Create a term, or change `current`; re-renders the articles it touches (not committed)."""
    clean = _check(values, current)
    old_words = _words(current) if current is not None else set()
    term = current or GlossaryTerm()
    term.term, term.slug = clean.term, clean.slug
    term.definition, term.aliases = clean.definition, clean.aliases
    term.is_sample = False  # written or checked by staff now
    db.session.add(term)
    db.session.flush()
    rerender_affected(old_words | _words(term))
    return term


def delete_term(term: GlossaryTerm) -> None:
    """Remove a term and its links from the articles that used it (not committed)."""
    words = _words(term)
    db.session.delete(term)
    db.session.flush()
    rerender_affected(words)


def rerender_affected(words: Iterable[str]) -> int:
    """Re-render the articles whose Markdown contains one of `words` (any case); returns how
    many changed. A LIKE per section and word finds them, so an edit never reads every
    article's HTML; a word split over two lines is the one use this can miss."""
    words = {" ".join(w.split()).lower() for w in words} - {""}
    if not words:
        return 0
    sections = [getattr(Article, name) for name in markup.SECTIONS]
    stmt = select(Article).where(
        or_(*(func.lower(s).contains(w, autoescape=True) for s in sections for w in words))
    )
    return rerender(db.session.scalars(stmt), Glossary.from_database())


def rerender(articles: Iterable[Article], glossary: Glossary) -> int:
    """Render `articles` again with `glossary`; returns how many came out different."""
    changed = 0
    for article in articles:
        before = article.rendered
        markup.render_article(article, glossary)
        # An equal value is no change to SQLAlchemy: no UPDATE, updated_at kept.
        changed += article.rendered != before
    return changed
