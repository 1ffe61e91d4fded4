"""Time and peak memory of benchmark phases, including phases inside ``run_check`` itself.

Memory is the process's resident set: before each phase the kernel's high-water mark is reset
(``/proc/self/clear_refs`` ← 5) and after it ``VmHWM`` is read from ``/proc/self/status`` — the same
counter ``resource.getrusage(...).ru_maxrss`` reports, but per phase.  Where the reset is not allowed,
the figures fall back to ``ru_maxrss`` (the whole process so far) and say so.  ``--tracemalloc`` adds
Python's traced peak per phase (slower: every allocation is traced).
"""

from __future__ import annotations

import gc
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


def _status(field: str) -> int:
    """A VmXXX field of /proc/self/status in KiB (0 where unavailable)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


PER_PHASE = _reset_peak()
MEMORY_NOTE = ("peak RSS per phase (VmHWM, reset before each phase via /proc/self/clear_refs)" if PER_PHASE
               else "peak RSS of the process so far (ru_maxrss): per-phase reset unavailable")


@dataclass(slots=True)
class Figure:
    """One phase: seconds (summed over calls), peak RSS and its rise over the RSS at the phase's start (MiB)."""

    seconds: float = 0.0  # summed over calls — or, for a phase repeated to be measured, their median
    runs: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    rise_mib: float = 0.0
    traced_mib: float = 0.0
    calls: int = 0


class Meter:
    """Collects figures by phase label; ``wrap`` times a function wherever it is called from."""

    def __init__(self, trace: bool = False, median: tuple[str, ...] = ()):
        self.figures: dict[str, Figure] = {}
        self.trace = trace
        self.median = set(median)  # labels repeated for a stable figure: their seconds are the median

    @contextmanager
    def phase(self, label: str, collect: bool = True) -> Iterator[None]:
        if collect:  # not inside a run being timed end to end: a collection of its heap would add to it
            gc.collect()
        _reset_peak()
        start_rss = _status("VmRSS")
        if self.trace:
            tracemalloc.start()
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            traced = tracemalloc.get_traced_memory()[1] if self.trace else 0
            if self.trace:
                tracemalloc.stop()
            peak = _status("VmHWM") if PER_PHASE else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            f = self.figures.setdefault(label, Figure())
            f.runs.append(seconds)
            f.seconds = statistics.median(f.runs) if label in self.median else f.seconds + seconds
            f.peak_mib = max(f.peak_mib, peak / 1024)
            f.rise_mib = max(f.rise_mib, (peak - start_rss) / 1024)
            f.traced_mib = max(f.traced_mib, traced / 2**20)
            f.calls += 1

    def run(self, label: str, func: Callable[[], Any]) -> Any:
        with self.phase(label):
            return func()

    def stopwatch(self, label: str, func: Callable[..., Any]) -> Callable[..., Any]:
        """Seconds only, for work inside another phase (no collection, no reset of that phase's peak)."""
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                f = self.figures.setdefault(label, Figure())
                f.seconds += time.perf_counter() - start
                f.calls += 1

        return timed

    def wrap(self, label: str, func: Callable[..., Any], collect: bool = True) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.phase(label, collect):
                return func(*args, **kwargs)

        return timed
