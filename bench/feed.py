"""Benchmark: the feed query and the feed page on a large library.

    .venv/bin/python bench/feed.py [--articles 200000] [--repeat 20]

Builds a throw-away SQLite database (or uses --database-url) with 30 topics and many
articles, a reader who follows three topics, then times `services.feed.feed_page` for the
first page and for page 50 (reached with the keyset cursor), and the whole signed-in `/`
request through the test client. Prints milliseconds (median of --repeat runs) before and
after the database has statistics (ANALYZE), and the SQL statements per feed request.
With --mutes N the reader also mutes N other topics: the feed query then leaves their
articles out, and the page counts what each mute hides (services.mutes).
"""

import argparse
import random
import re
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from bench.timing import median_ms  # noqa: E402
from models import Article, Follow, Topic, article_topics, db  # noqa: E402
from services import accounts, feed, mutes  # noqa: E402

TOPICS = 30
PASSWORD = "a calm long passphrase"  # noqa: S105 (a generated bench account)
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def populate(articles: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    db.session.execute(
        insert(Topic),
        [{"id": t, "slug": f"t{t}", "name": f"Topic {t}", "description": ""} for t in range(1, 31)],
    )
    span = timedelta(days=3650).total_seconds()
    text_fields = dict.fromkeys(
        ["summary", "found", "for_patients", "for_caregivers", "for_clinicians", "limitations"],
        "Plain words about a study.",
    )
    for start in range(1, articles + 1, 10000):
        ids = range(start, min(start + 10000, articles + 1))
        db.session.execute(
            insert(Article),
            [
                {
                    "id": i, "slug": f"a{i}", "title": f"Study {i}", "status": "published",
                    "published_at": now - timedelta(seconds=rng.random() * span),
                    "questions": [], "study_type": "observational", "population": "human",
                    "source_journal": "Journal", "source_year": 2024,
                    "source_url": "https://pubmed.ncbi.nlm.nih.gov/?term=ms", **text_fields,
                }
                for i in ids
            ],
        )  # fmt: skip
        db.session.execute(
            insert(article_topics),
            [
                {"article_id": i, "topic_id": t}
                for i in ids
                for t in rng.sample(range(1, TOPICS + 1), rng.randint(1, 2))
            ],
        )
    db.session.commit()


def measure_query(user_id: int, repeat: int) -> dict[str, float]:
    def first_page():
        feed.feed_page(user_id, muted_for=user_id)
        db.session.expunge_all()

    cursor = None
    for _ in range(49):
        cursor = feed.feed_page(user_id, before=cursor, muted_for=user_id).older
    db.session.expunge_all()

    def page_50():
        feed.feed_page(user_id, before=cursor, muted_for=user_id)
        db.session.expunge_all()

    oldest_on_page_1 = feed.feed_page(user_id, muted_for=user_id).articles[-1].published_at

    def hidden_counts():  # as services.listing counts them for page 1
        mutes.hidden_by_mutes(user_id, feed.feed_stmt(user_id, since=oldest_on_page_1))
        db.session.expunge_all()

    return {
        "feed query, page 1 (ms)": median_ms(first_page, repeat),
        "feed query, page 50 (ms)": median_ms(page_50, repeat),
        "what mutes hide, page 1 (ms)": median_ms(hidden_counts, repeat),
    }


def measure_page(app, repeat: int) -> dict[str, float]:
    """A signed-in GET / through the test client, outside any app context (like a server)."""
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True))[1]
    data = {"email": "bench@example.com", "password": PASSWORD, "csrf_token": token}
    client.post("/login", data=data)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    if "Your feed" not in client.get("/").get_data(as_text=True):
        raise SystemExit("the reader is not signed in")
    event.remove(engine, "before_cursor_execute", record)
    return {
        "GET / signed in (ms)": median_ms(lambda: client.get("/"), repeat),
        "SQL statements per GET /": len(statements),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--mutes", type=int, default=0, help="topics the reader mutes")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="plainly-feed-bench-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.database_url or f"sqlite:///{folder / 'feed.sqlite3'}",
            "SECRET_KEY": "bench-only-" + "x" * 32,
            "AUTH_RATE_LIMIT": "1000000 per minute",
            "ARGON2_PROFILE": "CHEAPEST",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        populate(args.articles, random.Random(7))
        user_id = accounts.create_user("bench@example.com", PASSWORD, "caregiver").id
        db.session.add_all(Follow(user_id=user_id, topic_id=t) for t in (3, 11, 27))
        for topic_id in (5, 19, 8, 14, 22, 29, 1, 2)[: args.mutes]:
            mutes.mute(user_id, topic_id)
        db.session.commit()
        print(
            f"{args.articles:,} articles in {TOPICS} topics, the reader follows 3 and mutes "
            f"{args.mutes}; "
            f"{db.engine.dialect.name}, built in {time.perf_counter() - started:.0f} s"
        )
        results = [measure_query(user_id, args.repeat)]
    results[0].update(measure_page(app, args.repeat))
    with app.app_context():
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
        results.append(measure_query(user_id, args.repeat))
    results[1].update(measure_page(app, args.repeat))
    print(f"{'':28} {'no statistics':>14} {'after ANALYZE':>14}")
    for name in results[0]:
        print(f"{name:28} {results[0][name]:>14.2f} {results[1][name]:>14.2f}")
    with app.app_context():
        db.drop_all()


if __name__ == "__main__":
    main()
