"""The fields of an article summary, checked alike wherever one is read from a file.

`services.content` (the TOML files in content/) and `services.imports` (JSON, CSV and TOML
uploads) both read the same nested shape: top-level text fields plus the `matters`,
`evidence` and `source` tables. `read_body` checks all of them and returns the model fields;
each caller adds the fields only it knows (a publish date, a status) and its own prefix for
messages ("broken.toml", "row 7").
"""

import re
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from models.article import CONDITIONS, PHASES, POPULATIONS, STUDY_TYPES
from services.slugs import SLUG

SLUG_MESSAGE = "use lower-case letters, digits and hyphens"
PMID = re.compile(r"[0-9]{1,12}")
DOI = re.compile(r"10\.\d{4,9}/\S+")
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
FIRST_YEAR = 1900

# The keys every article has, in any format; each reader adds its own (published, status…).
BODY_KEYS = {
    "slug", "title", "topics", "summary", "conditions",
    "found", "limitations", "questions", "matters", "evidence", "source",
}  # fmt: skip
# The study's identifiers (PMID, DOI, title, first author) are copied from its PubMed record;
# a file or import leaves out any it has not seen there.
SOURCE_KEYS = frozenset({"journal", "year", "url", "pmid", "doi", "title", "first_author"})
SECTION_KEYS = {
    "matters": {"patients", "caregivers", "clinicians"},
    "evidence": {"study_type", "phase", "participants", "population"},
    "source": SOURCE_KEYS,
}


class Checker:
    """Collects the problems of one article ("<name>: <field>: <what is wrong>")."""

    def __init__(self, name: str, problems: list[str]):
        self.name, self.problems = name, problems

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{self.name}: {where}: {message}")

    def text(self, data: Mapping, key: str, where: str, max_len: int | None = None) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "required text is missing")
            return ""
        if max_len and len(value) > max_len:
            self.fail(where, f"longer than {max_len} characters")
        return value.strip()

    def optional_text(self, data: Mapping, key: str, where: str, max_len: int) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return self.text(data, key, where, max_len) or None

    def choice(
        self, data: Mapping, key: str, where: str, allowed: Collection[str], optional=False
    ) -> str | None:
        value = data.get(key)
        if value is None and optional:
            return None
        if value not in allowed:
            self.fail(where, f"must be one of: {', '.join(sorted(allowed))}")
        return value

    def flag(self, data: Mapping, key: str, where: str, default: bool) -> bool:
        """A true/false value, `default` when it is left out."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(where, "must be true or false")
        return value

    def text_list(self, data: Mapping, key: str, where: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(where, "must be a list of texts")
            return []
        return [v.strip() for v in value]

    def section(self, data: Mapping, key: str, allowed: Collection[str]) -> dict:
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(key, "required table is missing")
            return {}
        for unknown in sorted(set(value) - set(allowed)):
            self.fail(f"{key}.{unknown}", "unknown field")
        return value

    def unknown_keys(self, data: Mapping, allowed: Collection[str], where: str = "") -> None:
        for unknown in sorted(set(data) - set(allowed)):
            self.fail(f"{where}.{unknown}" if where else unknown, "unknown field")


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_slug(check: Checker, data: Mapping) -> str:
    slug = check.text(data, "slug", "slug", 120)
    if slug and not SLUG.fullmatch(slug):
        check.fail("slug", SLUG_MESSAGE)
    return slug


def read_body(
    check: Checker,
    data: Mapping,
    topic_slugs: Collection[str],
) -> dict:
    """Check the fields every article has; the model fields (and `topics`, a list of slugs).

    Problems go to `check`; the values returned are only meaningful when there were none.
    """
    sections = SECTION_KEYS
    topics = data.get("topics")
    if not isinstance(topics, list) or not 1 <= len(topics) <= 3:
        check.fail("topics", "list one to three topic slugs")
        topics = []
    for unknown in sorted({t for t in topics if t not in topic_slugs}, key=str):
        check.fail("topics", f"unknown topic {unknown!r}")
    conditions = check.text_list(data, "conditions", "conditions")
    for unknown in sorted(set(conditions) - set(CONDITIONS)):
        check.fail("conditions", f"unknown condition {unknown!r}: use {', '.join(CONDITIONS)}")
    questions = check.text_list(data, "questions", "questions")

    matters, evidence, source = (check.section(data, k, keys) for k, keys in sections.items())
    participants = evidence.get("participants")
    if participants is not None and (not _whole_number(participants) or participants < 1):
        check.fail("evidence.participants", "must be a whole number above 0, or left out")
    return {
        "title": check.text(data, "title", "title", 200),
        "summary": check.text(data, "summary", "summary"),
        "found": check.text(data, "found", "found"),
        "limitations": check.text(data, "limitations", "limitations"),
        "for_patients": check.text(matters, "patients", "matters.patients"),
        "for_caregivers": check.text(matters, "caregivers", "matters.caregivers"),
        "for_clinicians": check.text(matters, "clinicians", "matters.clinicians"),
        "questions": questions,
        "conditions": list(dict.fromkeys(conditions)),
        "study_type": check.choice(evidence, "study_type", "evidence.study_type", STUDY_TYPES),
        "phase": check.choice(evidence, "phase", "evidence.phase", PHASES, optional=True),
        "participants": participants,
        "population": check.choice(evidence, "population", "evidence.population", POPULATIONS),
        **read_source(check, source),
        "topics": list(dict.fromkeys(topics)),
    }


def read_source(check: Checker, source: Mapping) -> dict:
    """The `source` table: the study the summary is about."""
    year = source.get("year")
    if not _whole_number(year) or not FIRST_YEAR <= year <= datetime.now(UTC).year:
        check.fail("source.year", "must be the year the study was published")
    pmid = source.get("pmid")
    if _whole_number(pmid) and pmid > 0:
        pmid = str(pmid)
    if pmid is not None and (not isinstance(pmid, str) or not PMID.fullmatch(pmid)):
        check.fail("source.pmid", "digits only")
        pmid = None
    doi = check.optional_text(source, "doi", "source.doi", 200)
    if doi and not DOI.fullmatch(doi):
        check.fail(
            "source.doi", "must start with 10. and hold a slash (for example 10.1000/xyz123)"
        )
    if source.get("url") is None and source.get("pmid") is not None:
        # The PubMed page of the study; a bad PMID is reported above, not as a missing URL.
        url = PUBMED_URL.format(pmid=pmid) if pmid else ""
    else:
        url = check.text(source, "url", "source.url", 500)
        if url and not url.startswith("https://"):
            check.fail("source.url", "must start with https://")
    return {
        "source_journal": check.text(source, "journal", "source.journal", 200),
        "source_year": year,
        "source_url": url,
        "source_pmid": pmid,
        "source_doi": doi,
        "source_title": check.optional_text(source, "title", "source.title", 500),
        "source_first_author": check.optional_text(
            source, "first_author", "source.first_author", 200
        ),
    }
