"""Atomic file writes: a reader sees the old file or the new one, never half of one.

A build's outputs are written together: every file to a temporary file beside it first, then
all renamed, so a build killed before the renames leaves every earlier output as it was, and
one killed during them leaves each file whole. Temporary files a killed run left behind are
removed by the next.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from functools import cache
from pathlib import Path

from graph.query import GRAPH_FILE
from policykg.errors import InputError

# What a build writes besides graph.ttl: the map first, then the reports.
VIEW_FILES = ("graph.html", "report.html", "targets.csv", "ownership.csv")
BUILD_FILES = (GRAPH_FILE, *VIEW_FILES)


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


def write_together(directory: Path, files: dict[str, str | bytes | Path]) -> dict[str, Path]:
    """Write several files into ``directory``: all to temporary files, then all renamed.

    A ``Path`` value is a file from ``staged_file``, written already: it is renamed with the
    others."""
    _make(directory)
    _remove_stale(directory, files)
    staged: dict[str, str] = {}
    try:
        for name, data in files.items():
            if isinstance(data, Path):
                staged[name] = str(data)
                _sync(data)
                continue
            payload = data.encode("utf-8") if isinstance(data, str) else data
            fd, temp_name = _temporary(directory, name)
            staged[name] = temp_name
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
        for name, temp_name in staged.items():
            os.replace(temp_name, directory / name)
    except OSError as exc:
        for temp_name in staged.values():
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        raise InputError(f"{directory}: cannot write the outputs ({exc.strerror})") from exc
    return {name: directory / name for name in files}


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
