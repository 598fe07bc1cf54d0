"""A new store's bulk loads, run one at a time in a thread beside the build.

Oxigraph's bulk loader lets go of the GIL while it parses, sorts and writes its files, and
much of that time it waits on the disk: meanwhile the build goes on taking the workers'
documents and gathering the next batch, and the workers go on extracting. One batch loads
while the next gathers, so at most two are held at once (docs/performance.md).

Each load adds files to the store's first level, and RocksDB merges them down as the store
grows, the same data again and again (91 s of CPU for 1,000 plans, more than the loads
themselves). A new store is not read before it is done, so that merging waits: RocksDB's
threads are put below every other (``SCHED_IDLE``) and run only on a core the build leaves
idle, and once the last load is in, ``merge_files`` merges the files once, in a process of
its own at the usual priority (the threads here cannot be raised again without
privilege). Queries then read a store of a few large files: 3 to 5 times quicker than one
left as the loads made it (docs/performance.md).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from policykg.errors import DocumentError

__all__ = ["MERGE_PROGRAM", "BulkLoads", "merge_files", "merging_when_idle"]

log = logging.getLogger(__name__)


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


def merging_when_idle() -> None:
    """RocksDB's threads of this process (``rocksdb:low``, ``rocksdb:high``: its merges and
    flushes, started when a store opens) scheduled to run only on a core nothing else wants
    (Linux; elsewhere they stay as they are). For the life of the process: a build's."""
    if not hasattr(os, "SCHED_IDLE"):
        return
    try:
        tasks = list(Path("/proc/self/task").iterdir())
    except OSError:
        return
    for task in tasks:
        try:
            if (task / "comm").read_text().startswith("rocksdb:"):
                os.sched_setscheduler(int(task.name), os.SCHED_IDLE, os.sched_param(0))
        except OSError:
            continue  # a thread that ended meanwhile


# The merge, as a program of its own (``python -c MERGE_PROGRAM STORE``): the benchmark
# gives its floor's store the very same.
MERGE_PROGRAM = "import sys, pyoxigraph; pyoxigraph.Store(sys.argv[1]).optimize()"


def merge_files(path: Path) -> None:
    """Merge the files of the (closed) store at ``path`` into their last levels, once.

    A store whose merge fails (a full disk) is as it was, whole and correct, only slower to
    read: the build goes on, and says so."""
    done = subprocess.run(
        [sys.executable, "-c", MERGE_PROGRAM, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        log.warning("the store's files were not merged (queries read it slower): %s", said)
