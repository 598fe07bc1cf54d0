"""Bad input or a bad environment is one Error line and exit 1, never exit 3: a full disk, a
port out of range, a store an older Oxigraph wrote (never upgraded without asking), memory
that runs out."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app

from ..conftest import DATA
from .bounded import run_policykg

PLAN = DATA / "hangzhou-health-2025.txt"
OLD_STORE = DATA / "stores" / "oxigraph-0.3-store.tar.gz"  # made by pyoxigraph 0.3.22


def test_a_disk_that_fills_up_is_one_error_line_and_nothing_is_left(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_policykg("build", PLAN, "--out", out, file_size=4096)
    assert (done.code, done.errors) == (
        1,
        [
            f"Error: {out}: cannot write the outputs (File too large); free some space or "
            "choose another place"
        ],
    )
    assert not out.exists() or list(out.iterdir()) == []


def test_a_port_out_of_range_is_an_error_not_a_crash(tmp_path: Path) -> None:
    done = run_policykg("serve", PLAN.parent, "--port", "99999")
    assert (done.code, done.errors) == (
        1,
        ["Error: --port 99999: a port is a number from 0 to 65535 (0: any free one)"],
    )


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    with tarfile.open(OLD_STORE) as archive:
        archive.extractall(tmp_path, filter="data")
    return tmp_path / "store"


def test_an_older_oxigraph_store_is_neither_read_nor_upgraded_without_asking(
    old_store: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in old_store.iterdir())
    built = run_policykg("build", PLAN, "--store", old_store, "--out", tmp_path / "out")
    assert (built.code, built.errors) == (
        1,
        [
            f"Error: {old_store}: the store was written by an older Oxigraph; building into it "
            "would upgrade it in place, and older versions could not read it again: build "
            "into a new --store, or give --upgrade-store"
        ],
    )
    assert sorted(p.name for p in old_store.iterdir()) == before  # untouched
    read = run_policykg("query", old_store, "ASK {}")
    assert (read.code, read.errors) == (
        1,
        [
            f"Error: {old_store}: the store was written by an older Oxigraph and must be "
            f"upgraded before it is read: policykg build … --store {old_store} --upgrade-store, "
            "or build a new store"
        ],
    )
    upgraded = run_policykg(
        "-q", "build", PLAN, "--store", old_store, "--out", tmp_path / "out", "--upgrade-store"
    )
    assert upgraded.code == 0, upgraded.stderr
    count = "SELECT (COUNT(?t) AS ?n) WHERE { ?t a pk:Task }"
    assert run_policykg("query", old_store, count, "--format", "csv", "--no-bom").stdout == "n\n4\n"


def test_memory_that_runs_out_is_one_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import policykg.pipeline

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(policykg.pipeline, "build", exhausted)
    result = CliRunner().invoke(app, ["build", str(PLAN), "--out", "/nonexistent/out"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: out of memory; give fewer or smaller documents at a time, or lower the limits "
        "of what one document may hold (POLICYKG_MAX_* variables, see the README)"
    ]
