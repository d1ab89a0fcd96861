"""Benchmark: build digests for a generated population without sending anything.

    .venv/bin/python bench/digests.py [--users 20000] [--articles 50000] [--budget 90]

Creates a throw-away SQLite database in a temp folder, fills it with readers, topics,
follows, articles, reads and earlier digests, then builds every due reader's digest with
`services.digests.plan.build` (the code `flask digests send` uses) and prints readers per second
and SQL statements per batch for several batch sizes. The statement count per batch must not
grow with the number of readers in the batch.
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from models import (  # noqa: E402
    Article,
    ArticleRead,
    Digest,
    DigestPreference,
    Follow,
    Topic,
    User,
    article_topics,
    db,
)
from models.digest import SENT  # noqa: E402
from services.digests import plan, schedule, send  # noqa: E402

TOPICS = 30
BATCH_SIZES = (50, 100, 200, 400)


def chunked_insert(target, rows, size=5000) -> None:
    for start in range(0, len(rows), size):
        db.session.execute(insert(target), rows[start : start + size])


def populate(users: int, articles: int, now: datetime, rng: random.Random) -> None:
    """Readers follow 1–4 of 30 topics; articles span two years; half had a digest last week."""
    chunked_insert(
        Topic,
        [
            {"id": t, "slug": f"topic-{t}", "name": f"Topic {t}", "description": ""}
            for t in range(1, TOPICS + 1)
        ],
    )
    span = timedelta(days=730).total_seconds()
    chunked_insert(
        Article,
        [
            {
                "id": a,
                "slug": f"study-{a}",
                "title": f"Study {a}",
                "summary": "A short summary.",
                "published_at": now - timedelta(seconds=rng.random() * span),
                "found": "",
                "for_patients": "",
                "for_caregivers": "",
                "for_clinicians": "",
                "limitations": "",
                "questions": [],
                "study_type": "observational",
                "population": "human",
                "source_journal": "Journal",
                "source_year": 2025,
                "source_url": "https://example.org",
                "reading_minutes": 2,
                "status": "published",
                "is_sample": False,
            }
            for a in range(1, articles + 1)
        ],
    )
    chunked_insert(
        article_topics,
        [
            {"article_id": a, "topic_id": t}
            for a in range(1, articles + 1)
            for t in rng.sample(range(1, TOPICS + 1), rng.choice((1, 1, 2)))
        ],
    )
    verified = now - timedelta(days=30)
    chunked_insert(
        User,
        [
            {
                "id": u,
                "email": f"reader{u}@example.com",
                "password_hash": "x",
                "role": "patient",
                "email_verified_at": verified,
            }
            for u in range(1, users + 1)
        ],
    )
    chunked_insert(
        DigestPreference,
        [
            {
                "user_id": u,
                "frequency": "weekly",
                "weekday": 0,
                "send_hour": 8,
                "timezone": rng.choice(("Europe/London", "America/New_York", "Asia/Tokyo", None)),
                "max_articles": 5,
            }
            for u in range(1, users + 1)
        ],
    )
    chunked_insert(
        Follow,
        [
            {"user_id": u, "topic_id": t}
            for u in range(1, users + 1)
            for t in rng.sample(range(1, TOPICS + 1), rng.randint(1, 4))
        ],
    )
    chunked_insert(
        ArticleRead,
        [
            {"user_id": u, "article_id": a}
            for u in range(1, users + 1)
            for a in set(rng.sample(range(max(1, articles - 2000), articles + 1), 5))
        ],
    )
    last_week = now - timedelta(days=7)
    chunked_insert(
        Digest,
        [
            {
                "user_id": u,
                "period": "last-week",
                "status": SENT,
                "covered_until": last_week,
                "created_at": last_week,
                "sent_at": last_week,
                "attempts": 1,
            }
            for u in range(1, users + 1, 2)
        ],
    )
    db.session.commit()
    # Fresh statistics, as a long-running database would have them.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


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
    rng = random.Random(4)
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
            populate(args.users, args.articles, now, rng)
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
