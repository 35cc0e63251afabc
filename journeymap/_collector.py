"""Pausing Python's cycle collector while a large tree of fresh objects is built.

Building tens of thousands of objects (a journey's models, an analysis's rows) wakes the collector
again and again to walk every object made so far, and it finds nothing: what is built is a tree,
with no cycles to free. That walking grows with everything already in memory, so it made large
loads and analyses grow faster than their work. The collector runs again when the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector inside the block (as it was before, after it; nesting is safe).

    Examples
    --------
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
