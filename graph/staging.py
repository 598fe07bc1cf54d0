"""Where a store is built: a staging directory beside it, put in place at the end.

A new store is built as a whole, with Oxigraph's bulk loader (quicker than a transaction per
document, but not atomic: docs/performance.md), and renamed into place when every document is
in. An existing store is never written where it is: readers (``query``, ``serve``) open it
read-only at any moment, and Oxigraph calls a read-only store that another process writes
undefined behaviour (seen here: a reader's ``COUNT(*)`` grew to 24 GB while a build
compacted the files under it). So a build copies the store beside it (its immutable table
files hard-linked, the rest copied: a moment, whatever its size), writes the copy, and
exchanges the two directories in one step. A reader holds a shared lock beside the store
from opening it to closing it, and the exchange waits for an exclusive one: a reader's whole
life falls before the exchange or after it (RocksDB opens files by name as it needs them),
and no file it reads is ever changed. A build killed before that leaves the store as it was; the
next build clears the stale staging directory.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from policykg.errors import InputError

__all__ = [
    "ReadLock",
    "copy_store",
    "is_new_store",
    "publish_store",
    "rewriting",
    "staged_copy",
    "staging_directory",
]


def is_new_store(path: Path) -> bool:
    """Whether a build into ``path`` makes a new store (nothing there, or an empty directory)."""
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def staging_directory(path: Path) -> Path:
    """Where a new store at ``path`` is built before it is renamed into place (made here);
    stale staging directories of builds that were killed are removed.

    Another build making the same new store is refused at once, not after all its work
    (when its rename would fail): the staging directory of a process still running says so.
    """
    ours = path.parent / f".{path.name}.building-{os.getpid()}"
    try:
        ours.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot make the store there ({exc.strerror})") from exc
    for other in path.parent.glob(f".{path.name}.building-*"):
        pid = other.name.rsplit("-", 1)[-1]
        if other == ours or not pid.isdigit():
            continue
        if not _running(int(pid)):
            shutil.rmtree(other, ignore_errors=True)
        else:
            shutil.rmtree(ours, ignore_errors=True)
            raise InputError(
                f"{path}: another policykg build (process {pid}) is making this store; wait "
                "for it to finish, or build into another --store directory"
            )
    return ours


# RocksDB's table and blob files are written once and never changed, only deleted: a copy
# may share them. Every other file (the manifest, the write-ahead log, CURRENT) is written
# on, so the copy has its own.
_IMMUTABLE = (".sst", ".blob")


def copy_store(path: Path, staging: Path) -> None:
    """The store at ``path`` copied into the (empty) ``staging`` directory, to be written
    there: nothing writes ``path`` meanwhile (its builds are refused by ``staging_directory``)."""
    try:
        for entry in sorted(path.iterdir()):
            target = staging / entry.name
            if entry.name == "LOCK" or entry.name.startswith("LOG") or not entry.is_file():
                continue  # the writer's lock and info log are made afresh; no directories
            if entry.suffix in _IMMUTABLE:
                try:
                    os.link(entry, target)
                    continue
                except OSError:
                    pass  # a file system without hard links: copied instead
            shutil.copy2(entry, target)
    except OSError as exc:
        raise InputError(f"{path}: cannot copy the store to build it ({exc.strerror})") from exc


def staged_copy(path: Path) -> Path:
    """Where a build writes the store at ``path``: a staging directory, empty for a new
    store, else holding a copy of it (the directory gone if the copy fails)."""
    staging = staging_directory(path)
    if not is_new_store(path):
        try:
            copy_store(path, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return staging


@contextmanager
def rewriting(path: Path) -> Iterator[Path]:
    """A copy of the store at ``path`` to write (close it before the block ends), put in its
    place when the block ends well, and gone when it fails."""
    staging = staged_copy(path)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    publish_store(staging, path)


def publish_store(staging: Path, path: Path) -> None:
    """Put a finished staging store in place: renamed (over an empty directory, if one is
    there), or exchanged with the store it is a new state of, which is then removed."""
    try:
        if is_new_store(path):
            os.replace(staging, path)
            os.close(_open_lock(path))  # there for readers who may not make it
            return
        _exclusively(path, lambda: _exchange(staging, path))
    except OSError as exc:
        raise InputError(f"{path}: cannot put the new store in place ({exc.strerror})") from exc
    shutil.rmtree(staging, ignore_errors=True)  # the old state, now at the staging path


_EXCHANGE_WAIT = 120.0  # seconds the exchange waits for readers (a query's time limit is less)


def _open_lock(path: Path) -> int:
    """The lock file beside the store at ``path``, made if need be. Read-only: ``flock``
    needs no more, so a reader may lock a store in a directory it may not write."""
    return os.open(path.parent / f".{path.name}.lock", os.O_RDONLY | os.O_CREAT, 0o644)


class ReadLock:
    """A reader's shared lock on the store at ``path``, held until ``release``. Where there
    is no lock file and none can be made (a store policykg did not put in a directory the
    reader may not write), the reader reads unlocked: no build of ours exchanges that store."""

    def __init__(self, path: Path) -> None:
        self._handle: int | None = None
        try:
            self._handle = _open_lock(path)
        except OSError:
            return
        fcntl.flock(self._handle, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._handle is not None:
            os.close(self._handle)  # closing the file releases its lock
            self._handle = None


def _exclusively(path: Path, action: Callable[[], None]) -> None:
    """``action`` under the exclusive lock of the store at ``path`` (readers done first)."""
    handle = _open_lock(path)
    try:
        deadline = time.monotonic() + _EXCHANGE_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"{path}: readers held the store for {_EXCHANGE_WAIT:g} s; the new "
                        "state was not put in place (build again when they are done)"
                    ) from None
                time.sleep(0.01)
        action()
    finally:
        os.close(handle)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> None:
    """Swap two directories in one step (Linux's renameat2); elsewhere, or on a file system
    that cannot, ``second`` goes aside and ``first`` takes its place (in three steps no
    reader sees: they wait for the lock the exchange holds)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = getattr(libc, "renameat2", None)
        if renameat2 is not None:
            done = renameat2(
                _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
            )
            if done == 0:
                return
            error = ctypes.get_errno()
            if error not in (errno.EINVAL, errno.ENOSYS):
                raise OSError(error, os.strerror(error))
    aside = first.with_name(first.name + ".old")
    os.replace(second, aside)
    os.replace(first, second)
    os.replace(aside, first)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
