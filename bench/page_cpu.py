"""Benchmark: the reader's pages through the test client, at two library sizes.

    .venv/bin/python bench/page_cpu.py [--sizes 10000 100000] [--repeat 30] [--profile PATH]

For each size, builds a throw-away SQLite database (or empties the one --database-url names)
with generated published articles (services.demo's data, indexed for search), a reader who
follows 8 of the 30 topics and saved 40 articles, then times each page a signed-in reader
opens (median of --repeat requests: CPU ms of this process, which includes SQLite's work
and is what a busy server runs out of, and wall ms) and counts its SQL statements. The pages should
cost the same at every size; the last column is the time at the last size over the first.
With --profile, the feed page is also profiled (cProfile) and the top functions printed.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from bench.feed import CSRF, PASSWORD, populate  # noqa: E402
from bench.timing import median_ms  # noqa: E402
from models import Article, Follow, SavedArticle, Topic, db  # noqa: E402
from services import accounts, topic_counts  # noqa: E402
from services.demo_text import COMMON_WORD, RARE_WORD  # noqa: E402
from services.feed import published_filter  # noqa: E402

PAGES = (
    "feed page 1",
    "topic page",
    "topics index",
    "article",
    "saved list",
    "search, rare word",
    "search, common word",
)


def page_urls() -> dict[str, str]:
    """The pages by name; generated slugs come from names, so they are looked up: the topic
    is the first generated one (the reader follows it), the article the 77th newest visible one."""
    topic = db.session.scalar(select(Topic.slug).where(Topic.is_generated).order_by(Topic.id))
    article = db.session.scalar(
        select(Article.slug)
        .where(published_filter())
        .order_by(Article.published_at.desc())
        .offset(76)
        .limit(1)
    )
    urls = [
        "/", f"/topics/{topic}", "/topics", f"/articles/{article}", "/saved",
        f"/search?q={RARE_WORD}", f"/search?q={COMMON_WORD}",
    ]  # fmt: skip
    return dict(zip(PAGES, urls, strict=True))


def build(app, articles: int) -> None:
    with app.app_context():
        db.drop_all()
        db.create_all()
        topic_ids = populate(articles)  # services.demo: indexed for search
        topic_counts.changed()  # the bulk insert bypassed the session's hooks
        user_id = accounts.create_user("bench@example.com", PASSWORD, "caregiver").id
        db.session.add_all(Follow(user_id=user_id, topic_id=t) for t in topic_ids[::4][:8])
        newest = db.session.scalars(
            select(Article.id).order_by(Article.published_at.desc()).limit(40)
        )
        db.session.execute(
            insert(SavedArticle), [{"user_id": user_id, "article_id": i} for i in newest]
        )
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))


def signed_in(app):
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True))[1]
    client.post("/login", data={"email": "bench@example.com", "password": PASSWORD,
                                "csrf_token": token})  # fmt: skip
    if "Your feed" not in client.get("/").get_data(as_text=True):
        raise SystemExit("the reader is not signed in")
    return client


def median_cpu_ms(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        runs.append((time.process_time() - started) * 1000)
    return statistics.median(runs)


def measure(app, repeat: int) -> dict[str, tuple[float, float, int]]:
    client = signed_in(app)
    with app.app_context():
        engine = db.engine
        urls = page_urls()
    results = {}
    for name, url in urls.items():
        statements = []

        def record(*_args, into=statements):
            into.append(1)

        event.listen(engine, "before_cursor_execute", record)
        response = client.get(url)
        event.remove(engine, "before_cursor_execute", record)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        get = lambda u=url: client.get(u)  # noqa: E731
        results[name] = (median_cpu_ms(get, repeat), median_ms(get, repeat), len(statements))
    return results


def profile(app, path: str, url: str = "/") -> None:
    client = signed_in(app)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(50):
        client.get(url)
    profiler.disable()
    profiler.dump_stats(path)
    pstats.Stats(path).sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile")
    parser.add_argument("--profile-url", default="/")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="plainly-pages-bench-"))
    table = {}
    for size in args.sizes:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": args.database_url
                or f"sqlite:///{folder / f'pages-{size}.sqlite3'}",
                "SECRET_KEY": "bench-only-" + "x" * 32,
                "AUTH_RATE_LIMIT": "1000000 per minute",
                "ARGON2_PROFILE": "CHEAPEST",
            }
        )
        build(app, size)
        table[size] = measure(app, args.repeat)
        if args.profile and size == args.sizes[-1]:
            profile(app, args.profile, args.profile_url)
    first, last = args.sizes[0], args.sizes[-1]
    header = "".join(f"{f'{s:,} cpu':>12}{f'{s:,} wall':>12}" for s in args.sizes)
    print(f"{'page (ms)':22}{header}{'SQL':>6}{'cpu last/first':>16}")
    for name in PAGES:
        times = "".join(f"{table[s][name][0]:>12.2f}{table[s][name][1]:>12.2f}" for s in args.sizes)
        ratio = table[last][name][0] / table[first][name][0]
        print(f"{name:22}{times}{table[last][name][2]:>6}{ratio:>16.2f}")


if __name__ == "__main__":
    main()
