"""The app with a real Redis job queue (REDIS_URL), and a worker that empties it in-process."""

import pytest

from services import jobs
from tests.conftest import app_with_tables
from tests.http.test_sessions import redis_url  # noqa: F401 - the Redis server fixture

__all__ = ["drain", "queued_app", "redis_url"]


@pytest.fixture
def queued_app(tmp_path, redis_url):  # noqa: F811
    """An app whose jobs go to RQ in a fresh Redis; retries follow at once (no waiting)."""
    with app_with_tables(tmp_path, REDIS_URL=redis_url, JOB_RETRY_INTERVALS=[0, 0, 0]) as app:
        yield app


def drain(app) -> None:
    """Run every queued job (and its retries) in this process, as a worker would."""
    jobs.worker(app, fork=False).work(burst=True)


@pytest.fixture
def queued_smtp(queued_app, app, smtp):
    """The SMTP sink, receiving the queued app's mail too."""
    queued_app.config.update(
        MAIL_SERVER=app.config["MAIL_SERVER"], MAIL_PORT=app.config["MAIL_PORT"]
    )
    return smtp
