"""Prefilling a draft from a PubMed record (the XML that PubMed's efetch gives).

The XML is read with defusedxml, which refuses entity declarations (the "billion laughs"),
external references and, here, any document type declaration except PubMed's own. Every
refusal is a DomainError on the `xml` field with a message a writer can act on; nothing
is written unless the record is read in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import defusedxml.ElementTree as SafeET
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError
from sqlalchemy import select

from models import Article, db
from models.article import DRAFT
from services import authoring, markup
from services.article_fields import PMID, PUBMED_URL
from services.errors import DomainError
from services.slugs import slugify

if TYPE_CHECKING:  # the type only; parsing always goes through defusedxml
    from xml.etree.ElementTree import Element  # nosec B405

MAX_MB = 2
MAX_BYTES = MAX_MB * 1024 * 1024
FIELD = "xml"
# The declaration efetch puts at the top of every record; it is only a name, never fetched.
PUBMED_DOCTYPE = re.compile(
    r"(\s*<\?xml[^>]*\?>)?\s*<!DOCTYPE\s+PubmedArticleSet\s+PUBLIC\s+"
    r'"-//NLM//DTD PubMedArticle[^"<>\[\]]*"\s+'
    r'"https?://dtd\.nlm\.nih\.gov/ncbi/pubmed/out/pubmed_\d+\.dtd"\s*>'
)

MESSAGES = {
    "too_large": f"The record is larger than {MAX_MB} MB. Paste one PubMed record at a time.",
    "not_text": "The file is not UTF-8 text. Save the record from PubMed as XML and try again.",
    "entities": "The XML declares entities (<!ENTITY>). PubMed records never do, and they can "
    "be used to attack a server, so it was not read.",
    "external": "The XML refers to an outside file or address, so it was not read. Paste the "
    "record exactly as PubMed gives it.",
    "dtd": "The XML has a document type declaration (DTD) of its own, so it was not read. "
    "Only PubMed's own is accepted: paste the record exactly as PubMed gives it.",
    "malformed": "This is not well-formed XML (line {line}, column {column}). Copy the whole "
    "record again.",
    "root": "This is not a PubMed record: the XML starts with <{tag}>, not <PubmedArticleSet>.",
    "count": "The XML holds {count} records. Paste exactly one PubMed record.",
    "missing": "The record has no {what}, so no draft was made.",
}

# From PubMed publication types to Plainly's study types, strongest design first.
STUDY_TYPE_RULES = (
    ("meta-analysis", {"Meta-Analysis"}),
    ("randomized-trial", {"Randomized Controlled Trial", "Equivalence Trial"}),
    ("guideline", {"Practice Guideline", "Guideline", "Consensus Development Conference"}),
    ("review", {"Systematic Review", "Review", "Scoping Review"}),
    ("case-report", {"Case Reports"}),
    (
        "non-randomized-trial",
        {
            "Clinical Trial", "Controlled Clinical Trial", "Clinical Trial, Phase I",
            "Clinical Trial, Phase II", "Clinical Trial, Phase III", "Clinical Trial, Phase IV",
        },
    ),
    ("observational", {"Observational Study", "Multicenter Study"}),
)  # fmt: skip


@dataclass(frozen=True)
class PubmedRecord:
    title: str
    journal: str
    year: int
    pmid: str
    doi: str | None
    first_author: str | None
    publication_types: list[str] = field(default_factory=list)
    abstract: str = ""
    suggested_study_type: str | None = None


@dataclass(frozen=True)
class Prefill:
    """The draft made from a record, or (created False) the article that has its PMID."""

    article: Article
    created: bool


def _refuse(key: str, **values) -> DomainError:
    return DomainError({FIELD: MESSAGES[key].format(**values)})


def text_of(data: bytes) -> str:
    """The text of an uploaded record, refused when too large or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise _refuse("too_large")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("not_text") from None


def _root(xml_text: str) -> Element:
    if len(xml_text.encode("utf-8")) > MAX_BYTES:
        raise _refuse("too_large")
    # Only at the very top, where efetch puts it.
    found = PUBMED_DOCTYPE.match(xml_text)
    text = (found[1] or "") + xml_text[found.end() :] if found else xml_text
    try:
        try:
            return SafeET.fromstring(text, forbid_dtd=True)
        except DTDForbidden:
            # Read once more with the DTD let through (entities stay forbidden) to say why.
            SafeET.fromstring(text)
            raise _refuse("dtd") from None
    except EntitiesForbidden as exc:
        # An entity naming a file or address (SYSTEM/PUBLIC) is an external reference.
        raise _refuse("external" if exc.sysid or exc.pubid else "entities") from None
    except ExternalReferenceForbidden:
        raise _refuse("external") from None
    except ParseError as exc:
        line, column = exc.position
        raise _refuse("malformed", line=line, column=column) from None


