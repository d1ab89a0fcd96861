"""Benchmark: digests fanned out through 1, 2 and 4 RQ workers against PostgreSQL and SMTP.

    .venv/bin/python bench/digest_workers.py [--readers 50000] [--articles 5000] [--workers 1 2 4]

Starts a throwaway PostgreSQL (scripts/with-postgres), a redis-server and an SMTP sink that
accepts and counts every message, fills the database with `bench/digests.populate`, then for
each worker count: forgets every digest, queues one run (`flask digests send --now`), starts
that many `flask jobs work --burst digests` processes and times them until the queue is
empty. Prints readers/s and the cost of one batch of 200 (worker-seconds per batch).
"""

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402

from bench.digests import make_everyone_due, populate  # noqa: E402
from models import Digest, DigestRun, db  # noqa: E402
from models.digest import SENT  # noqa: E402
from services.digests.send import BATCH_SIZE  # noqa: E402
from tests.conftest import make_app  # noqa: E402
from tests.servers import postgres_server, redis_server  # noqa: E402
from tests.smtp import free_port  # noqa: E402
from tests.system.processes import HoldingSink, flask  # noqa: E402


def measure(app, env: dict, workers: int, sink: HoldingSink) -> tuple[int, float]:
    """Send every reader's digest through `workers` workers; (digests sent, seconds)."""
    with app.app_context():
        db.session.execute(delete(Digest))
        db.session.execute(delete(DigestRun))
        db.session.commit()
    sink.received.clear()
    sender = flask(env, "digests", "send", "--now")
    if sender.wait(timeout=600) != 0:
        raise SystemExit("flask digests send failed")
    started = time.perf_counter()
    processes = [flask(env, "jobs", "work", "--burst", "digests") for _ in range(workers)]
    for process in processes:
        process.wait(timeout=3600)
    seconds = time.perf_counter() - started
    with app.app_context():
        sent = db.session.scalar(select(func.count()).where(Digest.status == SENT))
    return sent, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=50_000)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    sink, port = HoldingSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    with (
        tempfile.TemporaryDirectory() as tmp,
        postgres_server() as database,
        redis_server(Path(tmp)) as redis,
    ):
        app = make_app(Path(tmp), SQLALCHEMY_DATABASE_URI=database)
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            now = datetime.now(UTC)
            populate(args.readers, args.articles, now)
            make_everyone_due(now)
            print(f"Generated {args.readers:,} readers in {time.perf_counter() - started:.0f} s")
        env = {
            "DATABASE_URL": database,
            "REDIS_URL": redis.url,
            "SECRET_KEY": "bench-only-" + "x" * 32,
            "PLAINLY_MAIL_SERVER": "127.0.0.1",
            "PLAINLY_MAIL_PORT": str(port),
        }
        print(f"{'Workers':>7} {'Digests':>8} {'Seconds':>8} {'Readers/s':>10} {'s/batch':>8}")
        for workers in args.workers:
            sent, seconds = measure(app, env, workers, sink)
            per_batch = seconds * workers / max(1, sent / BATCH_SIZE)
            print(
                f"{workers:>7} {sent:>8,} {seconds:>8.1f} {sent / seconds:>10.0f} {per_batch:>8.2f}"
            )
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    controller.stop()


if __name__ == "__main__":
    main()
