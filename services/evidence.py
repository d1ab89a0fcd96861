"""How much a study can show: the evidence ladder, the study's age and its citation.

One home for these rules: article cards, the article page, the appointment sheet and the
digest emails all ask here.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from services.article_fields import DOI, PMID, PUBMED_URL

LEVELS = 6
# A study older than this many years carries the "Older study" tag.
OLDER_AFTER_YEARS = 5
PUBMED_SEARCH = "https://pubmed.ncbi.nlm.nih.gov/"
DOI_URL = "https://doi.org/{doi}"


@dataclass(frozen=True)
class Level:
    """One rung of the ladder: 1 (lab study) to 6 (review, meta-analysis or guideline)."""

    number: int
    name: str
    can_show: str  # one plain line: what this kind of study can and cannot show

    @property
    def spoken(self) -> str:
        """What a screen reader hears: "Strength of evidence: 5 of 6, randomized trial"."""
        return f"Strength of evidence: {self.number} of {LEVELS}, {self.name}"


LADDER = (
    Level(
        1,
        "lab or animal study",
        "A lab or animal study can point to ideas worth testing; it cannot show what happens "
        "in people.",
    ),
    Level(
        2,
        "case report or case series",
        "A case report describes what happened to a few people; it cannot show how common "
        "that is or what caused it.",
    ),
    Level(
        3,
        "observational study",
        "An observational study finds links; it cannot prove that one thing causes another.",
    ),
    Level(
        4,
        "trial without randomization",
        "A trial without randomization tests a treatment; without a fair comparison group it "
        "cannot rule out other reasons for the result.",
    ),
    Level(
        5,
        "randomized trial",
        "A randomized trial compares groups chosen by chance, so it can show cause and "
        "effect; one trial cannot always catch rare or long-term effects.",
    ),
    Level(
        6,
        "review, meta-analysis or guideline",
        "A review, meta-analysis or guideline weighs many studies together; it is only as "
        "good as the studies it draws on.",
    ),
)

# models.article.STUDY_TYPES keys → their rung.
_RUNG = {
    "lab-animal": 1,
    "lab-cells": 1,
    "case-report": 2,
    "case-series": 2,
    "observational": 3,
    "non-randomized-trial": 4,
    "randomized-trial": 5,
    "review": 6,
    "meta-analysis": 6,
    "guideline": 6,
}


def level_of(study_type: str | None) -> Level | None:
    """The ladder rung of a study type, or None for a type the ladder does not know."""
    rung = _RUNG.get(study_type or "")
    return LADDER[rung - 1] if rung else None


def is_older_study(source_year: int | None, today: datetime | None = None) -> bool:
    """True when the study came out more than OLDER_AFTER_YEARS years before this year."""
    if source_year is None:
        return False
    return (today or datetime.now(UTC)).year - source_year > OLDER_AFTER_YEARS


@dataclass(frozen=True)
class Citation:
    """The study as a reader cites it, with links built only from valid identifiers."""

    authors: str | None  # "Smith et al."
    journal: str
    year: int | None
    title: str | None
    pmid: str | None
    doi: str | None
    pubmed_url: str | None
    doi_url: str | None
    search_url: str | None  # only when no PubMed record is known

    @property
    def short(self) -> str:
        """The citation in one line: "Smith et al. Neurology, 2021"."""
        where = ", ".join(str(p) for p in (self.journal, self.year) if p)
        return f"{self.authors} {where}" if self.authors else where


def _valid(pattern, value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value and pattern.fullmatch(value) else None


def citation(article) -> Citation:
    """The citation of `article`'s study: first author "et al.", journal, year and links.

    The PubMed and DOI links are built only from a PMID of digits and a well-formed DOI;
    without a PubMed record the reader gets a PubMed search for the paper instead.
    """
    pmid = _valid(PMID, article.source_pmid)
    doi = _valid(DOI, article.source_doi)
    author = (article.source_first_author or "").strip()
    search_url = None
    if not pmid:
        stored = article.source_url or ""
        if stored.startswith(PUBMED_SEARCH + "?"):
            search_url = stored
        else:
            terms = article.source_title or article.title
            search_url = PUBMED_SEARCH + "?" + urlencode({"term": terms})
    return Citation(
        authors=f"{author} et al." if author else None,
        journal=article.source_journal,
        year=article.source_year,
        title=article.source_title,
        pmid=pmid,
        doi=doi,
        pubmed_url=PUBMED_URL.format(pmid=pmid) if pmid else None,
        doi_url=DOI_URL.format(doi=doi) if doi else None,
        search_url=search_url,
    )


_TEAM_NAMES = {"ms": "MS", "nmosd": "NMOSD", "mogad": "MOGAD"}


def condition_team(conditions: list[str] | None) -> str:
    """Whose team the disclaimer names: the article's conditions, else "MS, NMOSD or MOGAD"."""
    names = [_TEAM_NAMES[c] for c in conditions or [] if c in _TEAM_NAMES]
    names = names or list(_TEAM_NAMES.values())
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]
