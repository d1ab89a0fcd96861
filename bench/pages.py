"""Benchmark: the pages readers use most, served by gunicorn and measured with wrk.

    python bench/pages.py [--sizes 10000,100000] [--users 50000] [--seconds 5] [--rounds 1]
                          [--database-url URL] [--reuse] [--workdir DIR]
    scripts/with-postgres python bench/pages.py     (PostgreSQL: TEST_DATABASE_URL)

For each corpus size it fills a database with `services.demo` (40 topics; --reuse keeps one
that already holds that many generated articles), gives one generated reader 8 followed
topics and 20 saves, starts gunicorn with 2 sync workers on 127.0.0.1 with the bench pages
on (BENCH_ROUTES, blueprints/bench.py), logs the reader in through the form, and runs wrk
with 16 connections for --seconds per run on each route (two topic pages: the busiest topic,
and the "sparse topic" whose 20 newest articles reach furthest back), alternating the two
limits with the page: the stack limit (the feed's bytes from memory), the template limit
(the feed template from a constant context), then the page. Prints requests/s, p50/p95/p99
latency and errors per route, the ratio page / stack limit (with --rounds N, each page is
measured N times next to its limits and the round with the median ratio is shown, errors
summed over all rounds), and, with two sizes, how p50 at the largest compares with the
smallest (flat: within 20 %), as measured and scaled by the stack limit of each one's round.
Talks to 127.0.0.1 only; gunicorn is stopped at the end, also on failure. Needs wrk
(`apt-get install wrk`; `make bench-pages`).
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from bench.server import serve  # noqa: E402
from models import Article, Follow, SavedArticle, Topic, User, article_topics, db  # noqa: E402
from models.article import PUBLISHED  # noqa: E402
from services import demo, demo_text  # noqa: E402

PASSWORD = "a calm long passphrase"  # noqa: S105 (the generated readers of a bench database)
FOLLOWS, SAVES = 8, 20
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
OLDER = re.compile(r'<a rel="next" href="([^"]+)"')
ARTICLE = re.compile(r'href="(/articles/[^"/?#]+)"')
# wrk leaves answers slower than its timeout out of the percentiles and counts them as
# errors; a page this slow should show in p99, not vanish.
WRK_TIMEOUT = 10
# gunicorn.conf.py's production defaults are gthread workers that are replaced every 2,000
# requests: a restart in the middle of a 5 s run costs an app start and shows in p99. The
# bench measures plain sync workers that live through the run.
SYNC_WORKERS = {"PLAINLY_WEB_THREADS": "1", "PLAINLY_WEB_MAX_REQUESTS": "0"}
LIMITS = {"stack limit": "/_bench/feed-bytes", "template limit": "/_bench/feed-template"}
# wrk's Lua hook: one line with the numbers (latencies in microseconds).
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


@dataclass(frozen=True)
class Run:
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int

    def cells(self) -> str:
        latency = f"{self.p50:>7.1f} {self.p95:>7.1f} {self.p99:>7.1f}"
        return f"{self.rps:>8.0f} {latency} {self.errors:>6}"


def bench_app(url: str):
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-" + "x" * 32,
         "ARGON2_PROFILE": "CHEAPEST"}
    )  # fmt: skip


def fill(url: str, articles: int, users: int, reuse: bool) -> str:
    """Generate the corpus (unless --reuse finds it) and prepare the reader; returns how."""
    app = bench_app(url)
    with app.app_context():
        db.create_all()
        real = demo.real_content()
        if any(real.values()):
            raise SystemExit(f"{url} holds real content ({real}): use an empty database")
        counts = demo.generated_counts()
        if reuse and counts["articles"] == articles and counts["readers"] == users:
            how = "reused"
        else:
            started = time.perf_counter()
            demo.generate(demo.Sizes(articles=articles, users=users), password=PASSWORD)
            db.session.commit()
            demo.analyze()
            db.session.commit()
            how = f"generated in {time.perf_counter() - started:.0f} s"
        email = prepare_reader()
        db.session.commit()
        dialect = db.engine.dialect.name
        db.session.remove()
        db.engine.dispose()
    return f"{dialect}, {articles:,} articles, {users:,} readers ({how}), reader {email}"


def prepare_reader() -> str:
    """The first generated reader, following the 8 busiest topics, with 20 saves."""
    user_id, email = db.session.execute(
        select(User.id, User.email).where(User.is_generated).order_by(User.id).limit(1)
    ).one()
    topics = db.session.scalars(
        select(Topic.id).where(Topic.is_generated).order_by(Topic.id).limit(FOLLOWS)
    ).all()
    db.session.execute(delete(Follow).where(Follow.user_id == user_id))
    db.session.execute(insert(Follow), [{"user_id": user_id, "topic_id": t} for t in topics])
    db.session.execute(delete(SavedArticle).where(SavedArticle.user_id == user_id))
    newest = db.session.scalars(
        select(Article.id)
        .where(Article.status == PUBLISHED, Article.id.in_(select(article_topics.c.article_id)))
        .order_by(Article.published_at.desc())
        .limit(SAVES)
    ).all()
    db.session.execute(
        insert(SavedArticle), [{"user_id": user_id, "article_id": a} for a in newest]
    )
    return email


def log_in(base: str, email: str) -> tuple[urllib.request.OpenerDirector, str]:
    """Log in through the form like a browser; returns the opener and its Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/login").read().decode()
    data = {"email": email, "password": PASSWORD, "csrf_token": CSRF.search(form)[1]}
    opener.open(base + "/login", urllib.parse.urlencode(data).encode()).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "Your feed" not in opener.open(base + "/").read().decode():
        raise SystemExit("the reader could not log in")
    return opener, cookie


