"""How hard each section is to read, measured on the server with textstat (offline).

For each section: the Flesch-Kincaid grade, the average sentence length and the uncommon
long words (three syllables or more, not on textstat's list of common words) that the
glossary does not explain. Text meant for everyone is flagged above grade 8; the text for
healthcare professionals is exempt.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import textstat

from models import Article

GRADE_LIMIT = 8
HARD_WORD_SYLLABLES = 3
# The sections shown on the edit page, with their labels; clinicians' text is exempt.
SECTIONS = {
    "summary": "Summary",
    "found": "What the study found",
    "for_patients": "For people living with the condition",
    "for_caregivers": "For caregivers and family",
    "for_clinicians": "For healthcare professionals",
    "limitations": "Limitations",
}
EXEMPT = {"for_clinicians"}
LAY_SECTIONS = ("for_patients", "for_caregivers")

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_`#>]+")
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")


@cache
def easy_words() -> frozenset[str]:
    """textstat's list of common English words, read once (and the file closed)."""
    path = resources.files("textstat").joinpath("resources/en/easy_words.txt")
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines())


def hard_words(text: str) -> set[str]:
    """Uncommon words of HARD_WORD_SYLLABLES syllables or more, lower-case."""
    easy = easy_words()
    words = set(_WORD.findall(text.lower())) - easy
    return {w for w in words if textstat.syllable_count(w) >= HARD_WORD_SYLLABLES}


@dataclass(frozen=True)
class Reading:
    name: str
    label: str
    words: int
    grade: float | None
    sentence_length: float | None
    unexplained: list[str]
    warn: bool


def plain(markdown: str) -> str:
    """The words of a Markdown section: link text kept, addresses and marks dropped."""
    return _MARKS.sub("", _LINK.sub(r"\1", markdown or ""))


def grade(text: str) -> float | None:
    """Flesch-Kincaid grade of plain text, or None when there is nothing to measure."""
    if not textstat.lexicon_count(text):
        return None
    return round(max(0.0, textstat.flesch_kincaid_grade(text)), 1)


def _explained(word: str, known: set[str]) -> bool:
    return word in known or word.rstrip("s") in known or f"{word}s" in known


def measure(name: str, markdown: str, known: Iterable[str] = ()) -> Reading:
    """One section's reading: `known` are the lower-case words the glossary explains."""
    text = plain(markdown)
    known = {part for phrase in known for part in (phrase, *phrase.split())}
    words = textstat.lexicon_count(text)
    sentences = textstat.sentence_count(text) if words else 0
    hard = hard_words(text)
    level = grade(text)
    return Reading(
        name=name,
        label=SECTIONS.get(name, name),
        words=words,
        grade=level,
        sentence_length=round(words / sentences, 1) if sentences else None,
        unexplained=sorted(w for w in hard if not _explained(w, known)),
        warn=name not in EXEMPT and level is not None and level > GRADE_LIMIT,
    )


def panel(sections: dict[str, str], known: Iterable[str] = ()) -> list[Reading]:
    """The reading of every section in SECTIONS, from a mapping of name to Markdown."""
    known = set(known)
    return [measure(name, sections.get(name) or "", known) for name in SECTIONS]


def lay_grade(article: Article) -> float | None:
    """The grade of the text for patients and caregivers together (Article.reading_grade)."""
    return grade(" ".join(plain(getattr(article, name) or "") for name in LAY_SECTIONS))
