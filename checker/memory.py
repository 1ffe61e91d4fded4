"""Memory-related helpers shared by the stages that build millions of small objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while many plain containers are made.

    The collector rescans every live container each time many new ones are made — two thirds of the
    time of parsing a province's rows, or of building a dict per indicator; such plain data holds no
    cycles, so collection can wait until it is made.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
