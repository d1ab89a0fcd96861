"""Loading article summaries and topics from TOML files (see docs/content-format.md).

A run validates every file first and writes nothing when any file is malformed, then
upserts by slug: loading the same files twice changes nothing.
"""

import math
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Article, Topic, db
from models.article import DRAFT, PUBLISHED
from services import markup
from services.article_fields import (
    BASIC_SOURCE_KEYS,
    BODY_KEYS,
    SLUG,
    SLUG_MESSAGE,
    Checker,
    read_body,
    read_slug,
)

WORDS_PER_MINUTE = 200

# Besides the fields of every article (services.article_fields), a content file says when it
# was published, whether it is a draft and whether it is sample content.
ARTICLE_KEYS = BODY_KEYS | {"published", "status", "sample"}


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
        rows.append(
            {
                "slug": slug,
                "name": check.text(raw, "name", f"{where}.name", 120),
                "description": check.text(raw, "description", f"{where}.description"),
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
    sample = data.get("sample", True)
    if not isinstance(sample, bool):
        check.fail("sample", "must be true or false")
    fields = {
        "slug": slug,
        "status": check.choice(data, "status", "status", {PUBLISHED, DRAFT}, optional=True)
        or PUBLISHED,
        "published_at": published_at,
        "is_sample": sample,
        **read_body(check, data, topic_slugs, BASIC_SOURCE_KEYS),
    }
    if len(problems) > before:
        return None
    fields["rendered"] = markup.rendered(fields)
    fields["reading_minutes"] = reading_minutes(*(fields[name] for name in markup.SECTIONS))
    return fields


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


def load_content(root: Path) -> LoadReport:
    """Validate everything under `root`, then upsert topics and articles by slug (not committed)."""
    topic_rows, article_rows = read_content(root)
    report = LoadReport()
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
    db.session.flush()
    return report
