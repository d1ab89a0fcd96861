"""Digest emails: who is due, what each digest lists, and sending it exactly once at most.

Content comes from the feed query (`services.feed.feed_stmt`): for a batch of readers one
statement unions each reader's own feed query, so a batch costs the same few SQL statements
however many readers it holds.

Sending: each (reader, period) is claimed by inserting its digest row, status "sending",
and committing before the message goes out; the unique constraint on (user_id, period)
stops a second run, or a rerun after a crash, from claiming it again. The outcome ("sent"
or "failed") is committed right after; failed digests are claimed again on the next run.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, literal, or_, select, text, union_all, update
from sqlalchemy.orm import load_only, selectinload

from models import Article, Digest, DigestItem, DigestPreference, User, db
from models.digest import DAILY, FAILED, OFF, SENDING, SENT, WEEKLY
from services import digest_mail, digest_settings, mail
from services.feed import LIST_COLUMNS, feed_stmt
from services.rows import dialect_insert

BATCH_SIZE = 200
MAX_BATCH_SIZE = 500  # SQLite accepts at most 500 SELECTs in one UNION ALL
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Candidate:
    """A reader whose send time has come, with the period their next digest belongs to."""

    user_id: int
    email: str
    frequency: str
    period: str
    max_articles: int
    paused_until: datetime | None = None


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
        )


@dataclass
class Planned:
    candidate: Candidate
    articles: list[DigestArticle]
    # The first digest, or the first after a pause: newest articles not opened yet.
    catch_up: bool
    retry_id: int | None = None


@dataclass
class BatchPlan:
    digests: list[Planned] = field(default_factory=list)
    empty: int = 0
    already_sent: int = 0


@dataclass
class Summary:
    due: int = 0
    sent: int = 0
    skipped_empty: int = 0
    failed: int = 0
    planned: int = 0  # built and ready; with --dry-run nothing is claimed or sent


def period_for(
    frequency: str,
    weekday: int,
    send_hour: int,
    timezone: str | None,
    now: datetime,
    force: bool = False,
) -> str | None:
    """The reader's current period if their local send time has come in it, else None.

    Daily digests belong to the local date ("2026-11-25"), weekly ones to the local ISO
    week ("2026-W48") and are due from the chosen weekday and hour on.
    """
    local = now.astimezone(digest_settings.zone(timezone))
    if frequency == DAILY:
        reached = local.hour >= send_hour
        period = local.date().isoformat()
    elif frequency == WEEKLY:
        reached = (local.weekday(), local.hour) >= (weekday, send_hour)
        year, week, _ = local.isocalendar()
        period = f"{year}-W{week:02d}"
    else:
        return None
    return period if reached or force else None


def candidates(now: datetime, *, force: bool = False) -> list[Candidate]:
    """Verified readers with digests on, not paused, whose send time has come."""
    P = DigestPreference
    stmt = (
        select(
            User.id,
            User.email,
            P.frequency,
            P.weekday,
            P.send_hour,
            P.timezone,
            P.max_articles,
            P.paused_until,
        )
        .join(P, P.user_id == User.id)
        .where(
            P.frequency != OFF,
            User.email_verified_at.is_not(None),
            or_(P.paused_until.is_(None), P.paused_until <= now),
        )
        .order_by(User.id)
    )
    found = []
    for uid, email, frequency, weekday, hour, tz, max_articles, paused in db.session.execute(stmt):
        period = period_for(frequency, weekday, hour, tz, now, force)
        if period:
            found.append(Candidate(uid, email, frequency, period, max_articles, paused))
    return found


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
            limit=cand.max_articles,
            now=now,
        )
        sub = stmt.with_only_columns(
            literal(cand.user_id).label("user_id"), Article.id.label("article_id")
        ).subquery()
        parts.append(select(sub.c.user_id, sub.c.article_id))
    if not parts:
        return {}
    if db.session.get_bind().dialect.name == "postgresql":
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
    """Choose each due reader's articles (nothing is written).

    Readers already sent a digest for this period are left out; a failed one is planned
    again. A digest lists the articles published since the reader's last digest; the first
    one, and the first after a pause, lists the newest articles they have not opened. Either
    way an article the reader already opened on the site is left out.
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
            plan.already_sent += 1
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


def claim(planned: Planned, now: datetime) -> int | None:
    """Record the digest as being sent; its id, or None when another run has it.

    The caller commits before sending, so the claim survives a crash during the send.
    """
    cand = planned.candidate
    if planned.retry_id is not None:
        result = db.session.execute(
            update(Digest)
            .where(Digest.id == planned.retry_id, Digest.status == FAILED)
            .values(
                status=SENDING,
                attempts=Digest.attempts + 1,
                covered_until=now,
                created_at=now,
                error=None,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return None
        digest_id = planned.retry_id
        db.session.execute(delete(DigestItem).where(DigestItem.digest_id == digest_id))
    else:
        # ON CONFLICT DO NOTHING rather than catching IntegrityError: no savepoint is
        # needed, and on PostgreSQL a parallel run's claim is waited for, then skipped.
        insert_stmt = dialect_insert()(Digest).values(
            user_id=cand.user_id,
            period=cand.period,
            status=SENDING,
            covered_until=now,
            created_at=now,
            attempts=1,
        )
        digest_id = db.session.scalar(
            insert_stmt.on_conflict_do_nothing(index_elements=["user_id", "period"]).returning(
                Digest.id
            )
        )
        if digest_id is None:
            return None
    rows = [
        {"digest_id": digest_id, "article_id": a.id, "position": n}
        for n, a in enumerate(planned.articles, 1)
    ]
    db.session.execute(insert(DigestItem), rows)
    return digest_id


def deliver(conn, planned: Planned, digest_id: int, now: datetime) -> bool:
    """Send a claimed digest and record the outcome (not committed). True when sent."""
    try:
        conn.send(digest_mail.compose(planned, digest_id, now))
    except mail.MailError as exc:
        values = {"status": FAILED, "error": str(exc)[:500]}
    else:
        values = {"status": SENT, "sent_at": now}
    db.session.execute(update(Digest).where(Digest.id == digest_id).values(**values))
    return values["status"] == SENT


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def send_due(
    now: datetime,
    *,
    commit: Callable[[], None],
    force: bool = False,
    limit: int | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] = lambda n: None,
    readers: Sequence[Candidate] | None = None,
) -> Summary:
    """Build and send every due digest, one SMTP connection per batch.

    The caller owns the transaction but hands over `commit`: each claim must be committed
    before its message goes out, and each outcome right after. `force` makes every reader
    with digests on due now; `limit` caps the digests sent in this run. `readers` are the
    candidates when the caller has already looked them up.
    """
    summary = Summary()
    batch_size = max(1, min(batch_size, MAX_BATCH_SIZE))
    if readers is None:
        readers = candidates(now, force=force)
    for batch in chunks(readers, batch_size):
        plan = build(batch, now)
        if limit is not None:
            del plan.digests[max(0, limit - summary.planned) :]
        summary.due += len(plan.digests) + plan.empty
        summary.skipped_empty += plan.empty
        summary.planned += len(plan.digests)
        if not dry_run and plan.digests:
            _send_batch(plan.digests, now, commit, summary)
        progress(len(batch))
        if limit is not None and summary.planned >= limit:
            break
    return summary


def _send_batch(digests: list[Planned], now, commit, summary: Summary) -> None:
    with mail.connection() as conn:
        for planned in digests:
            digest_id = claim(planned, now)
            commit()
            if digest_id is None:
                continue
            if deliver(conn, planned, digest_id, now):
                summary.sent += 1
            else:
                summary.failed += 1
            commit()
