"""Many documents at once: which files to read, per-document overrides, and parallel work.

A corpus build reads, parses and extracts every document in worker processes (one per core),
so one slow or broken document neither stops nor serialises the others. A worker answers
with a ``Prepared`` document or a ``Failure`` naming the file and the reason; the parent
process alone writes (the store, the outputs), in input order, so the result does not depend
on which worker finished first.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from extract.details import Details, extract_details
from extract.reading import read_document
from extract.records import Document
from extract.structure import parse_plan
from graph.build import add_document, document_key, text_sha256
from graph.query import is_build_directory
from ontology.iris import IriMinter, is_safe_key
from output.files import BUILD_FILES
from output.streams import LONG_LITERAL, NTriplesFile
from policykg.config import BuildConfig
from policykg.errors import InputError

DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Prepared:
    """One document read and extracted by a worker.

    ``document`` is the extracted record (kept when the graph is built in memory);
    ``ntriples`` a file of its graph as N-Triples (made when it goes into a store), with
    ``long_literals`` a file of the literals too long for the store's parser, if any.
    ``unchanged`` marks a document the store holds already with the same text: nothing was
    extracted. ``streamed`` marks a long document handed back parsed only: its details are
    read task by task as it is written, never held at once (``targets`` is then 0).
    """

    path: Path
    sha256: str
    key: str
    encoding: str
    tasks: int
    units: int
    targets: int
    notes: tuple[str, ...]
    document: Document | None = None
    ntriples: Path | None = None
    long_literals: Path | None = None
    unchanged: bool = False
    streamed: bool = False


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be built, and why (one line, for the reader)."""

    path: Path
    reason: str


Outcome = Prepared | Failure


def collect_inputs(inputs: Sequence[Path]) -> list[Path]:
    """The document files named by ``inputs``: files as given, directories searched for files
    with a document suffix (in name order). A file named twice is read once.

    What builds wrote is never read as a plan: a directory searched skips the outputs of a
    build made into it and every subdirectory that holds a build (``--out plans/out``)."""
    found: list[Path] = []
    for path in inputs:
        if path.is_dir():
            inside = sorted(_documents_in(path))
            if not inside:
                suffixes = " ".join(DOCUMENT_SUFFIXES)
                raise InputError(
                    f"{path}: is a directory with no document in it (looked for {suffixes})"
                )
            found.extend(inside)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique


def _documents_in(directory: Path) -> Iterator[Path]:
    """The document files below ``directory``, hidden paths and builds' outputs left out."""
    for folder, subfolders, names in os.walk(directory):
        here = Path(folder)
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and not is_build_directory(here / name)
        ]
        outputs = BUILD_FILES if is_build_directory(here) else ()
        for name in names:
            path = here / name
            if (
                not name.startswith(".")
                and name not in outputs
                and path.suffix.lower() in DOCUMENT_SUFFIXES
                and path.is_file()
            ):
                yield path


