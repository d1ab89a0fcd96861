"""The one job API: in-process without Redis, RQ queues with it, through the same `perform`."""

import logging
import threading

import pytest
from flask import current_app
from rq import Queue
from rq.job import Job
from rq.serializers import JSONSerializer

from models import User, db
from services import background, jobs
from tests import factories as f
from tests.job_queue import drain

seen: list = []
failures = {"left": 0}


def record(n, *rest) -> None:
    seen.append((n, current_app.name, threading.current_thread().name, *rest))


def broken() -> None:
    raise RuntimeError("the mail server is down")


def flaky(n) -> None:
    """Fails while failures["left"] > 0, then records."""
    if failures["left"] > 0:
        failures["left"] -= 1
        raise RuntimeError(f"try {n} failed")
    record(n)


@pytest.fixture(autouse=True)
def _fresh():
    seen.clear()
    failures["left"] = 0


def test_jobs_run_in_order_in_the_apps_context_on_another_thread(app, ctx):
    assert background.enqueue(record, 1) is None  # no REDIS_URL: in-process
    background.enqueue(record, 2)
    background.wait()
    assert [(n, name) for n, name, *_ in seen] == [(1, app.name), (2, app.name)]
    assert all(thread == background.KEY for *_, thread in seen)


def test_a_failing_job_is_logged_and_the_next_one_still_runs(ctx, caplog):
    background.enqueue(broken)
    background.enqueue(record, "after")
    with caplog.at_level(logging.ERROR, logger="plainly.background"):
        background.wait()
    assert [n for n, *_ in seen] == ["after"]
    assert f"Background job {__name__}.broken failed" in caplog.text


def hold() -> None:
    gate.wait(5)


gate = threading.Event()


def test_wait_blocks_until_the_queue_is_empty(ctx):
    gate.clear()
    background.enqueue(hold)
    background.enqueue(record, "done")
    assert not seen
    gate.set()
    background.wait()
    assert [n for n, *_ in seen] == ["done"]


@pytest.mark.parametrize(
    "function, args, error",
    [
        (lambda: None, (), ValueError),
        (record, (object(),), TypeError),
        (record, ([1, {"a": 1}],), TypeError),
    ],
    ids=["lambda", "object", "list-of-dicts"],
)
def test_jobs_take_importable_functions_and_plain_values_only(ctx, function, args, error):
    with pytest.raises(error):
        background.enqueue(function, *args)


def test_an_orm_object_is_refused_as_an_argument(ctx):
    user = f.make_reader("orm@example.com")
    with pytest.raises(TypeError):
        background.enqueue(record, user)


def test_an_unknown_queue_is_refused(ctx):
    with pytest.raises(KeyError):
        background.enqueue(record, 1, queue="elsewhere")


def test_with_redis_a_job_waits_on_its_named_queue_with_retries(queued_app):
    with queued_app.app_context():
        job_id = background.enqueue(record, 7, [1, 2], "x", queue=background.DIGESTS)
        redis = background.redis_connection()
    job = Job.fetch(job_id, connection=redis, serializer=JSONSerializer)
    assert job.origin == "digests"
    assert job.func_name == "services.background.perform"
    assert job.args == [f"{__name__}.record", 7, [1, 2], "x"]
    assert job.retries_left == background.RETRY_MAX == 3
    assert job.retry_intervals == [0, 0, 0]  # the test app's; the default is below
    assert job.timeout == 1800
    assert Queue("digests", connection=redis, serializer=JSONSerializer).count == 1
    assert not seen  # nothing runs before a worker takes it


def test_the_default_backoff_is_10_s_1_min_5_min(app):
    assert app.config["JOB_RETRY_INTERVALS"] == [10, 60, 300]


def test_a_worker_runs_the_job_inside_the_app(queued_app):
    with queued_app.app_context():
        background.enqueue(record, 1)
        background.enqueue(record, 2, queue=background.DIGESTS)
        assert jobs.queued(queued_app) == 2
    drain(queued_app)
    assert sorted(n for n, *_ in seen) == [1, 2]
    assert {name for _, name, *_ in seen} == {queued_app.name}
    assert jobs.queued(queued_app) == 0


def test_a_worker_job_can_use_the_database(queued_app):
    with queued_app.app_context():
        f.make_reader("db@example.com")
        db.session.commit()
        background.enqueue(count_readers)
    drain(queued_app)
    assert seen == [("readers", 1)]


def count_readers() -> None:
    seen.append(("readers", db.session.query(User).count()))


def test_a_failing_job_is_retried_then_succeeds(queued_app):
    failures["left"] = 2
    with queued_app.app_context():
        background.enqueue(flaky, 5)
    drain(queued_app)
    assert [n for n, *_ in seen] == [5]
    assert jobs.failed_jobs(queued_app) == []


def test_a_job_failing_every_retry_is_listed_and_can_be_run_again(queued_app):
    failures["left"] = 4  # the first try and all three retries
    with queued_app.app_context():
        job_id = background.enqueue(flaky, 9)
    drain(queued_app)
    [failed] = jobs.failed_jobs(queued_app)
    assert (failed.id, failed.queue, failed.function) == (job_id, "mail", f"{__name__}.flaky")
    assert failed.args == "9"
    assert failed.error == "RuntimeError: try 9 failed"
    assert failed.enqueued_at is not None and failed.failed_at is not None
    assert not seen

    assert jobs.retry(queued_app, [job_id]) == [job_id]
    drain(queued_app)
    assert [n for n, *_ in seen] == [9]
    assert jobs.failed_jobs(queued_app) == []


def test_retrying_an_unknown_job_names_it(queued_app):
    with pytest.raises(KeyError, match="nope"):
        jobs.retry(queued_app, ["nope"])


def test_long_arguments_are_summarised(queued_app):
    failures["left"] = 4
    with queued_app.app_context():
        background.enqueue(flaky, list(range(200)))
    drain(queued_app)
    [failed] = jobs.failed_jobs(queued_app)
    assert failed.args == "[200 items]"


def test_without_redis_there_is_no_queue_to_work_on(app):
    with pytest.raises(jobs.NoQueue):
        jobs.failed_jobs(app)
