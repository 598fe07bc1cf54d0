"""How often a build collects reference cycles.

A build makes millions of short-lived objects (records, views, lines of text) and frees
nearly all of them by reference counts; cycles are rare. Python's default collects its
youngest generation every 700 allocations and the oldest now and then, and each collection
of the oldest walks everything alive: the modules, jieba's and our dictionaries, and the
models a build keeps for its map. So a build's process freezes what it holds when it starts
(no collection walks it again) and collects less often (docs/performance.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collect_rarely", "collecting_rarely"]

THRESHOLD = 10_000  # allocations between collections of the youngest generation


def collect_rarely() -> None:
    """For the rest of this process (a worker): freeze what it holds, collect less often."""
    gc.freeze()
    gc.set_threshold(THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def collecting_rarely() -> Iterator[None]:
    """``collect_rarely`` while the block runs, then the collector as it was (a build called
    from a long-lived process, a test or a server, leaves it as it found it)."""
    threshold = gc.get_threshold()
    collect_rarely()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
