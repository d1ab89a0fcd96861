"""Benchmark: search time at 1,000 and at 100,000 articles, for a rare and a common word.

    .venv/bin/python bench/search.py [--sizes 1000 100000] [--repeat 15] [--database-url URL]

For each size, builds a throw-away SQLite database (or empties the PostgreSQL database
--database-url names) with generated published articles, indexes them with
`services.search_index.reindex` and runs ANALYZE, then times `services.search.search`
(median of --repeat runs, first page) for a rare word (in 1 article in 1,000), a common
word (in about 6 in 10), a common word with a filter, and a synonym. Search ranks at most
`search.CANDIDATES` matches, the newest, so its cost should stay flat as the library grows:
the last column is the time at this size over the time at the first size (goal: under 2).
Takes about two minutes at the default sizes on SQLite.
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from bench.timing import median_ms  # noqa: E402
from models import Article, Topic, article_topics, db  # noqa: E402
from services import search, search_index  # noqa: E402

TOPICS = 30
FILLER = [f"word{n}" for n in range(3000)]
QUERIES = {
    "rare word": ("zebrafish", None),
    "common word": ("fatigue", None),
    "common word, filtered": ("fatigue", search.Filters(study_type="review")),
    "synonym (Ocrevus)": ("Ocrevus", None),
}


def sentence(rng: random.Random, n: int, *extra: str) -> str:
    words = rng.choices(FILLER, k=n) + list(extra)
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def populate(articles: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    db.session.execute(
        insert(Topic),
        [{"id": t, "slug": f"t{t}", "name": f"Topic {t}", "description": ""} for t in range(1, 31)],
    )
    span = timedelta(days=3650).total_seconds()
    for start in range(1, articles + 1, 5000):
        ids = range(start, min(start + 5000, articles + 1))
        rows = []
        for i in ids:
            common = ["fatigue"] if rng.random() < 0.6 else []
            rare = ["zebrafish"] if i % 1000 == 500 else []
            drug = ["ocrelizumab"] if rng.random() < 0.05 else []
            text = {
                "summary": sentence(rng, 30, *common),
                "found": sentence(rng, 60, *rare, *drug),
                "for_patients": sentence(rng, 30), "for_caregivers": sentence(rng, 30),
                "for_clinicians": sentence(rng, 30), "limitations": sentence(rng, 30),
            }  # fmt: skip
            rows.append({
                "id": i, "slug": f"a{i}", "title": sentence(rng, 8), "status": "published",
                "published_at": now - timedelta(seconds=rng.random() * span, days=1),
                "questions": [], "conditions": ["ms"], "rendered": {},
                "study_type": rng.choice(["observational", "review", "randomized-trial"]),
                "population": "human", "source_journal": "Journal", "source_year": 2024,
                "source_url": "https://pubmed.ncbi.nlm.nih.gov/?term=ms", **text,
            })  # fmt: skip
        db.session.execute(insert(Article), rows)
        db.session.execute(
            insert(article_topics),
            [{"article_id": i, "topic_id": rng.randint(1, TOPICS)} for i in ids],
        )
    db.session.commit()


def measure(size: int, database_url: str | None, repeat: int) -> dict[str, tuple]:
    folder = Path(tempfile.mkdtemp(prefix="plainly-search-bench-"))
    url = database_url or f"sqlite:///{folder / 'search.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-" + "x" * 32})
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        populate(size, random.Random(size))
        search_index.reindex()
        db.session.commit()
        db.session.execute(text("ANALYZE"))  # as autovacuum would; the planner needs the stats
        db.session.commit()
        print(f"{size:>7,} articles built and indexed in {time.perf_counter() - started:.1f} s")
        results = {}
        for name, (query, filters) in QUERIES.items():
            total = search.search(query, filters).total
            results[name] = (
                median_ms(
                    lambda q=query, f=filters: search.search(q, f), repeat, db.session.expunge_all
                ),
                total,
            )
        db.session.remove()
        db.drop_all()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    by_size = {size: measure(size, args.database_url, args.repeat) for size in args.sizes}
    first = by_size[args.sizes[0]]
    print(f"\n{'query':<24}{'articles':>10}{'matches':>10}{'ms':>9}{'× first size':>14}")
    for name in QUERIES:
        for size, results in by_size.items():
            ms, total = results[name]
            matches = f"{search.CANDIDATES:,}+" if total > search.CANDIDATES else f"{total:,}"
            ratio = ms / first[name][0]
            print(f"{name:<24}{size:>10,}{matches:>10}{ms:>9.2f}{ratio:>14.2f}")


if __name__ == "__main__":
    main()
