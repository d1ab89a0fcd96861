"""Rate limits across server processes: 40 log-in posts against gunicorn with 3 workers.

Usage: python bench/workers_limit.py [--workers 3] [--posts 40]
Each post comes from a new session for a different address, so only the per-client limit
(10 a minute) applies. Prints how many got through with memory counters (each worker
counts alone: several times the limit) and with Redis (shared: the limit holds), which is
why production mode refuses several workers without REDIS_URL. Talks to 127.0.0.1 only.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import ROOT, free_port, wait_until_up  # noqa: E402

APP_BIN = Path(sys.executable).parent  # the virtualenv this runs in

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def post_log_in(base: str, n: int) -> int:
    """One log-in post from a fresh session; its status code."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(base + "/login") as page:  # noqa: S310 - our own server on 127.0.0.1
        token = TOKEN.search(page.read().decode())[1]
    form = {"csrf_token": token, "email": f"u{n}@example.com", "password": "not the password"}
    try:
        with opener.open(base + "/login", urllib.parse.urlencode(form).encode()) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def through(workers: int, posts: int, extra_env: dict[str, str]) -> int:
    """How many of `posts` log-in posts were not refused with 429."""
    work = Path(tempfile.mkdtemp(prefix="plainly-workers-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "SECRET_KEY": "workers-bench-only-" + "x" * 32,
        "PLAINLY_ARGON2_PROFILE": '"CHEAPEST"',
        **extra_env,
    }
    flask = [str(APP_BIN / "flask"), "--app", "app", "db", "upgrade"]
    subprocess.run(flask, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(APP_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "app:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        return sum(post_log_in(base, n) != 429 for n in range(posts))
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--posts", type=int, default=40)
    args = parser.parse_args()
    program = shutil.which("redis-server") or sys.exit("redis-server is not installed")
    redis_port = free_port()
    redis = subprocess.Popen(  # noqa: S603
        [program, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", tempfile.gettempdir()],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        memory = through(args.workers, args.posts, {})
        shared = through(
            args.workers, args.posts, {"REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
        )
    finally:
        redis.terminate()
        redis.wait(timeout=10)
    print(f"{args.workers} workers, {args.posts} log-in posts, limit 10 a minute per client")
    print(f"memory counters: {memory} got through")
    print(f"Redis counters:  {shared} got through")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
