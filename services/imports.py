"""Importing article summaries from a JSON, CSV or TOML file (see docs/import-format.md).

`read` checks the whole file and raises ContentError listing every problem ("row 7:
source.pmid: digits only"); `write` then creates drafts and updates drafts by slug. An
article past the draft stage (in review, approved, scheduled or published) is never changed
by an import: it is reported as skipped. Nothing here commits; the caller does.
"""

import csv
import io
import json
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Article, Topic, User, db
from models.article import DRAFT
from services import authoring, staff
from services.accounts import normalize_email
from services.article_fields import BODY_KEYS, Checker, read_body, read_slug
from services.content import ContentError
from services.glossary_links import Glossary

MAX_MB = 5
MAX_BYTES = MAX_MB * 1024 * 1024
TOO_LARGE = f"The file is larger than {MAX_MB} MB. Split it into smaller files and import each one."
FORMATS = ("json", "csv", "toml")
LIST_FIELDS = ("topics", "questions", "conditions")
NUMBER_FIELDS = ("evidence.participants", "source.year")
# TOML files in the content/ format may say these; an import always makes an unpublished draft.
IGNORED_TOML_KEYS = {"published", "status", "sample"}


@dataclass(frozen=True)
class Imported:
    id: int
    slug: str
    title: str
    note: str = ""


@dataclass
class Batch:
    """A checked file: the model fields of each article and the topics they name, by slug."""

    rows: list[dict]
    topics: dict[str, Topic]


@dataclass
class ImportReport:
    created: list[Imported] = field(default_factory=list)
    updated: list[Imported] = field(default_factory=list)
    unchanged: list[Imported] = field(default_factory=list)
    skipped: list[Imported] = field(default_factory=list)


def detect_format(filename: str, text: str) -> str:
    """The format (json, csv or toml) the file name's extension says, else the text's start.

    A file with another extension (a spreadsheet, a document) is refused with ContentError.
    """
    suffix = PurePath(filename or "").suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if suffix and suffix != "txt":
        raise ContentError(
            [f"file: .{suffix} files can't be imported; save it as CSV (UTF-8), JSON or TOML"]
        )
    start = text.lstrip()[:1]
    if start in ("[", "{"):
        return "json"
    first_line = text.lstrip().split("\n", 1)[0]
    return "toml" if "=" in first_line and "," not in first_line else "csv"


def _split_list(cell: str) -> list[str]:
    separator = "|" if "|" in cell else ";"
    return [part.strip() for part in cell.split(separator) if part.strip()]


def _nest(flat: dict) -> dict:
    """{"source.year": 2024} -> {"source": {"year": 2024}}; other keys stay as they are."""
    nested: dict = {}
    for key, value in flat.items():
        table, dot, name = key.partition(".")
        if dot and isinstance(nested.setdefault(table, {}), dict):
            nested[table][name] = value
        else:
            nested[key] = value
    return nested


def _csv_cell(column: str, cell: str):
    if column in LIST_FIELDS:
        return _split_list(cell)
    if column in NUMBER_FIELDS and cell.strip().isdigit():
        return int(cell)
    return cell


