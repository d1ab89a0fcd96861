"""Loading article summaries, topics and the glossary from TOML files (docs/content-format.md).

A run validates every file first and writes nothing when any file is malformed, then
upserts by slug: loading the same files twice changes nothing. Glossary terms are loaded
before the articles, whose HTML links the first use of each term.
"""

import math
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Article, GlossaryTerm, Topic, db
from models.article import DRAFT, PUBLISHED
from models.topic import SHARED, TOPIC_GROUPS
from services import glossary, markup
from services.article_fields import (
    BODY_KEYS,
    SLUG,
    SLUG_MESSAGE,
    Checker,
    read_body,
    read_slug,
)
from services.glossary_links import Glossary

WORDS_PER_MINUTE = 200

# Besides the fields of every article (services.article_fields), a content file says when it
# was published, whether it is a draft and whether it is sample content.
ARTICLE_KEYS = BODY_KEYS | {"published", "status", "sample"}
GLOSSARY_FILE = "glossary.toml"
TERM_KEYS = {"slug", "term", "definition", "aliases", "sample"}
# A topic may name its group on the topics page and be one of the "Start here" set.
TOPIC_KEYS = {"slug", "name", "description", "group", "starter"}


class ContentError(Exception):
    """One or more files are malformed; `problems` reads "file: field: what is wrong"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Glossary terms, by slug: counted apart from topics and articles.
    glossary: "LoadReport | None" = None


def _read_toml(path: Path, problems: list[str]) -> dict | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(f"{path.name}: file: not valid TOML ({exc})")
        return None


def _published_at(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(9, 0), tzinfo=UTC)
    return None


def reading_minutes(*texts: str) -> int:
    """Minutes to read `texts` at WORDS_PER_MINUTE, at least one."""
    words = sum(len(t.split()) for t in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def parse_topics(path: Path, problems: list[str]) -> list[dict]:
    """Validate topics.toml; the model fields of each topic, with problems recorded."""
    data = _read_toml(path, problems)
    if data is None:
        return []
    check = Checker(path.name, problems)
    rows = []
    for i, raw in enumerate(data.get("topic", [])):
        where = f"topic[{i}]"
        slug = check.text(raw, "slug", f"{where}.slug", 80)
        if slug and not SLUG.fullmatch(slug):
            check.fail(f"{where}.slug", SLUG_MESSAGE)
        check.unknown_keys(raw, TOPIC_KEYS, where)
        group = check.choice(raw, "group", f"{where}.group", TOPIC_GROUPS, optional=True)
        rows.append(
            {
                "slug": slug,
                "name": check.text(raw, "name", f"{where}.name", 120),
                "description": check.text(raw, "description", f"{where}.description"),
                "condition_group": group or SHARED,
                "is_starter": check.flag(raw, "starter", f"{where}.starter", default=False),
            }
        )
    if not rows:
        check.fail("topic", "no topics defined")
    return rows


def parse_article(path: Path, topic_slugs: set[str], problems: list[str]) -> dict | None:
    """Validate one article file; returns the model fields, or None with problems recorded."""
    data = _read_toml(path, problems)
    if data is None:
        return None
    before = len(problems)
    check = Checker(path.name, problems)
    check.unknown_keys(data, ARTICLE_KEYS)
    slug = read_slug(check, data)
    if slug and slug != path.stem:
        check.fail("slug", "must match the file name")
    published_at = _published_at(data.get("published"))
    if published_at is None:
        check.fail("published", "required date is missing (for example 2026-10-02)")
    sample = check.flag(data, "sample", "sample", default=True)
    fields = {
        "slug": slug,
        "status": check.choice(data, "status", "status", {PUBLISHED, DRAFT}, optional=True)
        or PUBLISHED,
        "published_at": published_at,
        "is_sample": sample,
        **read_body(check, data, topic_slugs),
    }
    if len(problems) > before:
        return None
    fields["reading_minutes"] = reading_minutes(*(fields[name] for name in markup.SECTIONS))
    return fields


def _aliases(check: Checker, raw: dict, where: str) -> list[str]:
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(
        isinstance(a, str) and a.strip() and len(a) <= glossary.TERM_MAX_LENGTH for a in aliases
    ):
        check.fail(where, f"must be a list of words of up to {glossary.TERM_MAX_LENGTH} characters")
        return []
    return [" ".join(a.split()) for a in aliases]


def parse_glossary(path: Path, problems: list[str]) -> list[dict]:
    """Validate glossary.toml; returns the terms' model fields, problems recorded."""
    data = _read_toml(path, problems)
    if data is None:
        return []
    check = Checker(path.name, problems)
    for unknown in sorted(set(data) - {"term"}):
        check.fail(unknown, "unknown field")
    raw_terms = data.get("term")
    if not isinstance(raw_terms, list) or not raw_terms:
        check.fail("term", "no terms defined")
        return []
    rows, slugs, words = [], {}, {}
    for i, raw in enumerate(raw_terms):
        where = f"term[{i}]"
        if not isinstance(raw, dict):
            check.fail(where, "must be a [[term]] table")
            continue
        for unknown in sorted(set(raw) - TERM_KEYS):
            check.fail(f"{where}.{unknown}", "unknown field")
        slug = check.text(raw, "slug", f"{where}.slug", glossary.SLUG_MAX_LENGTH)
        if slug and (problem := glossary.slug_problem(slug)):
            check.fail(f"{where}.slug", problem)
        if slug in slugs:
            check.fail(f"{where}.slug", f"already used by {slugs[slug]}")
        slugs.setdefault(slug, where)
        term = " ".join(check.text(raw, "term", f"{where}.term", glossary.TERM_MAX_LENGTH).split())
        definition = check.text(
            raw, "definition", f"{where}.definition", glossary.DEFINITION_MAX_LENGTH
        )
        aliases = _aliases(check, raw, f"{where}.aliases")
        for word in dict.fromkeys(w.lower() for w in (term, *aliases) if w):
            if word in words:
                check.fail(f"{where}.aliases", f"{word!r} is already a word of {words[word]}")
            words.setdefault(word, where)
        sample = check.flag(raw, "sample", f"{where}.sample", default=True)
        rows.append(
            {
                "slug": slug,
                "term": term,
                "definition": " ".join(definition.split()),
                "aliases": aliases,
                "is_sample": sample,
            }
        )
    return rows


