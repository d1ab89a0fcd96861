"""The one timing rule of the bench scripts: the median of `repeat` runs, in milliseconds."""

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], repeat: int, between: Callable[[], object] = lambda: None):
    """Run `fn` `repeat` times and return the median wall time in ms; `between` runs after
    each timed run, outside the timing (e.g. to forget loaded rows)."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
        between()
    return statistics.median(runs)
