"""Python's cycle collector paused while a document's triples are made.

Resolving and writing a document makes no reference cycles (its views, pairs and lines are
freed as they go), yet the many small containers they make start a young collection every
few hundred, each walking all that is young: about a tenth of the time of writing a plan
(docs/performance.md). Nothing is kept longer for it: what refcounting frees is freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collector"]


@contextmanager
def paused_collector() -> Iterator[None]:
    """The cycle collector paused for the block, and as it was before after it (nested
    blocks leave it paused until the outermost ends)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
