"""The background queue: jobs run in order, in the app's context, and a failure is logged."""

import logging
import threading

from flask import current_app

from services import background


def test_jobs_run_in_order_in_the_apps_context(app, ctx):
    seen = []
    background.enqueue(lambda n: seen.append((n, current_app.name)), 1)
    background.enqueue(lambda n: seen.append((n, current_app.name)), 2)
    background.wait()
    assert seen == [(1, app.name), (2, app.name)]


def test_jobs_run_on_another_thread(ctx):
    threads = []
    background.enqueue(lambda: threads.append(threading.current_thread()))
    background.wait()
    assert threads and threads[0] is not threading.current_thread()


def test_a_failing_job_is_logged_and_the_next_one_still_runs(ctx, caplog):
    seen = []

    def broken():
        raise RuntimeError("the mail server is down")

    background.enqueue(broken)
    background.enqueue(seen.append, "after")
    with caplog.at_level(logging.ERROR, logger="plainly.background"):
        background.wait()
    assert seen == ["after"]
    assert "Background job broken failed" in caplog.text


def test_wait_blocks_until_the_queue_is_empty(ctx):
    release, done = threading.Event(), []
    background.enqueue(release.wait, 5)
    background.enqueue(done.append, True)
    assert not done
    release.set()
    background.wait()
    assert done == [True]
