"""The RQ side of the job queue: workers that run jobs in the app, the failed list, retries.

Jobs are put on the queues by `services.background.enqueue`. A worker (`flask jobs work`)
builds the app once, through the factory, and runs each job inside its application context:
RQ's own `Worker` forks a fresh process for every job (a job that crashes or leaks cannot
harm the next one), `SimpleWorker` runs them in its own process (the tests use it).
"""

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import Flask

from models import db
from services.background import QUEUES, redis_connection

try:  # the optional `redis` extra, needed only with REDIS_URL
    from rq import Queue, SimpleWorker, Worker
    from rq.job import Job
    from rq.registry import FailedJobRegistry
    from rq.serializers import JSONSerializer
except ImportError:  # pragma: no cover - `make run` installs no Redis client
    Queue = SimpleWorker = Worker = Job = FailedJobRegistry = JSONSerializer = None

ARGS_SHOWN = 80


class NoQueue(RuntimeError):
    """REDIS_URL is not set: jobs run in-process and there is no queue to work on."""


class _InApp:
    """Runs every job inside the app's context; the app is built once per worker."""

    app: Flask

    def perform_job(self, job, queue, execution) -> bool:
        if os.getpid() != self.app_pid:
            # A forked work horse: connections pooled by the parent belong to the parent.
            with self.app.app_context():
                db.engine.dispose(close=False)
        with self.app.app_context():
            return super().perform_job(job, queue, execution)


class AppWorker(_InApp, Worker if Worker else object):
    """RQ's forking worker, each job in an app context."""


class AppSimpleWorker(_InApp, SimpleWorker if SimpleWorker else object):
    """RQ's non-forking worker, each job in an app context."""


def _redis(app: Flask):
    redis = redis_connection(app)
    if redis is None:
        raise NoQueue("REDIS_URL is not set: jobs run in the web process, after each response.")
    return redis


def queues(app: Flask, names: Sequence[str] = QUEUES) -> list:
    """The RQ queues of these names; KeyError for a name that is not one of QUEUES."""
    redis = _redis(app)
    for name in names:
        if name not in QUEUES:
            raise KeyError(name)
    return [Queue(name, connection=redis, serializer=JSONSerializer) for name in names]


def worker(app: Flask, names: Sequence[str] = QUEUES, *, fork: bool = True):
    """A worker for the named queues that runs each job inside `app`'s context."""
    kind = AppWorker if fork else AppSimpleWorker
    found = kind(queues(app, names), connection=_redis(app), serializer=JSONSerializer)
    found.app, found.app_pid = app, os.getpid()
    return found


def work(app: Flask, names: Sequence[str] = QUEUES, *, burst: bool = False, fork: bool = True):
    """Run a worker until stopped (or, with `burst`, until the queues are empty).

    The scheduler runs along, so retries wait their interval and then run again.
    """
    return worker(app, names, fork=fork).work(burst=burst, with_scheduler=True)


@dataclass(frozen=True)
class FailedJob:
    id: str
    queue: str
    function: str
    args: str  # a short summary: ids and strings, cut at ARGS_SHOWN characters
    error: str  # the last line of the traceback
    enqueued_at: datetime | None
    failed_at: datetime | None


def _summary(args: Sequence) -> str:
    parts = []
    for arg in args:
        if isinstance(arg, list | tuple):
            parts.append(f"[{len(arg)} items]" if len(arg) > 3 else repr(list(arg)))
        else:
            parts.append(repr(arg))
    text = ", ".join(parts)
    return text if len(text) <= ARGS_SHOWN else text[: ARGS_SHOWN - 1] + "…"


def _failed(job, queue: str) -> FailedJob:
    args = list(job.args or [])
    path, rest = (args[0], args[1:]) if args else (job.func_name, [])
    result = job.latest_result()
    trace = (result.exc_string or "") if result else ""
    error = next((line for line in reversed(trace.strip().splitlines()) if line.strip()), "")
    return FailedJob(
        job.id, queue, path, _summary(rest), error.strip(), job.enqueued_at, job.ended_at
    )


def failed_jobs(app: Flask) -> list[FailedJob]:
    """Every job that failed after its last retry, on every queue, oldest first."""
    found = []
    for queue in queues(app):
        registry = FailedJobRegistry(queue=queue)
        for job in Job.fetch_many(registry.get_job_ids(), connection=queue.connection,
                                  serializer=JSONSerializer):  # fmt: skip
            if job is not None:
                found.append(_failed(job, queue.name))
    return sorted(found, key=lambda j: j.failed_at.timestamp() if j.failed_at else 0.0)


def retry(app: Flask, job_ids: Sequence[str] | None = None) -> list[str]:
    """Put failed jobs back on their queue (all of them when `job_ids` is None).

    Returns the ids requeued; KeyError names an id that is not in the failed list.
    """
    requeued = []
    wanted = set(job_ids) if job_ids is not None else None
    for queue in queues(app):
        registry = FailedJobRegistry(queue=queue)
        for job_id in registry.get_job_ids():
            if wanted is None or job_id in wanted:
                registry.requeue(job_id)
                requeued.append(job_id)
    if wanted is not None and (missing := wanted - set(requeued)):
        raise KeyError(", ".join(sorted(missing)))
    return requeued


def queued(app: Flask) -> int:
    """Jobs waiting, running or scheduled for a retry, on every queue."""
    total = 0
    for queue in queues(app):
        total += queue.count + queue.started_job_registry.count
        total += queue.scheduled_job_registry.count
    return total
