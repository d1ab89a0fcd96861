"""A send run cut into batches: each batch is one job, in a worker or in the run's process.

`flask digests send` finds the due readers, records a run (services.digests.runs) and hands
each batch of reader ids to `send_batch`: as an RQ job on the "digests" queue when REDIS_URL
is set, or by calling it in turn in its own process. Either way the batch claims each digest
in the database before sending it (services.digests.send), so any number of workers and of
overlapping runs send each reader one digest per period.
"""

import math
from collections.abc import Callable, Sequence
from datetime import datetime

from models import db
from services import background
from services.digests import runs, schedule, send
from services.digests.schedule import Candidate
from services.digests.send import Summary


def send_batch(run_id: int, user_ids: list[int], now: str, force: bool = False) -> None:
    """Job: send the digests of one batch of due readers, as of the run's moment `now`
    (ISO 8601), and add the batch's counts to the run. Commits as it goes."""
    moment = datetime.fromisoformat(now)
    readers = schedule.candidates(moment, force=force, user_ids=user_ids)
    run_batch(run_id, readers, moment)


def run_batch(
    run_id: int | None,
    readers: Sequence[Candidate],
    now: datetime,
    *,
    limit: int | None = None,
    dry_run: bool = False,
) -> Summary:
    """Send one batch and record its counts on the run (none for a dry run). Commits."""
    summary = send.send_due(
        now,
        readers,
        commit=db.session.commit,
        limit=limit,
        dry_run=dry_run,
        batch_size=max(1, len(readers)),
    )
    if run_id is not None:
        runs.record_batch(run_id, summary)
        db.session.commit()
    return summary


def enqueue_run(
    readers: Sequence[Candidate], now: datetime, *, force: bool, batch_size: int
) -> tuple[int, int]:
    """Record a run and put one `send_batch` job per batch on the "digests" queue.

    Returns (run id, batches). Commits the run first, so a worker can always find it.
    """
    batches = list(send.chunks([r.user_id for r in readers], batch_size))
    run = runs.start(len(readers), len(batches), queued=True, now=now)
    db.session.commit()
    for ids in batches:
        args = (run.id, list(ids), now.isoformat(), force)
        background.enqueue(send_batch, *args, queue=background.DIGESTS)
    return run.id, len(batches)


def send_in_process(
    readers: Sequence[Candidate],
    now: datetime,
    *,
    batch_size: int,
    limit: int | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda n: None,
) -> Summary:
    """Send a whole run here, batch after batch, through `run_batch` (what a worker runs).

    `limit` caps the digests sent in the run; `dry_run` builds them and records nothing.
    """
    total = Summary()
    run_id = None
    if not dry_run:
        batches = math.ceil(len(readers) / batch_size)
        run_id = runs.start(len(readers), batches, queued=False, now=now).id
        db.session.commit()
    for batch in send.chunks(readers, batch_size):
        left = None if limit is None else limit - total.planned
        if left is not None and left <= 0:
            break
        total.add(run_batch(run_id, batch, now, limit=left, dry_run=dry_run))
        progress(len(batch))
    if run_id is not None:
        runs.finish(run_id)
        db.session.commit()
    return total
