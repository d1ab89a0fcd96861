"""Work done after a request's answer, or by a worker: the one job API, `enqueue`.

`enqueue(function, *args, queue="mail")` names a module-level function by its import path and
passes it plain values only (ids, strings, numbers and lists of them: never ORM objects), so
a job means the same thing in any process. Every job runs through `perform`, inside an
application context, and an error is rolled back and logged, never lost.

- With `REDIS_URL` the job goes on an RQ queue ("mail" or "digests") in Redis and a worker
  (`flask jobs work`, services.jobs) runs it; a failing job is retried `RETRY_MAX` times,
  after JOB_RETRY_INTERVALS (10 s, 1 min, 5 min), then kept in the failed list
  (`flask jobs failed|retry`).
- Without it, one daemon thread per app runs the same `perform` calls in order, after the
  response. A failing job is logged and not retried there: waiting minutes between tries
  would hold a web process, and the work it stands for is retried by its next occasion
  (a failed digest on the next `flask digests send`, a reset email on the next request).
  `wait()` blocks until the queue is empty: the test suite calls it after each request,
  and every queue is drained at exit.
"""

import atexit
import logging
import queue as queues
import threading
import weakref
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from flask import Flask, current_app
from werkzeug.utils import import_string

from models import db

try:  # the optional `redis` extra, needed only with REDIS_URL
    from redis import Redis
    from rq import Queue, Retry
    from rq.serializers import JSONSerializer
except ImportError:  # pragma: no cover - `make run` installs no Redis client
    Redis = Queue = Retry = JSONSerializer = None

log = logging.getLogger("plainly.background")
KEY = "plainly.background"
REDIS_KEY = "plainly.jobs.redis"
IDLE_SECONDS = 60
MAIL, DIGESTS = "mail", "digests"
QUEUES = (MAIL, DIGESTS)
RETRY_MAX = 3
# Longest a job may run before the worker stops it (and it is retried): a digest batch holds
# 200 emails, and a stopped batch leaves a claimed digest for `flask digests resolve-stuck`.
TIMEOUTS = {MAIL: 300, DIGESTS: 1800}
# How long a finished or failed job is kept in Redis (RQ's own defaults are shorter).
FAILED_TTL = 7 * 24 * 3600
PLAIN = (str, int, float, bool, type(None))


def job_path(function: Callable[..., Any]) -> str:
    """The import path a worker finds `function` by; ValueError for a lambda or a nested
    function, which no other process could import."""
    qualname = getattr(function, "__qualname__", "")
    if not qualname or "<" in qualname or "." in qualname:
        raise ValueError(f"a job must be a module-level function, not {function!r}")
    return f"{function.__module__}.{qualname}"


def check_args(args: tuple) -> None:
    """Refuse anything but plain values (and lists of them) as job arguments."""
    for arg in args:
        items = arg if isinstance(arg, list | tuple) else [arg]
        if not all(isinstance(item, PLAIN) for item in items):
            raise TypeError(f"job arguments must be ids, strings or numbers, not {arg!r}")


def perform(path: str, *args: Any) -> None:
    """Run the job `path(*args)` in the current app context: the body of every job, in a
    worker and in-process alike. The function commits its own work; an exception is rolled
    back, logged and raised again (so RQ can retry it)."""
    function = import_string(path)
    try:
        function(*args)
    except Exception:
        db.session.rollback()
        log.exception("Background job %s failed", path)
        raise
    finally:
        db.session.remove()


class Worker:
    """One app's in-process queue (used without Redis) and the thread that empties it."""

    def __init__(self, app: Flask):
        self.app = weakref.ref(app)
        self.jobs: queues.Queue = queues.Queue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def put(self, path: str, args: tuple) -> None:
        with self.lock:
            self.jobs.put((path, args))
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name=KEY, daemon=True)
                self.thread.start()

    def _next(self):
        """The next job, or None once the queue has stayed empty (the thread then ends)."""
        while True:
            try:
                return self.jobs.get(timeout=IDLE_SECONDS)
            except queues.Empty:
                with self.lock:
                    if self.jobs.empty():
                        self.thread = None
                        return None

    def _run(self) -> None:
        while (job := self._next()) is not None:
            try:
                self._call(*job)
            finally:
                self.jobs.task_done()

    def _call(self, path: str, args: tuple) -> None:
        app = self.app()
        if app is None:
            return
        # perform has logged the error; the next job still runs.
        with app.app_context(), suppress(Exception):
            perform(path, *args)

    def wait(self) -> None:
        self.jobs.join()


_workers: "weakref.WeakSet[Worker]" = weakref.WeakSet()


def init_app(app: Flask) -> None:
    """Give the app its in-process queue, and its Redis connection when REDIS_URL is set."""
    worker = Worker(app)
    app.extensions[KEY] = worker
    _workers.add(worker)
    if url := app.config.get("REDIS_URL"):
        if Redis is None:
            raise RuntimeError("REDIS_URL is set but rq is missing: pip install '.[redis]'")
        app.extensions[REDIS_KEY] = Redis.from_url(url)


def redis_connection(app: Flask | None = None):
    """The app's Redis connection, or None when jobs run in-process."""
    return (app or current_app).extensions.get(REDIS_KEY)


def uses_queue(app: Flask | None = None) -> bool:
    """Whether jobs go to workers through Redis (REDIS_URL is set)."""
    return redis_connection(app) is not None


def enqueue(function: Callable[..., Any], *args: Any, queue: str = MAIL) -> str | None:
    """Run `function(*args)` soon, in a worker (REDIS_URL) or after the response, inside an
    app context. Returns the RQ job id, or None when the job runs in-process.

    Raises ValueError for a function no worker could import, TypeError for arguments that
    are not plain values, KeyError for an unknown queue.
    """
    if queue not in QUEUES:
        raise KeyError(f"no queue named {queue!r}; the queues are {', '.join(QUEUES)}")
    path = job_path(function)
    check_args(args)
    redis = redis_connection()
    if redis is None:
        current_app.extensions[KEY].put(path, args)
        return None
    job = Queue(queue, connection=redis, serializer=JSONSerializer).enqueue_call(
        perform,
        args=(path, *args),
        retry=Retry(max=RETRY_MAX, interval=list(current_app.config["JOB_RETRY_INTERVALS"])),
        failure_ttl=FAILED_TTL,
        timeout=TIMEOUTS[queue],
        description=path,
    )
    return job.id


def wait(app: Flask | None = None) -> None:
    """Block until every in-process job enqueued so far on the app (default: the current
    one) is done."""
    (app or current_app).extensions[KEY].wait()


@atexit.register
def _drain_all() -> None:
    for worker in list(_workers):
        worker.wait()
