"""policykg's benchmark: each figure beside its floor, measured side by side in one run.

1. A whole build of the example from process start, beside a process that only imports jieba
   and segments the same text (the floor the design builds on), and one that reads the bytes.
2. The named queries on N triples (1,000,000; --quick: 100,000): rdflib in memory beside
   the Oxigraph store on disk. The triples are copies of the example's graph under other
   document keys: one issuer's plans over many years.

Figures are medians of several runs with min–max, and ratios. The results go to stdout and
to BENCHMARKS.md (with the machine and the command).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "ningbo-edu-2024.txt"
QUERY_LIMIT = 60.0  # seconds an rdflib query may take before it is reported as over the limit
PARAMS = {
    "tasks-of-office": {"office": "基教处"},
    "offices-of-task": {"task": "21"},
    "targets-of-office": {"office": "高教处"},
    "shared-tasks": {"office": "基教处", "other": "职教处"},
}

JIEBA_ONLY = f"""
import jieba, logging
jieba.setLogLevel(logging.WARNING)
text = open({str(EXAMPLE)!r}, encoding="utf-8").read()
jieba.lcut(text)
"""
READ_ONLY = f"open({str(EXAMPLE)!r}, 'rb').read()"


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def row(name: str, times: list[float], floor: float | None, unit: str = "s") -> str:
    median = statistics.median(times)
    spread = f"{min(times):.3g}–{max(times):.3g}"
    ratio = f"{median / floor:.2f}×" if floor else ""
    return f"| {name} | {median:.3g} {unit} | {spread} | {ratio} |"


def build_section(runs: int) -> list[str]:
    with tempfile.TemporaryDirectory() as out:
        build = [sys.executable, "-m", "policykg", "-q", "build", str(EXAMPLE), "--out", out]
        figures = {
            "read the bytes (python)": timed([sys.executable, "-c", READ_ONLY], runs),
            "import jieba + jieba.lcut — the floor": timed(
                [sys.executable, "-c", JIEBA_ONLY], runs
            ),
            "policykg build (graph, map, reports)": timed(build, runs),
        }
    floor = statistics.median(figures["import jieba + jieba.lcut — the floor"])
    lines = [
        f"### Whole build of the example ({EXAMPLE.stat().st_size:,} bytes), from process start",
        "",
        f"Median of {runs} fresh processes.",
        "",
        "| | median | min–max | × floor |",
        "|---|---|---|---|",
    ]
    lines += [row(name, times, floor) for name, times in figures.items()]
    return lines


def corpus_triples(target: int) -> tuple[str, int]:
    """N-Triples of about ``target`` triples: copies of the example's graph under new keys."""
    from graph.build import build_graph
    from output.serialize import serialize_graph
    from policykg.config import BuildConfig
    from policykg.pipeline import read_plans

    graph = build_graph(read_plans([EXAMPLE])[0], BuildConfig())
    text = serialize_graph(graph, "nt")
    plan = (
        next(str(s) for s in graph.subjects() if "/doc/" in str(s)).split("/doc/")[1].split("/")[0]
    )
    source = next(str(s) for s in graph.subjects() if "/text/" in str(s)).split("/text/")[1][:20]
    copies = max(1, round(target / len(graph)))
    parts = [
        text.replace(plan, f"bench-{i:05d}").replace(source, f"bench{i:015d}")
        for i in range(copies)
    ]
    return "".join(parts), copies * len(graph)


def _query_in_child(run: Callable[[], object], limit: float) -> float | None:
    """Seconds a query takes in a forked child, or None past the limit."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        started = time.perf_counter()
        run()
        sender.send(time.perf_counter() - started)

    process = context.Process(target=child)
    process.start()
    answer = receiver.recv() if receiver.poll(limit) else None
    process.kill()
    process.join()
    return answer


def store_section(target: int, runs: int) -> list[str]:
    import pyoxigraph as ox
    from rdflib import Graph

    from graph.named import named_queries
    from graph.query import run_query
    from graph.store import PlanStore

    data, triples = corpus_triples(target)
    started = time.perf_counter()
    graph = Graph().parse(data=data, format="nt")
    rdflib_load = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        raw = ox.Store(str(Path(directory) / "plans"))
        raw.bulk_load(
            data.encode("utf-8"),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode("https://w3id.org/policykg/id/graph/bench"),
        )
        raw.flush()
        del raw
        oxigraph_load = time.perf_counter() - started
        (Path(directory) / "plans" / "policykg-store.txt").write_text("bench\n")
        store = PlanStore(Path(directory) / "plans", writable=False)
        lines = [
            f"### Named queries on {triples:,} triples: rdflib in memory vs the Oxigraph store",
            "",
            f"Load: rdflib {rdflib_load:.1f} s, Oxigraph bulk load {oxigraph_load:.1f} s "
            f"({rdflib_load / oxigraph_load:.1f}×). Query medians of {runs} runs; rdflib runs "
            f"stop at {QUERY_LIMIT:.0f} s.",
            "",
            "| query | rows | Oxigraph median | min–max | rdflib median | rdflib ÷ Oxigraph |",
            "|---|---|---|---|---|---|",
        ]
        for query in named_queries().values():
            params = PARAMS.get(query.name, {})
            ox_times, rows = [], 0
            for _ in range(runs):
                started = time.perf_counter()
                rows = len(store.query(query.text, params).rows)
                ox_times.append(time.perf_counter() - started)
            rdflib_times = []
            for _ in range(runs):
                seconds = _query_in_child(
                    lambda q=query, p=params: run_query(graph, q.text, p), QUERY_LIMIT
                )
                if seconds is None:
                    break
                rdflib_times.append(seconds)
            ox_median = statistics.median(ox_times)
            if rdflib_times:
                rdflib_median = statistics.median(rdflib_times)
                rdflib_cell, ratio = (
                    f"{rdflib_median * 1000:.0f} ms",
                    f"{rdflib_median / ox_median:.1f}×",
                )
            else:
                rdflib_cell, ratio = f"> {QUERY_LIMIT:.0f} s", "—"
            spread = f"{min(ox_times) * 1000:.0f}–{max(ox_times) * 1000:.0f} ms"
            lines.append(
                f"| {query.name} | {rows:,} | {ox_median * 1000:.0f} ms | {spread} | "
                f"{rdflib_cell} | {ratio} |"
            )
        store.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 100,000 triples")
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    target = 100_000 if args.quick else 1_000_000
    started = time.perf_counter()
    sections = [build_section(runs), store_section(target, 3)]
    command = "make bench-quick" if args.quick else "make bench"
    header = [
        "# Benchmarks",
        "",
        f"Made by `{command}` in {time.perf_counter() - started:.0f} s on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}. "
        "Ratios are measured side by side in one run, so they hold better than seconds on a "
        "noisy machine.",
        "",
    ]
    text = "\n".join(header + [line for section in sections for line in [*section, ""]])
    print(text)
    (REPO / "BENCHMARKS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
