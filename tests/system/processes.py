"""Real servers and processes for the system tests: PostgreSQL, an SMTP sink that can hold
messages, and `flask` commands run as separate processes against them."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.servers import ServerError, postgres_server
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask", "--app", "app"]


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL for the test, removed afterwards."""
    try:
        with postgres_server() as url:
            yield url
    except ServerError as problem:
        pytest.fail(str(problem), pytrace=False)


class HoldingSink:
    """Counts the recipients of every message it accepts. After `hold_after` messages it
    holds each further one unanswered until `release()`; a held message whose client went
    away meanwhile (killed) was never accepted and is not counted."""

    def __init__(self, hold_after: int | None = None):
        self.received: Counter[str] = Counter()
        self.hold_after = hold_after
        self.held = 0
        self.lock = threading.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.gate: asyncio.Event | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.gate is None:
            self.loop, self.gate = asyncio.get_running_loop(), asyncio.Event()
        if self.hold_after is not None and self.total() >= self.hold_after:
            with self.lock:
                self.held += 1
            await self.gate.wait()  # cancelled if the client's connection is lost
        with self.lock:
            self.received.update(envelope.rcpt_tos)
        return "250 OK"

    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())

    def release(self) -> None:
        self.hold_after = None
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.gate.set)


@pytest.fixture
def holding_sink() -> Iterator[tuple[HoldingSink, int]]:
    sink, port = HoldingSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, port
    controller.stop()


def flask(env: dict[str, str], *args: str, log: Path | None = None) -> subprocess.Popen:
    """Start `flask ARGS` in its own process group (so a kill takes its children too)."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    try:
        return subprocess.Popen(  # noqa: S603
            [*FLASK, *args], cwd=ROOT, env={**os.environ, **env}, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    finally:
        if log:
            out.close()  # the process has its own copy


def descendants(pid: int) -> list[int]:
    """Every process started by `pid`, and by those, from /proc (RQ's work horse runs in a
    process group of its own, so killing the worker's group would leave it running)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def kill_tree(process: subprocess.Popen) -> None:
    """SIGKILL the process and every process it started (a worker and its work horse)."""
    for pid in [process.pid, *descendants(process.pid)]:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kill_tree(process)


def wait_until(condition, timeout: float, what: str, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}", pytrace=False)
        time.sleep(every)
