"""Helpers shared by the benchmark scripts (timing with repeats, peak memory, tables)."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeats: int = 5) -> tuple[float, float]:
    """(best, median) wall time in seconds over ``repeats`` runs of ``fn``."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    On Linux this is ``VmHWM`` of /proc/self/status: ``ru_maxrss`` survives ``exec``, so a
    process started by a large parent would report the parent's size at the fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
