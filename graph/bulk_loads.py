"""A new store's bulk loads, run one at a time in a thread beside the build.

Oxigraph's bulk loader lets go of the GIL while it parses, sorts and writes its files, and
much of that time it waits on the disk: meanwhile the build goes on taking the workers'
documents and gathering the next batch, and the workers go on extracting. One batch loads
while the next gathers, so at most two are held at once (docs/performance.md).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import pyoxigraph as ox

from policykg.errors import DocumentError

__all__ = ["BulkLoads"]


class BulkLoads:
    """The bulk loads of one store, in the order given; ``wait`` for the one under way."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policykg-load")
        self._running: tuple[Future[None], tuple[str, ...]] | None = None

    def submit(self, graphs: tuple[str, ...], data: bytes, quads: list[ox.Quad]) -> None:
        """Load ``data`` (N-Quads of ``graphs``) and ``quads`` once the load before is done."""
        self.wait()
        self._running = (self._pool.submit(self._load, data, quads), graphs)

    def _load(self, data: bytes, quads: list[ox.Quad]) -> None:
        self._store.bulk_extend(quads)
        self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)

    def wait(self) -> None:
        """Until the load under way, if any, is done; its failure, if it failed."""
        if self._running is None:
            return
        (running, graphs), self._running = self._running, None
        try:
            running.result()
        except MemoryError as exc:  # a line past the parser's limit that was not set aside
            names = ", ".join(graphs)
            raise DocumentError(f"the store cannot take the graphs {names}: {exc}") from exc

    def close(self) -> None:
        """Let the load under way end (a build that failed already hears nothing of it)."""
        self._running = None
        self._pool.shutdown(wait=True)
