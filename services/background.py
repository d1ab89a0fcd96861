"""Work done after a request's answer, so the answer takes the same time whatever the work finds.

`enqueue(function, *args)` puts a call on the app's queue; one daemon thread runs the calls
in order, each in an application context of its own, and logs (never loses) an error. The
thread starts on first use and stops after a quiet minute. `wait()` blocks until the queue
is empty: the test suite calls it after each request, and every queue is drained at exit.
A later job queue can replace this module behind the same `enqueue` call.
"""

import atexit
import logging
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

from models import db

log = logging.getLogger("plainly.background")
KEY = "plainly.background"
IDLE_SECONDS = 60


class Worker:
    """One app's queue and the thread that empties it."""

    def __init__(self, app: Flask):
        self.app = weakref.ref(app)
        self.jobs: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def put(self, function: Callable[..., Any], args: tuple) -> None:
        with self.lock:
            self.jobs.put((function, args))
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name=KEY, daemon=True)
                self.thread.start()

    def _next(self):
        """The next job, or None once the queue has stayed empty (the thread then ends)."""
        while True:
            try:
                return self.jobs.get(timeout=IDLE_SECONDS)
            except queue.Empty:
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

    def _call(self, function: Callable[..., Any], args: tuple) -> None:
        app = self.app()
        if app is None:
            return
        with app.app_context():
            try:
                function(*args)
            except Exception:
                db.session.rollback()
                log.exception("Background job %s failed", getattr(function, "__name__", function))
            finally:
                db.session.remove()

    def wait(self) -> None:
        self.jobs.join()


_workers: "weakref.WeakSet[Worker]" = weakref.WeakSet()


def init_app(app: Flask) -> None:
    """Give the app its queue (the thread starts with the first job)."""
    worker = Worker(app)
    app.extensions[KEY] = worker
    _workers.add(worker)


def enqueue(function: Callable[..., Any], *args: Any) -> None:
    """Run `function(*args)` soon, in the background, inside this app's context.

    The function commits its own work; an exception is logged and rolled back.
    """
    current_app.extensions[KEY].put(function, args)


def wait(app: Flask | None = None) -> None:
    """Block until every job enqueued so far on the app (default: the current one) is done."""
    (app or current_app).extensions[KEY].wait()


@atexit.register
def _drain_all() -> None:
    for worker in list(_workers):
        worker.wait()
