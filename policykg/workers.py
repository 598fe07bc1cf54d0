"""Reading and extracting documents, in worker processes: one per core.

A worker reads, parses and extracts one document and resolves it into its model, so one slow
or broken document neither stops nor serialises the others. It answers with one typed
outcome: ``Resolved`` (the model, for the parent to write), ``Parsed`` (a document too long to
hand over whole: the parent reads its details as it writes them), ``Spooled`` (for a store: the
worker wrote the triples itself), ``Unchanged`` (the store holds this very text already) or
``Failure`` (the file and the reason). The parent alone writes, in input order, so the result
does not depend on which worker finished first.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from extract.details import Details, extract_details
from extract.reading import read_document
from extract.records import Document
from extract.structure import parse_source
from graph.build import add_document
from graph.census import Census
from graph.model import PlanView
from graph.node_identity import document_key, issuer_note, text_sha256
from graph.resolve import resolve_plan
from ontology.iris import IriMinter
from output.streams import NTriplesFile
from policykg.collection import collect_rarely
from policykg.config import BuildConfig
from policykg.errors import InputError

__all__ = [
    "Extracted",
    "Failure",
    "Job",
    "Outcome",
    "Parsed",
    "Resolved",
    "Spooled",
    "Stored",
    "Summary",
    "Unchanged",
    "default_workers",
    "prepare",
    "run_jobs",
]


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs for one document: where it is, its configuration, its place in
    the input (naming its spool file) and, for a store, the directory to spool triples to,
    as N-Quads of the document's graph with ``quads`` (for a new store's bulk loader, which
    takes many graphs in one load: the parent need not rewrite each line)."""

    path: Path
    config: BuildConfig
    number: int = 0
    spool: Path | None = None
    quads: bool = False


@dataclass(frozen=True, slots=True)
class Summary:
    """What every extracted document reports: its identity and its size."""

    path: Path
    sha256: str
    key: str
    encoding: str
    tasks: int
    units: int
    targets: int
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resolved:
    """A document resolved into its model: the parent writes its triples and keeps it for
    the map and the reports."""

    summary: Summary
    plan: PlanView


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document longer than ``Limits.long_text``: parsed only. The parent reads each task's
    details as it writes the task and forgets them after (``summary.targets`` is 0)."""

    summary: Summary
    document: Document
    config: BuildConfig


@dataclass(frozen=True, slots=True)
class Spooled:
    """A document whose triples the worker wrote to a file for a store (N-Triples, or N-Quads
    of its graph with ``quads``), with the literals too long for the store's parser in a file
    of their own, if any."""

    summary: Summary
    triples: Path
    long_literals: Path | None
    quads: bool = False
    census: Census | None = None  # what the N-Quads hold, counted as they were written
    # What it says of the things plans share (offices, programmes, days), as N-Triples lines
    # for the store's default graph: IriMinter.shared_nodes.
    shared: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A document the store holds already with the very same text: nothing was extracted."""

    path: Path
    sha256: str
    key: str


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be built, and why (one line, for the reader)."""

    path: Path
    reason: str


Extracted = Resolved | Parsed | Spooled
Outcome = Resolved | Parsed | Spooled | Unchanged | Failure
Stored = frozenset[tuple[str, str]]  # (graph IRI, text SHA-256) of what a store holds


def prepare(job: Job, stored: Stored = frozenset()) -> Outcome:
    """Read, parse and extract one document into its outcome."""
    try:
        source = read_document(job.path, job.config.limits)
        sha = text_sha256(source.text)
        parsed = parse_source(source)
        key = document_key(parsed, job.config)
        if (IriMinter(job.config.base).document_graph(key), sha) in stored:
            return Unchanged(job.path, sha, key)
        units = len({u.name for t in parsed.tasks for u in t.units if not u.generic})
        note = issuer_note(parsed, job.config)
        notes = (*parsed.notes, *((note,) if note else ()))
        summary = Summary(job.path, sha, key, source.encoding, len(parsed.tasks), units, 0, notes)
        if job.spool is not None:  # details read as they are written, each task forgotten
            return _spooled(job, job.spool, parsed, summary)
        if len(source.text) > job.config.limits.long_text:
            return Parsed(summary, parsed, job.config)
        plan = resolve_plan(extract_details(parsed), job.config)
        targets = sum(len(t.targets) for t in plan.tasks) + len(plan.targets)
        return Resolved(replace(summary, targets=targets), plan)
    except InputError as exc:
        return Failure(job.path, _without_path(str(exc), job.path))
    except RecursionError:
        return Failure(job.path, "nested too deeply to read (brackets or outline levels)")


def _spooled(job: Job, spool: Path, parsed: Document, summary: Summary) -> Spooled:
    details = Details(parsed)
    mint = IriMinter(job.config.base)
    graph = mint.document_graph(summary.key) if job.quads else None
    # A new store's graphs are all it holds: counted here, its census needs no SPARQL.
    census = Census() if job.quads else None
    name = f"document-{job.number}.{'nq' if job.quads else 'nt'}"
    sink = NTriplesFile(
        spool / name,
        job.config.limits.long_literal,
        graph=graph,
        census=census,
        shared=mint.shared_nodes(),
    )
    try:
        add_document(sink, parsed, job.config, details)
    finally:
        path = sink.close()
    summary = replace(summary, targets=details.targets_read)
    shared = tuple(sink.shared_lines)
    return Spooled(summary, path, sink.long_path, job.quads, census, shared)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WORKER_DIED = "the worker reading it died (out of memory?); the others went on"
_stored_in_worker: Stored = frozenset()


def _start_worker(stored: Stored, parent: int) -> None:
    """Set up a worker: die with the parent, remember what the store holds, and collect
    cycles less often (docs/performance.md)."""
    global _stored_in_worker  # noqa: PLW0603 - set once per worker process, read by _prepare
    _stored_in_worker = stored
    _die_with(parent)
    # What the worker inherits lives as long as it does: no collection need walk it again.
    collect_rarely()


def _die_with(parent: int) -> None:
    """End this worker when ``parent`` ends, however it ends (SIGKILL included).

    A pool's workers wait on a queue whose pipe they hold open themselves, so a parent killed
    outright would leave them waiting for ever. Linux's PR_SET_PDEATHSIG has the kernel
    signal them; elsewhere a watcher thread notices the parent gone.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _prepare_in_worker(job: Job) -> Outcome:
    return prepare(job, _stored_in_worker)


