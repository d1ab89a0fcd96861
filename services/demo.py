"""Generated data at scale, for demos and benchmarks (`flask demo generate` and `clear`).

`generate` fills the database with topics grouped like the real ones, published articles in
1–3 topics each (searchable: their search rows are written by `search_index.reindex`),
readers following 3–15 topics, with digest preferences, saves, reads and past digests. Rows
go in with bulk Core inserts (executemany, CHUNK rows a statement); the password hash is
computed once and shared, so 50,000 readers cost one argon2 hash. Every generated article,
topic and reader has `is_generated` set; readers' addresses end in @GENERATED_DOMAIN (a
reserved name no mail reaches). `clear` removes those rows and everything that hangs off
them, nothing else. Nothing is committed here: the command commits.
"""

import math
import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice, zip_longest

from sqlalchemy import Connection, Table, delete, func, insert, select, text

from models import (
    Article,
    ArticleRead,
    Digest,
    DigestItem,
    DigestPreference,
    Follow,
    SavedArticle,
    SearchDocument,
    Topic,
    User,
    article_topics,
    db,
)
from models.article import DRAFT, IN_REVIEW, PUBLISHED
from models.base import utcnow
from models.digest import DAILY, OFF, SENT, WEEKLY
from models.topic import TOPIC_GROUPS
from models.user import Role
from services import demo_text, markup, search_index, topic_counts
from services.accounts import hash_password
from services.content import reading_minutes
from services.slugs import slugify

GENERATED_DOMAIN = "generated.invalid"
CHUNK = 5000
YEARS_OF_ARTICLES = 8
# Per cent of generated articles still in the editorial workflow (never shown to readers).
UNPUBLISHED_SHARE = 2
# Distinct texts per section; each article combines one of each.
VARIANTS = 48
STUDY_TYPES = (
    ("randomized-trial", 25), ("observational", 35), ("review", 10), ("meta-analysis", 5),
    ("non-randomized-trial", 8), ("lab-animal", 7), ("case-series", 5), ("guideline", 5),
)  # fmt: skip
ROLES = ((Role.PATIENT, 60), (Role.CAREGIVER, 25), (Role.CLINICIAN, 10), (Role.OTHER, 5))
FREQUENCIES = ((WEEKLY, 55), (DAILY, 15), (OFF, 30))
TIMEZONES = (None, "Europe/London", "Europe/Paris", "America/New_York", "America/Chicago",
             "America/Los_Angeles", "Australia/Sydney", "Asia/Tokyo")  # fmt: skip

Progress = Callable[[int], object]


@dataclass(frozen=True)
class Sizes:
    """How much to generate."""

    articles: int = 1000
    users: int = 500
    topics: int = 40

    @property
    def steps(self) -> int:
        """Units of work `generate` reports to its progress callback (rows of the main kinds)."""
        return 2 * self.articles + 2 * self.users


def real_content() -> dict[str, int]:
    """What the database holds that was not generated: articles that are not sample
    content, and accounts (readers and staff). Non-zero counts mean "leave it alone"."""
    articles = select(func.count()).where(~Article.is_generated, ~Article.is_sample)
    users = select(func.count()).select_from(User).where(~User.is_generated)
    return {"articles": db.session.scalar(articles), "accounts": db.session.scalar(users)}


def generated_counts() -> dict[str, int]:
    """How many generated articles, topics and readers the database holds."""
    return {
        name: db.session.scalar(select(func.count()).select_from(model).where(model.is_generated))
        for name, model in (("articles", Article), ("topics", Topic), ("readers", User))
    }