def _csv_rows(text: str, problems: list[str]) -> list[tuple[str, object]]:
    """Rows numbered as a spreadsheet shows them: the header is row 1."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    try:
        for number, row in enumerate(reader, start=2):
            if None in row:
                problems.append(f"row {number}: file: more cells than there are columns")
            cells = {k: _csv_cell(k, v) for k, v in row.items() if k and v and v.strip()}
            rows.append((f"row {number}", _nest(cells)))
    except csv.Error as exc:
        problems.append(f"file: not valid CSV ({exc})")
    return rows


def _json_rows(text: str, problems: list[str]) -> list[tuple[str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(f"file: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
        return []
    if isinstance(data, dict) and set(data) == {"articles"}:
        data = data["articles"]
    if not isinstance(data, list):
        problems.append('file: must be a list of articles, or {"articles": [...]}')
        return []
    return [
        (f"row {n}", _nest(item) if isinstance(item, dict) else item)
        for n, item in enumerate(data, start=1)
    ]


def _toml_rows(text: str, problems: list[str]) -> list[tuple[str, object]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"file: not valid TOML ({exc})")
        return []
    return [("row 1", {k: v for k, v in data.items() if k not in IGNORED_TOML_KEYS})]


READERS = {"json": _json_rows, "csv": _csv_rows, "toml": _toml_rows}


def _check_row(name: str, data: object, topic_slugs: set[str], problems: list[str]) -> dict:
    check = Checker(name, problems)
    if not isinstance(data, dict):
        check.fail("row", "must be an object with the article's fields")
        return {}
    check.unknown_keys(data, BODY_KEYS)
    return {"slug": read_slug(check, data), **read_body(check, data, topic_slugs)}


def _topics_named(items: Iterable[object]) -> dict[str, Topic]:
    """The topics any row names, in one query."""
    wanted = {
        slug
        for item in items
        if isinstance(item, dict) and isinstance(item.get("topics"), list)
        for slug in item["topics"]
        if isinstance(slug, str)
    }
    return {t.slug: t for t in db.session.scalars(select(Topic).where(Topic.slug.in_(wanted)))}


def read(filename: str, data: bytes) -> Batch:
    """Check every article of a file; ContentError lists every problem, by row and field."""
    if len(data) > MAX_BYTES:
        raise ContentError([TOO_LARGE])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError(["file: not UTF-8 text; save it as UTF-8 and try again"]) from None
    problems: list[str] = []
    items = READERS[detect_format(filename, text)](text, problems)
    topics = _topics_named(item for _, item in items)
    rows, first_row = [], {}
    for name, item in items:
        row = _check_row(name, item, set(topics), problems)
        slug = row.get("slug")
        if slug and slug in first_row:
            problems.append(f"{name}: slug: {slug!r} is also on {first_row[slug]}")
        if slug:
            first_row.setdefault(slug, name)
        rows.append(row)
    if not items and not problems:
        problems.append("file: no articles found")
    if problems:
        raise ContentError(problems)
    return Batch(rows, topics)


def _item(article: Article, note: str = "") -> Imported:
    return Imported(article.id, article.slug, article.title, note)


def write(
    batch: Batch, author_id: int, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Create new drafts and update drafts with the same slug (flushed, not committed).

    Existing articles come from one query; each created or changed draft gets a revision.
    """
    slugs = [row["slug"] for row in batch.rows]
    stmt = select(Article).options(selectinload(Article.topics)).where(Article.slug.in_(slugs))
    existing = {a.slug: a for a in db.session.scalars(stmt)}
    glossary = Glossary.from_database()
    created, changed, same, report = [], [], [], ImportReport()
    for row in batch.rows:
        values = dict(row)
        topics = sorted((batch.topics[s] for s in values.pop("topics")), key=lambda t: t.name)
        article = existing.get(values["slug"])
        if article is None:
            article = Article(**values, status=DRAFT, is_sample=False, author_id=author_id)
            article.topics = topics
            authoring.derive(article, glossary)
            db.session.add(article)
            created.append(article)
        elif article.status != DRAFT:
            report.skipped.append(_item(article, f"already {article.status_label.lower()}"))
        else:
            before = authoring.snapshot(article)
            for key, value in values.items():
                setattr(article, key, value)
            article.topics = topics
            authoring.derive(article, glossary)
            (same if authoring.snapshot(article) == before else changed).append(article)
        if progress:
            progress(1)
    db.session.flush()
    for article in created + changed:
        authoring.record_revision(article, author_id)
    report.created = [_item(a) for a in created]
    report.updated = [_item(a) for a in changed]
    report.unchanged = [_item(a) for a in same]
    db.session.flush()
    return report


def import_data(filename: str, data: bytes, author_id: int) -> ImportReport:
    """Check a whole file, then write it: ContentError, and nothing written, on any problem."""
    return write(read(filename, data), author_id)


def find_author(email: str) -> User:
    """The member of staff with `email` who may write; ContentError when there is none."""
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None or not staff.can(user, staff.WRITE):
        raise ContentError([f"author: no member of staff who writes has the address {email!r}"])
    return user
