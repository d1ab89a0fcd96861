"""Load test: gunicorn serving the sample content on SQLite, 16 simulated users for 60 s.

Usage: python bench/load.py [--users 16] [--seconds 60]   (or `make bench-load`)
Prints requests/s, p95 latency and errors, and fails if there were errors or database
lock errors. Everything talks to 127.0.0.1 only and stops by itself.
"""

import argparse
import csv
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import ROOT, free_port, wait_until_up  # noqa: E402

APP_BIN = ROOT / ".venv" / "bin"
BENCH_BIN = ROOT / ".venv-bench" / "bin"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="plainly-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'load.sqlite3'}",
        "SECRET_KEY": "load-test-only-" + "x" * 32,
        "PLAINLY_AUTH_RATE_LIMIT": "100000 per minute",
        "FLASK_APP": "app",
    }
    for command in (["db", "upgrade"], ["content", "load"]):
        subprocess.run([APP_BIN / "flask", *command], env=env, cwd=ROOT, check=True)  # noqa: S603

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(work / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [APP_BIN / "gunicorn", "-w", str(args.workers), "--threads", "4", "-b", f"127.0.0.1:{port}",
         "--access-logfile", "-", "app:create_app()"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_until_up(url)
        subprocess.run(  # noqa: S603
            [BENCH_BIN / "locust", "-f", ROOT / "bench" / "locustfile.py", "--headless",
             "-u", str(args.users), "-r", str(args.users), "-t", f"{args.seconds}s",
             "-H", url, "--csv", work / "stats", "--only-summary", "--stop-timeout", "5"],
            cwd=ROOT, check=False, timeout=args.seconds + 60,
        )  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    with open(work / "stats_stats.csv") as f:
        total = next(row for row in csv.DictReader(f) if row["Name"] == "Aggregated")
    server_log = (work / "server.log").read_text()
    locked = server_log.count("database is locked")
    server_errors = server_log.count('" 500 ')
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    print()
    print(f"users {args.users}, {args.seconds}s, gunicorn {args.workers} workers x 4 threads")
    print(f"requests {requests}, {float(total['Requests/s']):.1f} req/s")
    print(f"median {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms")
    print(f"errors {failures}, server 500s {server_errors}, database lock errors {locked}")
    return 1 if failures or locked or server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