def busy_and_sparse_topics() -> tuple[str, str]:
    """The slugs of the first generated topic (the busiest) and of the topic whose 20 newest
    articles reach furthest back: the one whose page finds its articles furthest apart."""
    busy = db.session.scalar(
        select(Topic.slug).where(Topic.is_generated).order_by(Topic.id).limit(1)
    )
    newest = (
        select(
            article_topics.c.topic_id,
            Article.published_at,
            func.row_number()
            .over(partition_by=article_topics.c.topic_id, order_by=Article.published_at.desc())
            .label("n"),
        )
        .join(Article, Article.id == article_topics.c.article_id)
        .where(Article.status == PUBLISHED)
        .subquery()
    )
    sparse = db.session.scalar(
        select(Topic.slug)
        .join(newest, newest.c.topic_id == Topic.id)
        .where(newest.c.n == 20)
        .order_by(newest.c.published_at, Topic.id)
        .limit(1)
    )
    return busy, sparse


def routes(base: str, opener, topic_slug: str, sparse_slug: str) -> dict[str, str]:
    """Each measured page's path; page 50 is reached through the feed's "Older" links."""
    page = opener.open(base + "/").read().decode()
    article = ARTICLE.search(page)[1]
    path = "/"
    for _ in range(49):
        path = OLDER.search(page)[1].replace("&amp;", "&")
        page = opener.open(base + path).read().decode()
    found = {
        "feed page 1": "/",
        "feed page 50": path,
        "article": article,
        "topic": f"/topics/{topic_slug}",
        "sparse topic": f"/topics/{sparse_slug}",
        "topics index": "/topics",
        "search, rare word": f"/search?q={demo_text.RARE_WORD}",
        "search, common word": f"/search?q={demo_text.COMMON_WORD}",
        "saved list": "/saved",
    }
    for name, path in {**found, **LIMITS}.items():
        response = opener.open(base + path)
        if response.status != 200 or response.url != base + path:
            raise SystemExit(f"{name} ({path}) answered {response.status} at {response.url}")
        response.read()
    return found


def wrk(url: str, cookie: str, seconds: int, connections: int, script: Path) -> Run:
    out = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "wrk", "-t2", f"-c{connections}", f"-d{seconds}s",
         "--timeout", f"{WRK_TIMEOUT}s", "-H", f"Cookie: {cookie}", "-s", script, url],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    requests, micros, p50, p95, p99, failed, status = map(int, out.split("RESULT")[1].split())
    return Run(requests / (micros / 1e6), p50 / 1000, p95 / 1000, p99 / 1000, failed + status)


def settle(base: str) -> None:
    """Wait until both workers have answered what wrk left queued when it stopped, so a
    slow page's backlog is not counted against the next run."""
    for _ in range(2):
        urllib.request.urlopen(base + "/healthz", timeout=120).read()  # noqa: S310


