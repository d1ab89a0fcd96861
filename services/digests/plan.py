"""What each due reader's digest lists. Nothing is written here.

A digest lists the articles published in the reader's topics since their last digest; the
first one, and the first after a pause, lists the newest articles they have not opened.
Either way an article the reader already opened on the site is left out.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, literal, select, text, union_all
from sqlalchemy.orm import load_only, selectinload

from models import Article, Digest, db
from models.base import EPOCH
from models.digest import SENDING, SENT
from services.digests.schedule import Candidate
from services.feed import LIST_COLUMNS, feed_stmt
from services.rows import dialect_name


@dataclass(frozen=True)
class DigestArticle:
    """What a digest shows of an article; plain values, so commits don't expire them."""

    id: int
    slug: str
    title: str
    summary: str
    published_at: datetime
    reading_minutes: int
    study_type_label: str
    topics: tuple[str, ...]
    study_type: str = ""
    source_year: int | None = None
    is_sample: bool = False

    @classmethod
    def of(cls, a: Article) -> "DigestArticle":
        topics = tuple(t.name for t in a.topics)
        return cls(
            a.id,
            a.slug,
            a.title,
            a.summary,
            a.published_at,
            a.reading_minutes,
            a.study_type_label,
            topics,
            a.study_type,
            a.source_year,
            a.is_sample,
        )


@dataclass
class Planned:
    candidate: Candidate
    articles: list[DigestArticle]
    # The first digest, or the first after a pause: newest articles not opened yet.
    catch_up: bool
    # The failed digest of this period that sending it again would replace.
    retry_id: int | None = None


@dataclass
class BatchPlan:
    digests: list[Planned] = field(default_factory=list)
    empty: int = 0  # due, but nothing to send


def _latest_sent(user_ids: list[int]) -> dict[int, tuple[datetime, datetime]]:
    """Per reader: what their latest digest covered up to, and when it was claimed."""
    stmt = (
        select(Digest.user_id, func.max(Digest.covered_until), func.max(Digest.created_at))
        .where(Digest.user_id.in_(user_ids), Digest.status.in_((SENT, SENDING)))
        .group_by(Digest.user_id)
    )
    return {uid: (covered, created) for uid, covered, created in db.session.execute(stmt)}


def _articles_for(wanted: list[tuple[Candidate, datetime | None]], now) -> dict[int, list]:
    """Each reader's digest articles: one UNION ALL of their feed queries, then one load."""
    parts = []
    for cand, since in wanted:
        # Every reader's part has the same shape (a catch-up digest starts at the epoch),
        # so SQLAlchemy compiles the batch statement once and reuses it from its cache.
        stmt = feed_stmt(
            cand.user_id,
            since=since or EPOCH,
            unread_by=cand.user_id,
            muted_for=cand.user_id,
            limit=cand.max_articles,
            now=now,
        )
        sub = stmt.with_only_columns(
            literal(cand.user_id).label("user_id"), Article.id.label("article_id")
        ).subquery()
        parts.append(select(sub.c.user_id, sub.c.article_id))
    if not parts:
        return {}
    if dialect_name() == "postgresql":
        # The batch's UNION runs in well under a second, but its cost estimate crosses
        # PostgreSQL's JIT threshold and LLVM then spent seconds compiling it
        # (bench/digests.py, batches of 400). SET LOCAL ends with the transaction.
        db.session.execute(text("SET LOCAL jit = off"))
    rows = db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).all()
    load = (
        select(Article)
        .options(load_only(*LIST_COLUMNS), selectinload(Article.topics))
        .where(Article.id.in_({aid for _, aid in rows}))
    )
    articles = {a.id: DigestArticle.of(a) for a in db.session.scalars(load)} if rows else {}
    per_user: dict[int, list[DigestArticle]] = defaultdict(list)
    for uid, aid in rows:
        per_user[uid].append(articles[aid])
    caps = {cand.user_id: cand.max_articles for cand, _ in wanted}
    for uid, items in per_user.items():
        items.sort(key=lambda a: (a.published_at, a.id), reverse=True)
        del items[caps[uid] :]
    return per_user


def build(batch: Sequence[Candidate], now: datetime) -> BatchPlan:
    """Choose each due reader's articles.

    Readers already sent (or being sent) a digest for this period are left out; a failed
    one is planned again, to replace the failed row.
    """
    plan = BatchPlan()
    if not batch:
        return plan
    ids = [c.user_id for c in batch]
    existing = {
        (uid, period): (digest_id, status)
        for uid, period, digest_id, status in db.session.execute(
            select(Digest.user_id, Digest.period, Digest.id, Digest.status).where(
                Digest.user_id.in_(ids), Digest.period.in_({c.period for c in batch})
            )
        )
    }
    latest = _latest_sent(ids)
    wanted: list[tuple[Candidate, datetime | None]] = []
    retries: dict[int, int] = {}
    for cand in batch:
        digest_id, status = existing.get((cand.user_id, cand.period), (None, None))
        if status in (SENT, SENDING):
            continue
        if digest_id is not None:
            retries[cand.user_id] = digest_id
        since = None
        if cand.user_id in latest:
            covered, claimed = latest[cand.user_id]
            if not (cand.paused_until and claimed < cand.paused_until):
                since = covered
        wanted.append((cand, since))
    per_user = _articles_for(wanted, now)
    for cand, since in wanted:
        if not per_user.get(cand.user_id):
            plan.empty += 1
            continue
        plan.digests.append(
            Planned(cand, per_user[cand.user_id], since is None, retries.get(cand.user_id))
        )
    return plan
