"""Digest runs: what each `flask digests send` did (metrics), and digests left "sending".

A run row is written when the run starts; every batch, wherever it ran, adds its counts in
one UPDATE when it ends (so concurrent workers never overwrite each other's numbers), and
the batch that brings `batches_done` up to `batches` sets the finish time and duration.

A digest stays "sending" when the process sending it died between its claim and its outcome
(SIGKILL, a lost machine). `stuck` counts them and `resolve_stuck` settles them:
- as "failed": the next run sends them again. A crash after the mail server accepted the
  message but before the outcome was committed then means a second copy (at least once).
- as "sent": nothing is sent again. A crash before the server accepted it then means that
  reader gets no digest this period (at most once).
Crashes mostly land while a message is being built or sent, so "failed" is the default.
"""

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, select, update

from models import Digest, DigestRun, db
from models.base import utcnow
from models.digest import FAILED, SENDING, SENT
from services.digests.send import Summary

RESOLVE_AS = (FAILED, SENT)
STUCK_AFTER = timedelta(minutes=30)  # no batch claims a digest and sends it for that long
INTERRUPTED = "interrupted: the sending process stopped before recording the outcome"


def start(readers: int, batches: int, *, queued: bool, now: datetime | None = None) -> DigestRun:
    """Record the start of a send run (not committed)."""
    run = DigestRun(
        started_at=now or utcnow(),
        host=socket.gethostname()[:255],
        pid=os.getpid(),
        queued=queued,
        readers=readers,
        batches=batches,
    )
    db.session.add(run)
    if batches == 0:
        finish_empty(run)
    db.session.flush()
    return run


def finish_empty(run: DigestRun) -> None:
    run.finished_at = run.started_at
    run.duration_seconds = 0.0


def record_batch(run_id: int, summary: Summary, now: datetime | None = None) -> None:
    """Add one batch's counts to its run (not committed); the last batch finishes the run."""
    now = now or utcnow()
    R = DigestRun
    last = R.batches_done + 1 >= R.batches
    db.session.execute(
        update(R)
        .where(R.id == run_id)
        .values(
            batches_done=R.batches_done + 1,
            sent=R.sent + summary.sent,
            failed=R.failed + summary.failed,
            retried=R.retried + summary.retried,
            skipped=R.skipped + summary.skipped_empty + summary.taken,
            finished_at=case((and_(last, R.finished_at.is_(None)), now), else_=R.finished_at),
        )
        .execution_options(synchronize_session=False)
    )
    run = db.session.get(R, run_id, populate_existing=True)
    if run is not None and run.finished_at is not None and run.duration_seconds is None:
        run.duration_seconds = (run.finished_at - run.started_at).total_seconds()


def finish(run_id: int, now: datetime | None = None) -> None:
    """End a run that stopped before all its batches (a --limit was reached); not committed."""
    run = db.session.get(DigestRun, run_id)
    if run is not None and run.finished_at is None:
        run.finished_at = now or utcnow()
        run.duration_seconds = (run.finished_at - run.started_at).total_seconds()


def recent(limit: int = 10) -> list[DigestRun]:
    """The latest runs, newest first."""
    stmt = select(DigestRun).order_by(DigestRun.started_at.desc(), DigestRun.id.desc())
    return list(db.session.scalars(stmt.limit(limit)))


@dataclass(frozen=True)
class Stuck:
    count: int
    oldest: datetime | None


def _stuck_filter(older_than: timedelta, now: datetime):
    return (Digest.status == SENDING, Digest.created_at < now - older_than)


def stuck(older_than: timedelta = STUCK_AFTER, now: datetime | None = None) -> Stuck:
    """Digests claimed more than `older_than` ago and still "sending"."""
    where = _stuck_filter(older_than, now or utcnow())
    count, oldest = db.session.execute(
        select(func.count(), func.min(Digest.created_at)).where(*where)
    ).one()
    return Stuck(count, oldest)


def resolve_stuck(older_than: timedelta, status: str, now: datetime | None = None) -> int:
    """Mark digests stuck "sending" as `status` ("failed": sent again by the next run;
    "sent": never sent again). Returns how many changed; not committed."""
    if status not in RESOLVE_AS:
        raise ValueError(f"resolve stuck digests as one of {RESOLVE_AS}, not {status!r}")
    values = {"status": status}
    if status == FAILED:
        values["error"] = INTERRUPTED
    else:
        values["sent_at"] = Digest.created_at
    result = db.session.execute(
        update(Digest)
        .where(*_stuck_filter(older_than, now or utcnow()))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
