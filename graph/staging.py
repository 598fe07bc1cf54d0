"""Where a new store is built: a staging directory beside it, renamed into place at the end.

A new store is built as a whole, with Oxigraph's bulk loader (quicker than a transaction per
document, but not atomic: docs/performance.md), and renamed into place when every document is
in. A build killed before the rename leaves no store at all, never a part of one; the next
build clears the stale staging directory.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from policykg.errors import InputError

__all__ = ["is_new_store", "publish_store", "staging_directory"]


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


def publish_store(staging: Path, path: Path) -> None:
    """Rename a finished staging store into place (over an empty directory, if one is there)."""
    try:
        os.replace(staging, path)
    except OSError as exc:
        raise InputError(f"{path}: cannot put the new store in place ({exc.strerror})") from exc


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
