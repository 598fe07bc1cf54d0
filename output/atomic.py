"""Atomic file writes: a reader sees the old file or the new one, never half of one; and what
an output path names is written, never replaced.

A build's outputs are written together: every file to a temporary file beside it first, then
all renamed, so a build killed before the renames leaves every earlier output as it was, and
one killed during them leaves each file whole. Temporary files a killed run left behind are
removed by the next.

This is the one writer of every file policykg writes (``build --out``, ``diff --output``,
exports). A rename puts a new file where the old name was: right for a regular file, wrong
for anything else the name may be. So each path is looked at first (``_place``):

- a regular file, or nothing yet: written beside it and renamed over it (atomically);
- a symbolic link: the same for the file it points to (the link stays a link); a link to a
  device or FIFO (``/dev/stdout``) is written through;
- a character device or a FIFO (``/dev/null``, ``/dev/full``, a pipe a reader holds open):
  written through, as ``>`` in a shell would (a FIFO nobody reads is refused, not waited on);
- a directory, a block device or a socket: refused.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from graph.query import GRAPH_FILE
from policykg.errors import InputError

# What a build writes besides graph.ttl: the map first, then the reports.
VIEW_FILES = ("graph.html", "report.html", "targets.csv", "ownership.csv")
BUILD_FILES = (GRAPH_FILE, *VIEW_FILES)
# A build of several plans writes one report per plan beside report.html (the overview).
_PLAN_REPORT = re.compile(r"report-[A-Za-z0-9._-]+\.html")


def plan_report_name(key: str) -> str:
    """The file name of a plan's own report in a build of several plans (keys are ASCII)."""
    return f"report-{key}.html"


def is_build_output(name: str) -> bool:
    """Whether a file of this name in a build directory is one the build wrote."""
    return name in BUILD_FILES or _PLAN_REPORT.fullmatch(name) is not None


def plan_reports(directory: Path) -> list[Path]:
    """The plans' own reports an earlier build left in ``directory``."""
    return sorted(p for p in directory.glob("report-*.html") if is_build_output(p.name))


def staged_file(directory: Path, name: str) -> Path:
    """An empty temporary file for the output ``name`` in ``directory``, to be written as the
    build goes (a graph streamed as it is made) and put in place by ``write_together``."""
    _make(directory)
    fd, temp_name = _temporary(directory, name)
    os.close(fd)
    return Path(temp_name)


def _temporary(directory: Path, name: str) -> tuple[int, str]:
    """A temporary file beside ``name``, readable as an ordinary new file would be (mkstemp
    makes it private to its owner: the outputs are meant to be opened and served)."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    os.fchmod(fd, 0o666 & ~_umask())
    return fd, temp_name


@cache
def _umask() -> int:
    """The process's umask (read by setting it: once, not for every file)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_file(path: Path, data: str | bytes) -> Path:
    """Write one file (``diff --output``, an export) by the rules of ``write_together``."""
    return write_together(path.parent, {path.name: data})[path.name]


def write_together(directory: Path, files: dict[str, str | bytes | Path]) -> dict[str, Path]:
    """Write several files into ``directory``: all to temporary files, then all renamed
    (devices and FIFOs are written through, last).

    A ``Path`` value is a file from ``staged_file``, written already: it is renamed with the
    others."""
    _make(directory)
    _remove_stale(directory, files)
    places = {name: _place(directory / name) for name in files}
    staged: dict[str, str] = {}
    try:
        for name, data in files.items():
            if not places[name].through:
                staged[name] = _stage(places[name].path, data)
        for name, temp_name in staged.items():
            os.replace(temp_name, places[name].path)
        for name, data in files.items():
            if places[name].through:
                _write_through(places[name].path, data)
    except OSError as exc:
        for temp_name in staged.values():
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        where = exc.filename or directory
        raise InputError(f"{where}: cannot write the outputs ({exc.strerror})") from exc
    finally:
        for data in files.values():
            if isinstance(data, Path):
                with contextlib.suppress(OSError):
                    data.unlink()  # staged, and renamed or copied by now (or failed)
    return {name: directory / name for name in files}


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a file goes: the path to write and whether it is written through (a device or
    FIFO) rather than renamed into place."""

    path: Path
    through: bool


def _place(path: Path) -> _Place:
    """What ``path`` names, and so how it is written (the module's docstring)."""
    try:
        own = os.lstat(path).st_mode
        mode = os.stat(path).st_mode  # what a link points to
    except FileNotFoundError:
        # Nothing there, or a link to nothing: the file (the link's target) is made.
        return _Place(Path(os.path.realpath(path)), through=False)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there ({exc.strerror})") from exc
    if stat.S_ISREG(mode):
        return _Place(Path(os.path.realpath(path)) if stat.S_ISLNK(own) else path, False)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return _Place(path, through=True)
    kind = (
        "a directory"
        if stat.S_ISDIR(mode)
        else "a block device"
        if stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise InputError(
        f"{path}: is {kind}; an output is written to a file (or through a character device "
        "or FIFO): choose another path"
    )


def _stage(path: Path, data: str | bytes | Path) -> str:
    """A temporary file beside ``path`` holding ``data`` (a staged file in the same file
    system is used as it is)."""
    if isinstance(data, Path):
        _sync(data)
        if os.stat(data.parent).st_dev == os.stat(path.parent).st_dev:
            return str(data)
    fd, temp_name = _temporary(path.parent, path.name)
    with os.fdopen(fd, "wb") as handle:
        _copy_into(handle, data)
        handle.flush()
        os.fsync(handle.fileno())
    return temp_name


def _copy_into(handle: BinaryIO, data: str | bytes | Path) -> None:
    """Write ``data`` (text, bytes or the contents of a staged file) to ``handle``."""
    if isinstance(data, Path):
        with data.open("rb") as source:
            shutil.copyfileobj(source, handle)
    else:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def _write_through(path: Path, data: str | bytes | Path) -> None:
    """Write into a device or FIFO as it is: opened for writing, never created, truncated or
    replaced. A FIFO that no process reads is refused (it would wait for ever)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError(
                f"{path}: is a FIFO that no process reads; start its reader first"
            ) from exc
        raise
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    try:
        with os.fdopen(fd, "wb") as handle:
            _copy_into(handle, data)
    except OSError as exc:  # a full device, a reader gone: named by the path written
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def _make(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"{directory}: cannot write output there ({exc.strerror}); choose another directory "
            "with --out"
        ) from exc


def _sync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _remove_stale(directory: Path, files: dict[str, str | bytes | Path]) -> None:
    """Temporary files of killed runs (not the ones this run staged).

    Compared by file name: mkstemp names a staged file by an absolute path, while glob
    yields paths as relative as ``directory`` is."""
    keep = {data.name for data in files.values() if isinstance(data, Path)}
    for name in files:
        for stale in directory.glob(f".{name}.*.tmp"):
            if stale.name not in keep:
                with contextlib.suppress(OSError):
                    stale.unlink()


def remove_output(path: Path) -> None:
    """Remove an earlier output: a file or a link, never a device or FIFO named there."""
    with contextlib.suppress(FileNotFoundError):
        mode = os.lstat(path).st_mode
        if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
            path.unlink()
