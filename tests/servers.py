"""Real servers on free loopback ports, for tests and benchmarks alike: redis-server and a
throwaway PostgreSQL. Each is a context manager that stops the server afterwards."""

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent
PRINT_URL = "import os, sys; print(os.environ['TEST_DATABASE_URL'], flush=True); sys.stdin.read()"


class ServerError(RuntimeError):
    """A server is not installed or did not start; the message says which and why."""


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
    """A running redis-server: its URL, and `stop()` to take it away mid-test."""

    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextmanager
def redis_server(folder: Path) -> Iterator[Redis]:
    """A redis-server (no persistence) on a free loopback port, stopped afterwards."""
    program = shutil.which("redis-server")
    if program is None:
        raise ServerError("redis-server is not installed: run `make test`, which installs it")
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
                raise ServerError(f"redis-server exited with status {process.returncode} on start")
            if time.monotonic() > deadline:
                raise ServerError(f"redis-server did not answer PING on port {port} within 10 s")
            time.sleep(0.05)
        yield server
    finally:
        server.stop()


@contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL from scripts/with-postgres (the one CI uses); yields its URL.

    The script runs a command and removes the cluster when it ends: here the command prints
    the URL and waits for its input to close."""
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        raise ServerError("PostgreSQL is not installed: run `make test`, which installs it")
    script = ROOT / "scripts" / "with-postgres"
    server = subprocess.Popen(  # noqa: S603
        [str(script), sys.executable, "-c", PRINT_URL],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        url = ""
        while not url.startswith("postgresql"):
            line = server.stdout.readline()
            if not line:
                raise ServerError(f"scripts/with-postgres failed: {server.stderr.read()}")
            url = line.strip()
        yield url
    finally:
        server.stdin.close()
        server.wait(timeout=60)
        server.stdout.close()
        server.stderr.close()
