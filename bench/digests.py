"""Benchmark: build digests for a generated population without sending anything.

    .venv/bin/python bench/digests.py [--users 20000] [--articles 50000] [--budget 90]

Creates a throw-away SQLite database in a temp folder, fills it with generated readers,
topics, follows, articles, reads and earlier digests (services.demo), then builds every
due reader's digest with `services.digests.plan.build` (the code `flask digests send` uses)
and prints readers per second and SQL statements per batch for several batch sizes. The
statement count per batch must not grow with the number of readers in the batch.
"""

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, event, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from models import Digest, DigestPreference, User, db  # noqa: E402
from models.digest import DAILY  # noqa: E402
from services import demo  # noqa: E402
from services.digests import plan, schedule, send  # noqa: E402

TOPICS = 30
BATCH_SIZES = (50, 100, 200, 400)


def populate(users: int, articles: int, now: datetime) -> None:
    """The generated population (services.demo, as `flask demo generate` makes it): readers
    follow 3–15 of 30 topics, with reads and the digests of earlier weeks."""
    demo.generate(demo.Sizes(articles=articles, users=users, topics=TOPICS), seed=4, now=now)
    db.session.commit()
    # Fresh statistics, as a long-running database would have them.
    demo.analyze()
    db.session.commit()


def make_everyone_due(now: datetime) -> None:
    """Every generated reader confirmed, with daily digests and none sent yet: each is due a
    first digest, which lists everything in their topics, so none is empty."""
    db.session.execute(update(User).values(email_verified_at=now))
    db.session.execute(update(DigestPreference).values(frequency=DAILY))
    db.session.execute(delete(Digest))
    db.session.commit()


def measure(readers, size: int, now: datetime, budget: float) -> tuple[int, list[int], float]:
    """Build batches of `size` until all readers are done or `budget` seconds have passed."""
    statements = 0
    per_batch: list[int] = []

    def count(*_args):
        nonlocal statements
        statements += 1

    event.listen(db.engine, "before_cursor_execute", count)
    started = time.perf_counter()
    built = 0
    try:
        for batch in send.chunks(readers, size):
            statements = 0
            plan.build(batch, now)
            db.session.expunge_all()
            per_batch.append(statements)
            built += len(batch)
            if time.perf_counter() - started > budget:
                break
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return built, per_batch, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--budget", type=float, default=90, help="seconds for all builds")
    parser.add_argument(
        "--database-url",
        help="an empty database to fill instead of a temp SQLite file (it is dropped after)",
    )
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": args.database_url
                or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                "SECRET_KEY": "bench-only-" + "x" * 32,
                "MAIL_OUTBOX": str(Path(tmp) / "outbox"),
            }
        )
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            populate(args.users, args.articles, now)
            print(
                f"Generated {args.users:,} readers and {args.articles:,} articles "
                f"in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})"
            )
            readers = schedule.candidates(now, force=True)
            print(f"Due readers: {len(readers):,}\n")
            print(
                f"{'Batch size':>10} {'Batches':>8} {'Readers':>8} {'Statements/batch':>17} "
                f"{'Readers/s':>10}"
            )
            share = args.budget / (len(BATCH_SIZES) + 2)
            results = {}
            for size in BATCH_SIZES:
                built, per_batch, seconds = measure(readers, size, now, share)
                results[size] = set(per_batch)
                low, high = min(per_batch), max(per_batch)
                spread = f"{low}" if low == high else f"{low}–{high}"
                print(
                    f"{size:>10} {len(per_batch):>8} {built:>8} {spread:>17} "
                    f"{built / seconds:>10.0f}"
                )
            built, per_batch, seconds = measure(readers, send.BATCH_SIZE, now, 2 * share)
            print(
                f"\nDefault batch size {send.BATCH_SIZE}: {built:,} of {len(readers):,} "
                f"readers in {seconds:.1f} s = {built / seconds:,.0f} readers/s"
            )
            flat = max(max(s) for s in results.values()) <= min(min(s) for s in results.values())
            print("Statements per batch", "do not grow" if flat else "GROW", "with batch size.")
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
        if not flat:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
