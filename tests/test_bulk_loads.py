"""A new store's loads: RocksDB's merging waits while they go in, and once they are all in the
store's files are merged once, the same quads in fewer files."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from graph.bulk_loads import merge_files
from graph.store import PlanStore

from .conftest import REPO


def _loaded_twice(path: Path, spool: Path) -> PlanStore:
    """A staged store given two graphs, each in a load of its own."""
    store = PlanStore(path, writable=True, staged=True)
    for number in (1, 2):
        triples = spool / f"{number}.nt"
        triples.write_text(
            "".join(f'<http://x/s{number}-{i}> <http://x/p> "值{i}" .\n' for i in range(200)),
            encoding="utf-8",
        )
        store.replace_from_file(f"http://x/graph/{number}", triples)
        store.load_pending()
    return store


def _tables(path: Path) -> int:
    return len(list(path.glob("*.sst")))


def _count(path: Path) -> int:
    with PlanStore(path, writable=False) as store:
        return store.triple_count()


def test_a_store_of_two_loads_is_merged_into_fewer_files_with_the_same_quads(
    tmp_path: Path,
) -> None:
    _loaded_twice(tmp_path / "merged", tmp_path).close_loaded()
    _loaded_twice(tmp_path / "as-loaded", tmp_path).close()
    assert _tables(tmp_path / "merged") < _tables(tmp_path / "as-loaded")
    assert _count(tmp_path / "merged") == _count(tmp_path / "as-loaded") == 400


def test_a_merge_that_fails_leaves_the_store_whole_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = _loaded_twice(tmp_path / "store", tmp_path)
    with caplog.at_level(logging.WARNING):
        merge_files(tmp_path / "store")  # the store is open here: the merge cannot lock it
    assert "not merged" in caplog.text
    store.close()
    assert _count(tmp_path / "store") == 400


_POLICIES = """
import os, sys
from pathlib import Path
from graph.store import PlanStore
store = PlanStore(Path(sys.argv[1]), writable=True, staged=sys.argv[2] == "staged")
for task in Path("/proc/self/task").iterdir():
    if (task / "comm").read_text().startswith("rocksdb:"):
        print(os.sched_getscheduler(int(task.name)) == os.SCHED_IDLE)
store.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's")
@pytest.mark.parametrize(("kind", "idle"), [("staged", "True"), ("existing", "False")])
def test_only_a_new_stores_merging_waits_for_an_idle_core(
    tmp_path: Path, kind: str, idle: str
) -> None:
    said = subprocess.run(
        [sys.executable, "-c", _POLICIES, str(tmp_path / "store"), kind],
        capture_output=True, text=True, check=True, cwd=REPO,
    ).stdout.split()  # fmt: skip
    assert said
    assert set(said) == {idle}
