"""Time a whole build of the example beside jieba segmentation of the same text, from process start.

Each figure is the median of several runs of a fresh process, measured side by side in one run,
so the ratio holds on a noisy machine. The full benchmark suite grows with issue 8.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "ningbo-edu-2024.txt"
RUNS = 5

JIEBA_ONLY = f"""
import jieba, logging
jieba.setLogLevel(logging.WARNING)
text = open({str(EXAMPLE)!r}, encoding="utf-8").read()
jieba.lcut(text)
"""
READ_ONLY = f"open({str(EXAMPLE)!r}, 'rb').read()"


def timed(command: list[str]) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        build = [sys.executable, "-m", "policykg", "-q", "build", str(EXAMPLE), "--out", out]
        figures = {
            "python, read the bytes": timed([sys.executable, "-c", READ_ONLY]),
            "import jieba + jieba.lcut (the floor)": timed([sys.executable, "-c", JIEBA_ONLY]),
            "policykg build (graph.ttl + graph.html)": timed(build),
        }
    floor = statistics.median(figures["import jieba + jieba.lcut (the floor)"])
    print(f"{EXAMPLE.name}, {EXAMPLE.stat().st_size} bytes, median of {RUNS} fresh processes")
    print(f"{'':42} {'median':>8} {'min–max':>15} {'× floor':>8}")
    for name, times in figures.items():
        median = statistics.median(times)
        spread = f"{min(times):.2f}–{max(times):.2f} s"
        print(f"{name:42} {median:7.2f}s {spread:>15} {median / floor:7.2f}×")


if __name__ == "__main__":
    main()
