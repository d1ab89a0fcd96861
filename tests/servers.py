"""Throwaway servers on free loopback ports for tests that need the real thing.

`redis_server(folder)` starts redis-server (no persistence); `postgres_server()` starts a
PostgreSQL cluster through scripts/with-postgres. Both fail the test clearly when the
program is missing (`make test` installs them) and stop the server afterwards, also when
the test failed.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent
STARTED = re.compile(r"Throwaway PostgreSQL \S+ on 127\.0\.0\.1:(\d+)")


def answers_ping(port: int) -> bool:
    """Whether a Redis server on the loopback port answers PING."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class Redis:
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextmanager
def redis_server(folder: Path) -> Iterator[Redis]:
    """A real Redis server on a free loopback port, stopped afterwards."""
    program = shutil.which("redis-server")
    if program is None:
        pytest.fail(
            "redis-server is not installed: run `make test`, which installs it", pytrace=False
        )
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [program, "--port", str(port), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    server = Redis(f"redis://127.0.0.1:{port}/0", process)
    try:
        deadline = time.monotonic() + 10
        while not answers_ping(port):
            if process.poll() is not None:
                pytest.fail(f"redis-server exited with status {process.returncode} on start")
            if time.monotonic() > deadline:
                pytest.fail(f"redis-server did not answer PING on port {port} within 10 s")
            time.sleep(0.05)
        yield server
    finally:
        server.stop()


@contextmanager
def postgres_server(seconds: int = 600) -> Iterator[str]:
    """The URL of a database on a throwaway PostgreSQL cluster (scripts/with-postgres),
    removed afterwards; it lives at most `seconds`."""
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        pytest.fail(
            "PostgreSQL is not installed: run `make test`, which installs it", pytrace=False
        )
    script = [str(ROOT / "scripts" / "with-postgres"), "sleep", str(seconds)]
    process = subprocess.Popen(  # noqa: S603
        script, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        output = ""
        while not (started := STARTED.search(output)):
            line = process.stdout.readline()
            if not line:
                pytest.fail(f"scripts/with-postgres did not start PostgreSQL:\n{output}")
            output += line
        yield f"postgresql+psycopg://postgres@127.0.0.1:{started[1]}/plainly_test"
    finally:
        # The script's trap stops and removes the cluster once its command has ended.
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        process.stdout.close()
