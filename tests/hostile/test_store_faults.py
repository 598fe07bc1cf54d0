"""A store read while a build writes it: every reader sees the old store or the new one, never
an error, in bounded memory; a second build of one new store is refused at once."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from graph.store import PlanStore

from ..conftest import CORPUS, DATA, THREE_PLANS
from .bounded import MEMORY_CAP, REPO, run_policykg

PLANS = sorted((DATA / "plans").glob("*.txt"))[:6]


# A reader in a process of its own, under the memory cap: Oxigraph reading a store that a
# build wrote under it was seen to grow without bound (24 GB, the machine's all), which must
# fail this test, not end the test run. It reads until the stop file appears.
_READER = """
import sys
from pathlib import Path
from graph.store import PlanStore
store, stop = Path(sys.argv[1]), Path(sys.argv[2])
while not stop.exists():
    try:
        with PlanStore(store, writable=False) as reader:
            print(reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0], flush=True)
    except Exception as exc:
        print(f"failed: {type(exc).__name__}: {exc}", flush=True)
"""


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_CAP, MEMORY_CAP))


def test_readers_never_fail_while_builds_rewrite_the_store(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    for path in PLANS:
        shutil.copyfile(path, plans / path.name)
    store, stop = tmp_path / "store", tmp_path / "stop"
    assert run_policykg("-q", "build", plans, "--store", store, "--out", tmp_path / "o").code == 0
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(store), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO,
        preexec_fn=_capped,  # noqa: PLW1509 - the test process starts no threads here
    )
    try:
        for round_ in range(3):  # every plan changed: every graph replaced, files compacted
            for path in plans.iterdir():
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n附:第{round_}次修订。\n")
            done = run_policykg("-q", "build", plans, "--store", store, "--out", tmp_path / "o")
            assert done.code == 0, done.stderr
    finally:
        stop.touch()
        said, _ = reader.communicate(timeout=60)
    answers = said.splitlines()
    assert reader.returncode == 0, said[-2000:]  # not killed, not out of memory
    assert [line for line in answers if not line.isdigit()] == []
    assert len(answers) > 10
    # The store's state before the first build and after each: every answer is one of them.
    assert len(set(answers)) <= 4


def test_a_second_build_of_one_new_store_is_refused_at_once(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "policykg",
            "-q",
            "build",
            str(CORPUS),  # every real plan: a build that lasts well past a refusal
            "--store",
            str(store),
            "--out",
            str(tmp_path / "a"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):  # until the first build has its staging directory
            if list(tmp_path.glob(".store.building-*")):
                break
            time.sleep(0.02)
        second = run_policykg("build", THREE_PLANS[0], "--store", store, "--out", tmp_path / "b")
        # Refused before reading anything: while the first build is still at work (a time
        # bound would measure the machine's load, not the refusal).
        first_still_building = first.poll() is None
    finally:
        assert first.wait(timeout=120) == 0
    assert (second.code, second.errors) == (
        1,
        [
            f"Error: {store}: another policykg build (process {first.pid}) is making this "
            "store; wait for it to finish, or build into another --store directory"
        ],
    )
    assert first_still_building
    assert PlanStore(store, writable=False).triple_count() > 0
