"""Search words: splitting what a reader typed, and the synonyms staff keep in one file.

`content/synonyms.toml` (documented in the file and in docs/search.md) lists groups of
words that mean the same to a reader: brand and generic drug names, everyday and medical
words, abbreviations. `expand` turns a reader's words into groups of alternatives, each
alternative a phrase, so "brain fog" becomes ("brain fog", "cognition", "cognitive").
The file is read again when it changes, so staff need no restart.
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

# Letters and digits of any script; everything else (quotes, operators, emoji) separates.
WORD = re.compile(r"[^\W_]+")
MAX_WORD_LENGTH = 40

# PostgreSQL's english stop words: left out of every search on both databases, so both
# answer alike (SQLite's FTS5 would otherwise match "the" in every article).
_STOP_WORDS = """a about above after again against all am an and any are as at be because been
    before being below between both but by can did do does doing don down during each few for
    from further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own s same she should so some such t than that the their theirs
    them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with you your yours yourself
    yourselves"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def fold(text: str) -> str:
    """`text` without accents ("vïtàmin" → "vitamin"), as the index stores it on both
    databases (PostgreSQL has no accent folding of its own)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def words(text: str | None) -> list[str]:
    """The lower-case words of `text`, in order (any script; accents, punctuation and emoji
    dropped)."""
    return [w for w in WORD.findall(fold(text or "").lower()) if len(w) <= MAX_WORD_LENGTH]


def phrase(text: str) -> str:
    """A word or phrase as search compares it: lower-case words joined by single spaces."""
    return " ".join(words(text))


@dataclass
class Synonyms:
    """Each phrase of the file, mapped to every phrase it stands for (itself first)."""

    by_phrase: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def longest(self) -> int:
        return max((len(p.split()) for p in self.by_phrase), default=1)


def parse(text: str, name: str = "synonyms.toml") -> Synonyms:
    """Read the synonyms file's text; malformed groups are skipped and listed in `problems`."""
    found = Synonyms()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found.problems.append(f"{name}: {exc}")
        return found
    merged: dict[str, dict[str, None]] = {}
    for key, groups in data.items():
        if not isinstance(groups, list):
            found.problems.append(f"{name}: {key}: expected a list of groups")
            continue
        for n, group in enumerate(groups, 1):
            entries = group if isinstance(group, list) else []
            phrases = [phrase(w) for w in entries if isinstance(w, str)]
            if len(set(filter(None, phrases))) < 2 or len(phrases) < len(entries):
                found.problems.append(f"{name}: {key}, group {n}: give two or more words")
                continue
            for p in phrases:
                merged.setdefault(p, {p: None}).update(dict.fromkeys(phrases))
    found.by_phrase = {p: tuple(alternatives) for p, alternatives in merged.items()}
    return found


def _path() -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / "synonyms.toml"


def current() -> Synonyms:
    """The app's synonyms, read again when the file's modification time changes."""
    path = _path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Synonyms()
    cached = current_app.extensions.get("plainly.synonyms")
    if cached is None or cached[0] != (path, stamp):
        try:
            found = parse(path.read_text(encoding="utf-8"), path.name)
        except UnicodeDecodeError:
            found = Synonyms(problems=[f"{path.name}: not UTF-8 text"])
        cached = ((path, stamp), found)
        current_app.extensions["plainly.synonyms"] = cached
    return cached[1]


def expand(query_words: list[str], synonyms: Synonyms) -> list[tuple[str, ...]]:
    """Groups of alternative phrases, one group per word or synonym phrase of the query.

    The longest phrase of the file that starts at a word wins ("eye test" before "eye");
    stop words are dropped unless they belong to such a phrase.
    """
    groups: list[tuple[str, ...]] = []
    i = 0
    while i < len(query_words):
        for n in range(min(synonyms.longest, len(query_words) - i), 0, -1):
            alternatives = synonyms.by_phrase.get(" ".join(query_words[i : i + n]))
            if alternatives:
                groups.append(alternatives)
                i += n
                break
        else:
            if query_words[i] not in STOP_WORDS:
                groups.append((query_words[i],))
            i += 1
    return list(dict.fromkeys(groups))
