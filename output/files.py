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
from pathlib import Path

from policykg.errors import InputError


def write_together(directory: Path, files: dict[str, str | bytes]) -> dict[str, Path]:
    """Write several files into ``directory``: all to temporary files, then all renamed."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"{directory}: cannot write output there ({exc.strerror}); choose another directory "
            "with --out"
        ) from exc
    _remove_stale(directory, files)
    staged: dict[str, str] = {}
    try:
        for name, data in files.items():
            payload = data.encode("utf-8") if isinstance(data, str) else data
            fd, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
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


def _remove_stale(directory: Path, files: dict[str, str | bytes]) -> None:
    for name in files:
        for stale in directory.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