def read_manifest(path: Path) -> dict[Path, BuildConfig]:
    """Per-document overrides from a CSV or TOML manifest, by resolved file path.

    CSV: a header with ``file`` and any of ``issuer``, ``year``, ``key``. TOML: ``[[document]]``
    tables with the same names. Relative file names are relative to the manifest. The returned
    configs hold only the overrides (base is set when they are applied).
    """
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the manifest ({exc})") from exc
    try:
        if path.suffix.lower() == ".toml":
            rows = tomllib.loads(raw).get("document", [])
        elif path.suffix.lower() == ".csv":
            rows = list(csv.DictReader(raw.splitlines()))
        else:
            raise InputError(f"{path}: a manifest is a .csv or a .toml file")
    except (tomllib.TOMLDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: the manifest does not parse ({exc})") from exc
    overrides: dict[Path, BuildConfig] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not str(row.get("file") or "").strip():
            raise InputError(f"{path}: entry {number} names no file")
        overrides[(path.parent / str(row["file"]).strip()).resolve()] = _override(path, number, row)
    return overrides


def _override(manifest: Path, number: int, row: dict[str, object]) -> BuildConfig:
    def text(name: str) -> str | None:
        value = str(row.get(name) or "").strip()
        return value or None

    year_text, key = text("year"), text("key")
    if year_text is not None and not (year_text.isdigit() and len(year_text) == 4):
        raise InputError(f"{manifest}: entry {number}: year must be four digits, not {year_text!r}")
    if key is not None and not is_safe_key(key):
        raise InputError(
            f"{manifest}: entry {number}: key {key!r} must be ASCII letters, digits, '.', '_' "
            "or '-' (it becomes part of IRIs)"
        )
    return BuildConfig(issuer=text("issuer"), year=int(year_text) if year_text else None, key=key)


def document_configs(
    paths: Sequence[Path], config: BuildConfig, manifest: dict[Path, BuildConfig]
) -> list[BuildConfig]:
    """Each document's configuration: the build's, with its manifest row laid over it."""
    configs = []
    for path in paths:
        row = manifest.get(path.resolve())
        if row is None:
            configs.append(config)
            continue
        configs.append(
            replace(
                config,
                issuer=row.issuer or config.issuer,
                year=row.year or config.year,
                key=row.key or config.key,
            )
        )
    return configs


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs for one document."""

    path: Path
    config: BuildConfig
    spool: Path | None  # for a store: the directory its N-Triples file is written to
    number: int = 0  # its place in the input, naming that file
    # A text longer than this is handed back parsed, its details read as it is written.
    long_text: int | None = None


_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WORKER_DIED = "the worker reading it died (out of memory?); the others went on"
_WINDOW_PER_WORKER = 4  # documents in flight or waiting to be taken, per worker
Stored = frozenset[tuple[str, str]]  # (graph IRI, text SHA-256) of what a store holds
_stored_in_worker: Stored = frozenset()


def prepare(job: Job, stored: Stored = frozenset()) -> Outcome:
    """Read, parse and extract one document: a Prepared or a Failure."""
    try:
        source = read_document(job.path)
        sha = text_sha256(source.text)
        parsed = parse_plan(source.text)
        key = document_key(parsed, job.config)
        graph_iri = str(IriMinter(job.config.base).document_graph(key))
        if (graph_iri, sha) in stored:
            return Prepared(job.path, sha, key, source.encoding, 0, 0, 0, (), unchanged=True)
        units = {u.name for t in parsed.tasks for u in t.units if not u.generic}
        ntriples = long_literals = document = None
        streamed = False
        if job.spool is not None:  # details read as they are written, each task forgotten
            details = Details(parsed)
            sink = NTriplesFile(job.spool / f"document-{job.number}.nt", LONG_LITERAL)
            try:
                add_document(sink, parsed, job.config, details)
            finally:
                ntriples, long_literals = sink.close(), sink.long_path
            targets = details.targets_read
        elif job.long_text is not None and len(source.text) > job.long_text:
            document, targets, streamed = parsed, 0, True  # detailed as the parent writes it
        else:
            document = extract_details(parsed)
            targets = sum(len(t.targets) for t in document.tasks) + len(document.targets)
        return Prepared(
            path=job.path,
            sha256=sha,
            key=key,
            encoding=source.encoding,
            tasks=len(parsed.tasks),
            units=len(units),
            targets=targets,
            notes=parsed.notes,
            document=document,
            ntriples=ntriples,
            long_literals=long_literals,
            streamed=streamed,
        )
    except InputError as exc:
        return Failure(job.path, _without_path(str(exc), job.path))
    except RecursionError:
        return Failure(job.path, "nested too deeply to read (brackets or outline levels)")


def _start_worker(stored: Stored, parent: int) -> None:
    """Set up a worker: die with the parent, and remember what the store holds."""
    global _stored_in_worker  # noqa: PLW0603 - set once per worker process, read by _prepare
    _stored_in_worker = stored
    _die_with(parent)


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
    window = _WINDOW_PER_WORKER * workers
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
