"""What each due reader's digest lists. Nothing is written here.

A digest lists the articles published in the reader's topics since their last digest; the
first one, and the first after a pause, lists the newest articles they have not opened.
Either way an article the reader already opened on the site is left out.
"""

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Select,
    bindparam,
    func,
    select,
    text,
    union_all,
)

from models import Article, Digest, db
from models.base import EPOCH, UTCDateTime
from models.digest import SENDING, SENT
from services.digests.schedule import Candidate
from services.feed import LIST_COLUMNS, ListedArticle, feed_stmt, listed
from services.rows import dialect_name


@dataclass
class Planned:
    candidate: Candidate
    articles: list[ListedArticle]
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


# A run uses one batch size and a last, smaller batch: a few statements are all it needs.
@functools.lru_cache(maxsize=8)
def _batch_stmt(size: int) -> CompoundSelect | Select:
    """One UNION ALL of `size` readers' feed queries, each reader's values bound by name
    (`user_<i>`, `since_<i>`, `limit_<i>`, and `now`).

    Built once per batch size and reused: building a statement of 200 parts and walking it
    for SQLAlchemy's cache key took most of a batch's time, more than the database's work
    (bench/digests.py). Statements are immutable, so every app and thread may share it.
    """
    now = bindparam("now", type_=UTCDateTime())
    parts = []
    for i in range(size):
        user_id = bindparam(f"user_{i}", type_=Integer())
        stmt = feed_stmt(
            user_id,
            since=bindparam(f"since_{i}", type_=UTCDateTime()),
            unread_by=user_id,
            muted_for=user_id,
            now=now,
        ).limit(bindparam(f"limit_{i}", type_=Integer()))
        sub = stmt.with_only_columns(
            user_id.label("user_id"), Article.id.label("article_id")
        ).subquery()
        parts.append(select(sub.c.user_id, sub.c.article_id))
    return union_all(*parts) if size > 1 else parts[0]


def _articles_for(wanted: list[tuple[Candidate, datetime | None]], now) -> dict[int, list]:
    """Each reader's digest articles: one UNION ALL of their feed queries, then one load."""
    if not wanted:
        return {}
    params: dict[str, object] = {"now": now}
    for i, (cand, since) in enumerate(wanted):
        # A catch-up digest starts at the epoch: every part has the same shape.
        params.update({f"user_{i}": cand.user_id, f"since_{i}": since or EPOCH})
        params[f"limit_{i}"] = cand.max_articles + 1
    if dialect_name() == "postgresql":
        # The batch's UNION runs in well under a second, but its cost estimate crosses
        # PostgreSQL's JIT threshold and LLVM then spent seconds compiling it
        # (bench/digests.py, batches of 400). SET LOCAL ends with the transaction.
        db.session.execute(text("SET LOCAL jit = off"))
    rows = db.session.execute(_batch_stmt(len(wanted)), params).all()
    load = select(Article.id, *LIST_COLUMNS).where(Article.id.in_({aid for _, aid in rows}))
    articles = {a.id: a for a in listed(db.session.execute(load))} if rows else {}
    per_user: dict[int, list[ListedArticle]] = defaultdict(list)
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