def measure(base: str, cookie: str, paths: dict[str, str], args, script: Path) -> list[tuple]:
    rows = []
    header = f"{'':28} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
    print(f"{header} {'page/stack':>10}")

    def run(path: str) -> Run:
        result = wrk(base + path, cookie, args.seconds, args.connections, script)
        settle(base)
        return result

    for name, path in paths.items():
        # Each round runs the limits and then the page, back to back: the machine's speed
        # drifts, and the ratio is only fair within one round. The median round is shown.
        rounds = []
        for _ in range(args.rounds):
            limits = {label: run(limit) for label, limit in LIMITS.items()}
            page = run(path)
            stack = limits["stack limit"].rps
            rounds.append((page.rps / stack if stack else float("nan"), page, limits))
        ratio, page, limits = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
        errors = sum(r[1].errors for r in rounds)
        page = Run(page.rps, page.p50, page.p95, page.p99, errors)
        for label, limit in limits.items():
            print(f"  {label:26} {limit.cells()}")
        spread = (
            f"  (rounds: {', '.join(f'{r[0]:.2f}' for r in rounds)})" if args.rounds > 1 else ""
        )
        print(f"{name:28} {page.cells()} {ratio:>10.2f}{spread}")
        rows.append((name, page, limits, ratio))
    return rows


def markdown(label: str, rows: list[tuple]) -> None:
    print("\n| date | database, corpus | route | req/s | p50 | p95 | p99 | errors | "
          "stack limit req/s | template limit req/s | page / stack |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    day = time.strftime("%Y-%m-%d", time.gmtime())
    for name, page, limits, ratio in rows:
        stack, template = limits["stack limit"], limits["template limit"]
        print(f"| {day} | {label} | {name} | {page.rps:.0f} | {page.p50:.1f} | {page.p95:.1f} | "
              f"{page.p99:.1f} | {page.errors} | {stack.rps:.0f} | {template.rps:.0f} | "
              f"{ratio:.2f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes, in articles")
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--rounds", type=int, default=1, help="limits and page this many times; the median round"
    )
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--reuse", action="store_true", help="keep a database of that size")
    parser.add_argument("--workdir", type=Path, help="where SQLite files and logs are kept")
    parser.add_argument(
        "--pages", nargs="+", help='only these pages, by name: article "search, rare word"'
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (or make bench-pages)")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="plainly-pages-"))
    work.mkdir(parents=True, exist_ok=True)
    script = work / "report.lua"
    script.write_text(REPORT)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    p50s: dict[str, dict[int, tuple[float, float]]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        url = args.database_url or f"sqlite:///{work / f'pages-{size}.sqlite3'}"
        label = fill(url, size, args.users, args.reuse)
        print(f"\n{label}; load average before: {os.getloadavg()[0]:.1f}")
        env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32),
               "PLAINLY_BENCH_ROUTES": "1", "PLAINLY_AUTH_RATE_LIMIT": "1000000 per minute",
               "WEB_CONCURRENCY": "2", **SYNC_WORKERS}  # fmt: skip
        with serve(gunicorn, env, work / f"server-{size}.log") as base:
            opener, cookie = log_in(base, label.rsplit(" ", 1)[1])
            with bench_app(url).app_context():
                topics = busy_and_sparse_topics()
            paths = routes(base, opener, *topics)
            if args.pages:
                wanted = set(args.pages)
                if unknown := wanted - set(paths):
                    raise SystemExit(f"no page named {sorted(unknown)}; the pages: {list(paths)}")
                paths = {name: path for name, path in paths.items() if name in wanted}
            rows = measure(base, cookie, paths, args, script)
        print(f"load average after: {os.getloadavg()[0]:.1f} (2 cores)")
        markdown(label.split(" (")[0], rows)
        for name, page, limits, _ratio in rows:
            p50s.setdefault(name, {})[size] = (page.p50, limits["stack limit"].rps)
    sizes = sorted({s for by_size in p50s.values() for s in by_size})
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        # The sizes run minutes apart and the machine's speed drifts: the second column
        # scales each p50 by the stack limit of its own round (p50 × its requests/s).
        print(f"\np50 at {large:,} articles / p50 at {small:,} (flat: at most 1.20)")
        print(f"{'':28} {'as measured':>11} {'at the same stack limit':>24}")
        for name, by_size in p50s.items():
            (p50_large, stack_large), (p50_small, stack_small) = by_size[large], by_size[small]
            ratio = p50_large / p50_small
            scaled = ratio * stack_large / stack_small
            verdict = "flat" if scaled <= 1.2 else "GROWS"
            print(f"{name:28} {ratio:>11.2f} {scaled:>24.2f} {verdict}")


if __name__ == "__main__":
    main()
