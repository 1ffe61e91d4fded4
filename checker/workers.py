"""Work in a second process: a function run in a forked child, its result handed back pickled.

A province's checks split by unit (a cell belongs to one unit), so the second core can take half the
units.  Forking shares the loaded dataset with the child without copying or pickling it; only the
result (findings, counts) comes back.  Where fork is not safe (not Linux) or the child fails in any way,
the work is done in this process instead: the answer is the same, only slower — nothing is lost.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Fork is used on Linux only (macOS's system libraries are not fork-safe; Windows has no fork)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class Forked(Generic[T]):
    """``func()`` running in a child process; ``result()`` waits for it (or computes it here)."""

    def __init__(self, func: Callable[[], T]):
        self._func = func
        self._pid = 0
        self._fd = -1
        self.failure = ""  # why the child's answer was not used (then ``result`` computed it here)
        if not can_fork():
            return
        read_fd, write_fd = os.pipe()
        gc.freeze()  # the parent's objects stay out of the child's collections: fewer pages copied
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
            os.close(read_fd)
            _child(func, write_fd)
        gc.unfreeze()
        os.close(write_fd)
        self._pid, self._fd = pid, read_fd

    def result(self) -> T:
        if self._pid == 0:
            return self._func()
        with os.fdopen(self._fd, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        try:
            kind, value = pickle.loads(payload)
        except Exception:  # the child died before it could answer (killed, out of memory)
            kind, value = "error", f"the worker process ended with status {status} and no answer"
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        self.failure = str(value)
        return self._func()


def _child(func: Callable[[], object], fd: int) -> None:
    code = 0
    try:
        # the child writes nothing to the terminal: a thread of the parent (a progress bar) may have held
        # the lock of stdout/stderr when it forked, and a write would then wait for ever
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the child)
        try:
            payload = pickle.dumps(("ok", func()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # any failure is reported to the parent, which then does the work itself
            payload = pickle.dumps(("error", traceback.format_exc()))
            code = 1
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(code)
