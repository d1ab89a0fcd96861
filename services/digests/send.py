"""Sending digests: each is claimed once, sent, and its outcome recorded.

Each (reader, period) is claimed by inserting its digest row, status "sending", and
committing before the message goes out; the unique constraint on (user_id, period) stops a
second run, or a rerun after a crash, from claiming it again. The outcome ("sent" or
"failed") is committed right after; failed digests are claimed again on the next run.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import delete, insert, update

from models import Digest, DigestItem, db
from models.digest import FAILED, SENDING, SENT
from services import mail
from services.digests.message import compose
from services.digests.plan import Planned, build
from services.digests.schedule import Candidate
from services.rows import dialect_insert

# Readers per batch: one statement plans them all. SQLite's time per reader in that UNION ALL
# grows with the number of parts (bench/digests.py: per CPU-second about 2,000 readers in
# batches of 50, 1,150 in batches of 200), so batches stay small.
BATCH_SIZE = 50
MAX_BATCH_SIZE = 500  # SQLite accepts at most 500 SELECTs in one UNION ALL


@dataclass
class Summary:
    due: int = 0
    sent: int = 0
    skipped_empty: int = 0
    failed: int = 0
    planned: int = 0  # built and ready; with --dry-run nothing is claimed or sent
    retried: int = 0  # failed in an earlier run, claimed again and tried in this one
    taken: int = 0  # claimed first by another run or worker, so left to it

    def add(self, other: "Summary") -> None:
        """Add the counts of another batch to these."""
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


def _claim_retry(digest_id: int, now: datetime) -> bool:
    """Take over a failed digest; False when another run took it first."""
    result = db.session.execute(
        update(Digest)
        .where(Digest.id == digest_id, Digest.status == FAILED)
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
        return False
    db.session.execute(delete(DigestItem).where(DigestItem.digest_id == digest_id))
    return True


def _claim_new(cand: Candidate, now: datetime) -> int | None:
    """Insert the digest row of this period; None when another run inserted it first."""
    # ON CONFLICT DO NOTHING rather than catching IntegrityError: no savepoint is needed,
    # and on PostgreSQL a parallel run's claim is waited for, then skipped.
    stmt = dialect_insert()(Digest).values(
        user_id=cand.user_id,
        period=cand.period,
        status=SENDING,
        covered_until=now,
        created_at=now,
        attempts=1,
    )
    stmt = stmt.on_conflict_do_nothing(index_elements=["user_id", "period"])
    return db.session.scalar(stmt.returning(Digest.id))


def claim(planned: Planned, now: datetime) -> int | None:
    """Record the digest as being sent; its id, or None when another run has it.

    The caller commits before sending, so the claim survives a crash during the send.
    """
    if planned.retry_id is None:
        digest_id = _claim_new(planned.candidate, now)
    else:
        digest_id = planned.retry_id if _claim_retry(planned.retry_id, now) else None
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
        conn.send(compose(planned, digest_id, now))
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
    readers: Sequence[Candidate],
    *,
    commit: Callable[[], None],
    limit: int | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] = lambda n: None,
) -> Summary:
    """Build and send the digests of `readers`, one SMTP connection per batch.

    `readers` are the due readers, from `schedule.candidates(now)` (or, to send to everyone
    now, `candidates(now, force=True)`). The caller owns the transaction but hands over
    `commit`: each claim must be committed before its message goes out, and each outcome
    right after. `limit` caps the digests sent in this run; `dry_run` builds them only.
    """
    summary = Summary()
    batch_size = max(1, min(batch_size, MAX_BATCH_SIZE))
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
                summary.taken += 1
                continue
            summary.retried += planned.retry_id is not None
            if deliver(conn, planned, digest_id, now):
                summary.sent += 1
            else:
                summary.failed += 1
            commit()