def _text(element: Element | None) -> str:
    """All the text inside an element (titles carry <i>, <sup>…), on one line."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _year(article: Element) -> int | None:
    date = article.find("Journal/JournalIssue/PubDate")
    candidates = []
    if date is not None:
        candidates = [_text(date.find("Year")), _text(date.find("MedlineDate"))]
    candidates.append(_text(article.find("ArticleDate/Year")))
    for value in candidates:
        match = re.match(r"\d{4}", value)
        if match:
            return int(match[0])
    return None


def _first_author(article: Element) -> str | None:
    author = article.find("AuthorList/Author")
    if author is None:
        return None
    if author.find("CollectiveName") is not None:
        return _text(author.find("CollectiveName"))[:200] or None
    last = _text(author.find("LastName"))
    given = _text(author.find("Initials")) or _text(author.find("ForeName"))
    return " ".join(part for part in (last, given) if part)[:200] or None


def _abstract(article: Element) -> str:
    parts = []
    for section in article.findall("Abstract/AbstractText"):
        text, label = _text(section), section.get("Label")
        if text:
            parts.append(f"{label.capitalize()}: {text}" if label else text)
    return "\n\n".join(parts)


def _doi(entry: Element, article: Element) -> str | None:
    ids = entry.findall("PubmedData/ArticleIdList/ArticleId") + article.findall("ELocationID")
    for element in ids:
        value = _text(element)
        kind = element.get("IdType") or element.get("EIdType")
        if kind == "doi" and value.startswith("10."):
            return value[:200]
    return None


def suggest_study_type(publication_types: list[str]) -> str | None:
    """The study type that the strongest of PubMed's publication types names, if any."""
    named = set(publication_types)
    return next((kind for kind, types in STUDY_TYPE_RULES if named & types), None)


def parse(xml_text: str) -> PubmedRecord:
    """Read one PubMed record (efetch XML); DomainError on `xml` says why it can't be used."""
    root = _root(xml_text)
    if root.tag != "PubmedArticleSet":
        raise _refuse("root", tag=root.tag)
    entries = root.findall("PubmedArticle")
    if len(entries) != 1:
        raise _refuse("count", count=len(entries))
    entry = entries[0]
    citation = entry.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    if article is None:
        raise _refuse("missing", what="<Article> part")
    pmid = _text(citation.find("PMID"))
    if not PMID.fullmatch(pmid):
        raise _refuse("missing", what="PMID (digits only)")
    title, journal = _text(article.find("ArticleTitle")), _text(article.find("Journal/Title"))
    year = _year(article)
    for what, value in (("title", title), ("journal title", journal), ("publication year", year)):
        if not value:
            raise _refuse("missing", what=what)
    types = [_text(t) for t in article.findall("PublicationTypeList/PublicationType")]
    return PubmedRecord(
        title=title,
        journal=journal[:200],
        year=year,
        pmid=pmid,
        doi=_doi(entry, article),
        first_author=_first_author(article),
        publication_types=types,
        abstract=_abstract(article),
        suggested_study_type=suggest_study_type(types),
    )


def _slug(record: PubmedRecord) -> str:
    """The title's first words, up to 60 characters, then the PMID (unique per study)."""
    words = slugify(record.title, max_length=500)
    if len(words) > 60:
        words = words[:61].rsplit("-", 1)[0]
    return f"{words}-{record.pmid}" if words else f"pubmed-{record.pmid}"


def prefill(xml_text: str, author_id: int) -> Prefill:
    """A new draft by `author_id` from a PubMed record (flushed, not committed).

    Its title is the paper's, for the writer to rewrite; the sections are empty and the
    abstract is kept beside the editor's form. When an article already has the record's
    PMID, that one is returned instead (`created` False) and nothing is written.
    """
    record = parse(xml_text)
    existing = db.session.scalar(select(Article).where(Article.source_pmid == record.pmid))
    if existing is not None:
        return Prefill(existing, created=False)
    slug = _slug(record)
    if db.session.scalar(select(Article.id).where(Article.slug == slug)) is not None:
        raise DomainError({FIELD: f"An article already uses the address {slug!r}."})
    sections = dict.fromkeys(markup.SECTIONS, "")
    article = Article(
        slug=slug,
        title=record.title[:200],
        summary="",
        **sections,
        questions=[],
        conditions=[],
        study_type=record.suggested_study_type or "",
        population="",
        status=DRAFT,
        is_sample=False,
        author_id=author_id,
        source_title=record.title[:500],
        source_first_author=record.first_author,
        source_journal=record.journal,
        source_year=record.year,
        source_pmid=record.pmid,
        source_doi=record.doi,
        source_url=PUBMED_URL.format(pmid=record.pmid),
        source_abstract=record.abstract or None,
    )
    article.topics = []
    authoring.derive(article)
    db.session.add(article)
    authoring.record_revision(article, author_id)
    return Prefill(article, created=True)
