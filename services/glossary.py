"""The glossary: medical words and their plain definitions."""

from sqlalchemy import select

from models import GlossaryTerm, db


def terms() -> list[GlossaryTerm]:
    """Every term, in alphabetical order."""
    return list(db.session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.term)))


def known_words() -> set[str]:
    """Every term and alias, lower-case: words an article explains by linking the glossary."""
    known = set()
    for term in terms():
        known |= {term.term.lower(), *(alias.lower() for alias in term.aliases)}
    return known