def read_glossary(root: Path, problems: list[str]) -> list[dict]:
    """The terms of `root`/glossary.toml; none when the folder has no glossary file."""
    path = root / GLOSSARY_FILE
    return parse_glossary(path, problems) if path.is_file() else []


def read_content(root: Path) -> tuple[list[dict], list[dict]]:
    """Parse and validate topics.toml and articles/*.toml; ContentError lists every problem."""
    problems: list[str] = []
    topics_file = root / "topics.toml"
    if not topics_file.is_file():
        raise ContentError([f"{topics_file}: file: not found"])
    topics = parse_topics(topics_file, problems)
    slugs = {t["slug"] for t in topics}
    articles = [parse_article(p, slugs, problems) for p in sorted(root.glob("articles/*.toml"))]
    if not problems and not articles:
        problems.append(f"{root / 'articles'}: file: no article files found")
    if problems:
        raise ContentError(problems)
    return topics, [a for a in articles if a is not None]


def _assign(obj: object, values: dict) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def _load_glossary(rows: list[dict]) -> LoadReport:
    report = LoadReport()
    existing = {t.slug: t for t in db.session.scalars(select(GlossaryTerm))}
    for row in rows:
        term = existing.get(row["slug"])
        if term is None:
            db.session.add(GlossaryTerm(**row))
            report.created.append(row["slug"])
        else:
            (report.updated if _assign(term, row) else report.unchanged).append(row["slug"])
    db.session.flush()
    return report


def load_content(root: Path) -> LoadReport:
    """Validate everything under `root`, then upsert the glossary, topics and articles by
    slug (not committed). When the glossary changed, articles not in the files are
    re-rendered too."""
    problems: list[str] = []
    term_rows = read_glossary(root, problems)
    try:
        topic_rows, article_rows = read_content(root)
    except ContentError as exc:
        raise ContentError(exc.problems + problems) from None
    if problems:
        raise ContentError(problems)
    report = LoadReport(glossary=_load_glossary(term_rows))
    links = Glossary.from_database()
    topics = {t.slug: t for t in db.session.scalars(select(Topic))}
    for row in topic_rows:
        topic = topics.get(row["slug"])
        if topic is None:
            topic = topics[row["slug"]] = Topic(**row)
            db.session.add(topic)
            report.created.append(f"topic {row['slug']}")
        elif _assign(topic, row):
            report.updated.append(f"topic {row['slug']}")

    existing = {
        a.slug: a for a in db.session.scalars(select(Article).options(selectinload(Article.topics)))
    }
    for row in article_rows:
        row["rendered"] = markup.rendered(row, links)
        wanted_topics = sorted((topics[s] for s in row.pop("topics")), key=lambda t: t.name)
        article = existing.get(row["slug"])
        if article is None:
            db.session.add(Article(**row, topics=wanted_topics))
            report.created.append(row["slug"])
            continue
        changed = _assign(article, row)
        if {t.slug for t in article.topics} != {t.slug for t in wanted_topics}:
            article.topics = wanted_topics
            changed = True
        (report.updated if changed else report.unchanged).append(row["slug"])
    if report.glossary.created or report.glossary.updated:
        loaded = {row["slug"] for row in article_rows}
        glossary.rerender((a for s, a in existing.items() if s not in loaded), links)
    db.session.flush()
    return report
