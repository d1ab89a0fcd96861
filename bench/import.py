"""Benchmark: importing 5,000 summaries from CSV and from JSON.

    .venv/bin/python bench/import.py [--rows 5000]

Writes a CSV and a JSON file of --rows articles into a temporary folder, then for each one
builds a fresh SQLite database there and times `services.imports.read` (checking the whole
file) and `services.imports.write` plus the commit, then a second import of the same file
(every draft compared, none changed). Prints seconds and the SQL statements each phase ran.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from models import db  # noqa: E402
from services import accounts, imports  # noqa: E402
from tests.import_files import as_csv, as_json, row, topics  # noqa: E402

PASSWORD = "a calm long passphrase"  # noqa: S105 (a generated bench account)


def rows(count: int) -> list[dict]:
    words = " ".join(["Plain words about what the study found."] * 5)
    return [
        row(f"study-{n}", found=words, topics=["ebv", "diet"] if n % 2 else ["ebv"])
        for n in range(count)
    ]


class Statements:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args) -> None:
        self.count += 1


def timed(label: str, action, statements: Statements):
    statements.count = 0
    start = time.perf_counter()
    result = action()
    print(f"  {label:<28} {time.perf_counter() - start:7.2f} s  {statements.count:>5} statements")
    return result


def bench(work: Path, name: str, data: bytes) -> None:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / (name + '.sqlite3')}",
            "SECRET_KEY": "bench-only-" + "x" * 32,
            "ARGON2_PROFILE": "CHEAPEST",
        }
    )
    with app.app_context():
        db.create_all()
        topics()
        author = accounts.create_user("writer@example.com", PASSWORD, "other")
        author.staff_role = "editor"
        db.session.commit()
        statements = Statements()
        event.listen(db.engine, "before_cursor_execute", statements)
        print(f"{name} ({len(data) / 1024 / 1024:.1f} MB):")
        for label in ("first import", "same file again"):
            batch = timed(f"{label}: check", lambda: imports.read(name, data), statements)

            def write(batch=batch):
                report = imports.write(batch, author.id)
                db.session.commit()
                return report

            report = timed(f"{label}: write + commit", write, statements)
            print(
                f"  {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged"
            )
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    articles = rows(args.rows)
    with tempfile.TemporaryDirectory(prefix="plainly-import-") as folder:
        work = Path(folder)
        for name, data in (
            ("articles.csv", as_csv(*articles)),
            ("articles.json", as_json(*articles)),
        ):
            (work / name).write_bytes(data)
            bench(work, name, (work / name).read_bytes())


if __name__ == "__main__":
    main()