def clear() -> dict[str, int]:
    """Delete every generated article, topic and reader, and what hangs off them (their
    follows, saves, reads, digests and search rows go with them through the foreign keys).
    Returns how many of each were deleted. Not committed."""
    counts = generated_counts()
    conn = db.session.connection()
    generated_ids = select(Article.id).where(Article.is_generated).scalar_subquery()
    conn.execute(delete(SearchDocument).where(SearchDocument.article_id.in_(generated_ids)))
    # Articles before readers: each deleted reader sets the articles' author_id and
    # reviewed_by_id to NULL, a search through `articles` (unindexed) better made small.
    for model in (Article, User, Topic):
        conn.execute(delete(model).where(model.is_generated))
    topic_counts.changed()  # bulk deletes bypass the session's hooks
    db.session.expire_all()
    return counts


def generate(
    sizes: Sizes,
    *,
    seed: int = 0,
    password: str | None = None,
    progress: Progress = lambda _n: None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Replace the generated rows with a new set of `sizes`, the same for the same `seed`.

    Every generated reader shares `password` (by default a random one nobody is told, so no
    generated account can be logged into). Returns the number of rows of each kind. Callers
    check `real_content` first; nothing is committed.
    """
    # Made-up data, the same for the same seed: no secret comes from this generator.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    now = now or utcnow()
    clear()
    conn = db.session.connection()
    topics = _topics(conn, sizes.topics)
    articles = _articles(conn, sizes.articles, topics, rng, now, progress)
    published = [a for a in articles if a.published]
    for chunk in _chunks([a.id for a in published], CHUNK):
        search_index.reindex(chunk)
        progress(len(chunk))
    progress(len(articles) - len(published))
    password_hash = hash_password(password or secrets.token_urlsafe(24))
    readers = _readers(conn, sizes.users, password_hash, rng, now, progress)
    counts = _activity(conn, readers, list(topics), published, rng, now, progress)
    topic_counts.changed()  # bulk inserts bypass the session's hooks
    db.session.expire_all()
    return {"topics": len(topics), "articles": len(articles), "readers": len(readers), **counts}


def analyze() -> None:
    """Refresh the database's statistics, so its planner knows the new row counts."""
    db.session.execute(text("ANALYZE"))


@dataclass(frozen=True)
class _Article:
    id: int
    published_at: datetime | None
    topic_ids: tuple[int, ...]

    @property
    def published(self) -> bool:
        return self.published_at is not None


def _chunks(rows: Sequence, size: int):
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _insert(
    conn: Connection, target: Table, rows: list[dict], progress: Progress | None = None
) -> list:
    """Insert `rows`, CHUNK a call; returns the first primary-key column of each, in order.

    RETURNING makes SQLAlchemy send many rows per statement ("insertmanyvalues") on SQLite
    and PostgreSQL alike, where a plain executemany would cost PostgreSQL one round trip
    per row.
    """
    key = next(iter(target.primary_key.columns))
    keys: list = []
    for chunk in _chunks(rows, CHUNK):
        stmt = insert(target).returning(key, sort_by_parameter_order=True)
        keys.extend(conn.scalars(stmt, chunk))
        if progress:
            progress(len(chunk))
    return keys


def _weighted(rng: random.Random, pairs: Sequence[tuple[object, int]], k: int) -> list:
    return rng.choices([v for v, _ in pairs], [w for _, w in pairs], k=k)


def _topics(conn: Connection, count: int) -> dict[int, str]:
    """`count` topics named and grouped after demo_text.TOPICS; returns id → group."""
    taken = set(conn.scalars(select(Topic.slug)))
    # Taken in turn from each group, so a few topics already cover every condition.
    by_group = [[t for t in demo_text.TOPICS if t[1] == group] for group in TOPIC_GROUPS]
    ordered = [t for turn in zip_longest(*by_group) for t in turn if t]
    rows = []
    for n in range(count):
        name, group = ordered[n % len(ordered)]
        if n >= len(ordered):
            name = f"{name} ({n // len(ordered) + 1})"
        slug, suffix = slugify(name), 1
        while slug in taken:
            suffix += 1
            slug = f"{slugify(name)}-{suffix}"
        taken.add(slug)
        rows.append({"slug": slug, "name": name, "condition_group": group, "is_generated": True,
                     "description": f"Research summaries about {name.lower()}.",
                     "is_starter": n < 4})  # fmt: skip
    ids = _insert(conn, Topic.__table__, rows)
    return {topic_id: row["condition_group"] for topic_id, row in zip(ids, rows, strict=True)}


def _section_texts(rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """VARIANTS (Markdown, HTML) pairs per section, each rendered once."""
    pools = {
        "found": demo_text.FOUND,
        "for_patients": demo_text.FOR_PATIENTS,
        "for_caregivers": demo_text.FOR_CAREGIVERS,
        "for_clinicians": demo_text.FOR_CLINICIANS,
        "limitations": demo_text.LIMITATIONS,
    }
    texts = {}
    for section, templates in pools.items():
        variants = []
        for _ in range(VARIANTS):
            source = rng.choice(templates).format(
                n=rng.randint(20, 5000),
                years=rng.randint(1, 10),
                treatment=rng.choice(demo_text.TREATMENTS).lower(),
                change=rng.choice(demo_text.CHANGES),
                study=rng.choice(STUDY_TYPES)[0].replace("-", " "),
            )
            variants.append((source, markup.render(source)))
        texts[section] = variants
    return texts


def _articles(
    conn: Connection,
    count: int,
    topics: dict[int, str],
    rng: random.Random,
    now: datetime,
    progress: Progress,
) -> list[_Article]:
    topic_ids = list(topics)
    # Some topics are much busier than others, as on the real site.
    weights = [1 / math.sqrt(rank + 1) for rank in range(len(topic_ids))]
    sections = _section_texts(rng)
    span = timedelta(days=365 * YEARS_OF_ARTICLES).total_seconds()
    study_types = _weighted(rng, STUDY_TYPES, count)
    step = max(count // demo_text.RARE_TITLES, 1)
    rare = set(range(step // 2, count, step)[: demo_text.RARE_TITLES])
    rows, placed = [], []
    for n in range(count):
        treatment = demo_text.RARE_WORD.capitalize() if n in rare else None
        treatment = treatment or rng.choice(demo_text.TREATMENTS)
        title = f"{treatment} {rng.choice(demo_text.CHANGES)} {rng.choice(demo_text.GROUPS)}"
        chosen = {name: rng.choice(variants) for name, variants in sections.items()}
        in_topics = set(rng.choices(topic_ids, weights, k=rng.randint(1, 3)))
        published_at = now - timedelta(hours=1, seconds=rng.random() * span)
        status = PUBLISHED
        if n not in rare and rng.randrange(100) < UNPUBLISHED_SHARE:
            status, published_at = rng.choice((DRAFT, IN_REVIEW)), None
        study_type = study_types[n]
        year = (published_at or now).year - rng.randint(0, 2)
        rows.append({
            "slug": f"{slugify(title, 100)}-{n + 1}", "title": title,
            "summary": f"{title}, in a {study_type.replace('-', ' ')} reported in {year}.",
            "status": status, "published_at": published_at, "is_generated": True,
            **{name: source for name, (source, _html) in chosen.items()},
            "rendered": {name: html for name, (_source, html) in chosen.items()},
            "reading_minutes": reading_minutes(*(source for source, _ in chosen.values())),
            "questions": rng.sample(demo_text.QUESTIONS, 3),
            "conditions": sorted({topics[t] for t in in_topics} - {"shared"}) or ["ms"],
            "study_type": study_type,
            "phase": rng.choice(("2", "3")) if study_type == "randomized-trial" else None,
            "participants": rng.randint(12, 8000), "population": "human",
            "source_journal": rng.choice(demo_text.JOURNALS), "source_year": year,
            "source_url": "https://pubmed.ncbi.nlm.nih.gov/?term=multiple+sclerosis",
        })  # fmt: skip
        placed.append((published_at, tuple(sorted(in_topics))))
    ids = _insert(conn, Article.__table__, rows, progress)
    _insert(conn, article_topics, [
        {"article_id": article_id, "topic_id": t}
        for article_id, (_at, chosen) in zip(ids, placed, strict=True)
        for t in chosen
    ])  # fmt: skip
    return [_Article(i, at, chosen) for i, (at, chosen) in zip(ids, placed, strict=True)]


def _readers(
    conn: Connection,
    count: int,
    password_hash: str,
    rng: random.Random,
    now: datetime,
    progress: Progress,
) -> list[int]:
    roles = _weighted(rng, ROLES, count)
    rows = []
    for n in range(count):
        created = now - timedelta(days=rng.random() * 3 * 365)
        verified = created + timedelta(minutes=rng.randint(2, 600)) if rng.random() < 0.9 else None
        rows.append({"email": f"reader-{n + 1}@{GENERATED_DOMAIN}", "is_generated": True,
                     "password_hash": password_hash, "role": roles[n].value,
                     "created_at": created, "email_verified_at": verified})  # fmt: skip
    return _insert(conn, User.__table__, rows, progress)


def _activity(
    conn: Connection,
    readers: list[int],
    topic_ids: list[int],
    published: list[_Article],
    rng: random.Random,
    now: datetime,
    progress: Progress,
) -> dict[str, int]:
    """Digest preferences, follows (3–15 each), saves, reads and past digests."""
    newest = sorted(published, key=lambda a: a.published_at, reverse=True)
    recent = newest[: max(50, len(newest) // 5)]
    frequencies = _weighted(rng, FREQUENCIES, len(readers))
    preferences, follows, saves, reads, digests = [], [], [], [], []
    for user_id, frequency in zip(readers, frequencies, strict=True):
        preferences.append({
            "user_id": user_id, "frequency": frequency, "weekday": rng.randrange(7),
            "send_hour": rng.randint(6, 20), "timezone": rng.choice(TIMEZONES),
        })  # fmt: skip
        follow_count = min(rng.randint(3, 15), len(topic_ids))
        follows.extend(
            {"user_id": user_id, "topic_id": t} for t in rng.sample(topic_ids, follow_count)
        )
        for article in rng.sample(newest, min(len(newest), int(rng.expovariate(1 / 3)))):
            note = rng.choice(demo_text.NOTES) if rng.random() < 0.2 else ""
            saves.append({"user_id": user_id, "article_id": article.id, "note": note,
                          "saved_at": now - timedelta(days=rng.random() * 365)})  # fmt: skip
        for article in rng.sample(recent, min(len(recent), int(rng.expovariate(1 / 8)))):
            reads.append({"user_id": user_id, "article_id": article.id,
                          "read_at": now - timedelta(days=rng.random() * 90)})  # fmt: skip
        if frequency == WEEKLY and rng.random() < 0.5:
            for weeks in range(1, rng.randint(2, 4)):
                sent = now - timedelta(weeks=weeks)
                year, week, _ = sent.isocalendar()
                digests.append({"user_id": user_id, "period": f"{year}-W{week:02d}",
                                "status": SENT, "covered_until": sent, "created_at": sent,
                                "sent_at": sent})  # fmt: skip
        progress(1)
    _insert(conn, DigestPreference.__table__, preferences)
    _insert(conn, Follow.__table__, follows)
    _insert(conn, SavedArticle.__table__, saves)
    _insert(conn, ArticleRead.__table__, reads)
    items = _digest_items(conn, _insert(conn, Digest.__table__, digests), recent, rng)
    return {"follows": len(follows), "saves": len(saves), "reads": len(reads),
            "digests": len(digests), "digest items": items}  # fmt: skip


def _digest_items(
    conn: Connection, digest_ids: list[int], recent: list[_Article], rng: random.Random
) -> int:
    rows = [
        {"digest_id": digest_id, "article_id": article.id, "position": position}
        for digest_id in digest_ids
        for position, article in enumerate(rng.sample(recent, min(3, len(recent))), start=1)
    ]
    _insert(conn, DigestItem.__table__, rows)
    return len(rows)