def run_jobs(
    jobs: Sequence[Job],
    workers: int,
    stored: Stored = frozenset(),
    on_done: Callable[[Outcome], None] | None = None,
) -> Iterator[Outcome]:
    """Every job's outcome, in the order of ``jobs``, each as soon as it and those before it
    are done (so a caller can store and forget them one by one); ``on_done`` hears of each
    the moment it ends.

    One worker (or one job) runs in this process: no pool to start for a single plan.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            outcome = prepare(job, stored)
            if on_done is not None:
                on_done(outcome)
            yield outcome
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    window = max(1, min(job.config.limits.window_per_worker for job in jobs)) * workers
    with cf.ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(stored, os.getpid()),
    ) as pool:
        running: dict[cf.Future[Outcome], int] = {}
        waiting: dict[int, Outcome] = {}
        submitted = following = 0
        while following < len(jobs):
            # Only a window of documents is in flight or finished-but-not-taken: a caller
            # slower than the workers (a store indexing each graph) holds them back rather
            # than collecting every finished document in memory.
            while submitted < len(jobs) and len(running) + len(waiting) < window:
                try:
                    running[pool.submit(_prepare_in_worker, jobs[submitted])] = submitted
                except cf.process.BrokenProcessPool:
                    waiting[submitted] = Failure(jobs[submitted].path, _WORKER_DIED)
                submitted += 1
            done, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in done:
                index = running.pop(future)
                try:
                    waiting[index] = future.result()
                except cf.process.BrokenProcessPool:
                    waiting[index] = Failure(jobs[index].path, _WORKER_DIED)
                if on_done is not None:
                    on_done(waiting[index])
            while following in waiting:
                yield waiting.pop(following)
                following += 1


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _without_path(message: str, path: Path) -> str:
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
