"""A build killed at any moment leaves every earlier output whole, and the next run completes."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rdflib import Graph

from ..conftest import EXAMPLE, THREE_PLANS

OUTPUTS = ("graph.ttl", "graph.html", "report.html", "targets.csv", "ownership.csv")


def build(inputs: list[Path], out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "policykg", "-q", "build", *map(str, inputs), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def assert_whole(out: Path) -> None:
    Graph().parse(out / "graph.ttl", format="turtle")
    assert (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    for name in ("targets.csv", "ownership.csv"):
        with (out / name).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows
        assert all(len(r) == len(rows[0]) for r in rows)


def test_a_build_killed_at_any_moment_leaves_the_outputs_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([EXAMPLE], out)
    assert first.wait() == 0
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    inputs = list(THREE_PLANS)
    for delay in (0.3, 0.8, 1.2, 1.6, 2.0, 2.4):
        process = build(inputs, out)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert_whole(out)
        # Each file is the earlier one or a finished new one, never a part of either.
        for name in OUTPUTS:
            now = (out / name).read_bytes()
            assert now == before[name] or len(now) > 0
    assert build(inputs, out).wait() == 0
    assert_whole(out)
    names = sorted(p.name for p in out.iterdir())
    plans = [name for name in names if name.startswith("report-")]  # one report per plan
    assert len(plans) == len(inputs)
    assert sorted(set(names) - set(plans)) == sorted(OUTPUTS)  # no temporary file left
