"""Stage 5 of the benchmark: the named queries on 100,000 and 1,000,000 triples, on the
Oxigraph store on disk, the same store copied into memory (``serve --in-memory``) and rdflib
in memory."""

from __future__ import annotations

import multiprocessing
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from stages import FIGURES, timed

if TYPE_CHECKING:
    from rdflib import Graph

    from graph.named import NamedQuery
    from graph.query import Param

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "ningbo-edu-2024.txt"
QUERY_LIMIT = 30.0  # seconds an rdflib query may take before it is reported as over the limit
PARAMS = {
    "tasks-of-office": {"office": "基教处"},
    "offices-of-task": {"task": "21"},
    "targets-of-office": {"office": "高教处"},
    "shared-tasks": {"office": "基教处", "other": "职教处"},
    "due-by": {"date": "2024-06-30"},
    "progress-of-office": {"office": "基教处"},
}
# The generated plans carry no progress reports: these answer from nothing, so they are
# shown but left out of the medians the target is judged on.
WITHOUT_DATA = frozenset({"behind-schedule", "progress-of-office"})


def corpus_copies(target: int) -> tuple[list[str], int]:
    """The copies of the example's graph (N-Triples, each under new keys) that make about
    ``target`` triples, and how many triples they make."""
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
    return parts, copies * len(graph)


def _query_in_child(run: Callable[[], object], limit: float) -> float | None:
    """Seconds a query takes in a forked child, or None past the limit."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        started = time.process_time()
        run()
        sender.send(time.process_time() - started)

    process = context.Process(target=child)
    process.start()
    answer = receiver.recv() if receiver.poll(limit) else None
    process.kill()
    process.join()
    return answer


def _rdflib_cell(
    graph: Graph, query: NamedQuery, params: dict[str, str | Param], runs: int
) -> float | None:
    """rdflib's median seconds for a query (each run in a forked child), None past the limit."""
    from graph.query import run_query

    times = []
    for _ in range(runs):
        seconds = _query_in_child(lambda: run_query(graph, query.text, params), QUERY_LIMIT)
        if seconds is None:
            return None
        times.append(seconds)
    return statistics.median(times)


def store_copies(copies: Sequence[str], where: Path, *, repeated: bool = False) -> float:
    """Seconds Oxigraph's bulk loader takes to store ``copies`` (N-Triples, a plan each) at
    ``where`` as policykg lays a store out: each copy in a graph of its own, what they say of
    shared things (offices, the issuer, days) once in the default graph; with ``repeated``,
    again in every copy's graph instead, as a store of an earlier policykg holds them."""
    import pyoxigraph as ox

    from ontology.iris import IriMinter
    from policykg.config import DEFAULT_BASE

    mint = IriMinter(DEFAULT_BASE)
    shared = tuple(f"<{prefix}" for prefix in mint.shared_nodes())
    parts: list[str] = []
    for i, copy in enumerate(copies):
        end = f" <{mint.document_graph(f'bench-{i:05d}')}> .\n"
        for line in copy.splitlines(keepends=True):
            parts.append(line if not repeated and line.startswith(shared) else line[:-3] + end)
    data = "".join(parts).encode("utf-8")
    started = time.perf_counter()
    raw = ox.Store(str(where))
    raw.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    seconds = time.perf_counter() - started
    (where / "policykg-store.txt").write_text("bench\n")
    return seconds


def store_section(target: int, runs: int, rdflib_runs: int) -> list[str]:
    from rdflib import Graph

    from graph.named import named_queries
    from graph.store import PlanStore

    copies, triples = corpus_copies(target)
    started = time.perf_counter()
    graph = Graph().parse(data="".join(copies), format="nt")
    rdflib_load = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as directory:
        oxigraph_load = store_copies(copies, Path(directory) / "plans")
        store = PlanStore(Path(directory) / "plans", writable=False)
        started = time.perf_counter()
        memory = PlanStore(Path(directory) / "plans", writable=False, in_memory=True)
        memory_load = time.perf_counter() - started
        # Queries run on one core: a query moved between cores mid-run loses its caches, and
        # on this machine that made the same query take 45 or 75 ms from one process to the
        # next. One core is also what one query uses.
        cores = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(cores)})
        lines = [
            f"### 5. Named queries on {triples:,} triples: the Oxigraph store and rdflib",
            "",
            f"{len(copies)} copies of the example, one issuer: in the store a graph each, what "
            "they say of the offices, the issuer and the days they share once, in the default "
            "graph, as a build lays a store out (`bench/shared_store.py --layout repeated`: "
            "stated in every copy's graph instead). "
            f"Load: rdflib {rdflib_load:.1f} s, Oxigraph bulk load {oxigraph_load:.1f} s "
            f"({rdflib_load / oxigraph_load:.1f}×), the store copied into memory "
            f"(`serve --in-memory`) {memory_load:.1f} s. Query times are CPU time; Oxigraph: "
            f"median of {runs} runs on one core; rdflib: median of {rdflib_runs}, stopped at "
            f"{QUERY_LIMIT:.0f} s.",
            "",
            "| query | rows | store on disk | min–max | store in memory | rdflib in memory "
            "| rdflib ÷ disk |",
            "|---|---|---|---|---|---|---|",
        ]
        medians: list[float] = []
        memory_medians: list[float] = []
        for query in named_queries().values():
            params = query.bindings(PARAMS.get(query.name, {}))
            rows = len(store.query(query.text, params).rows)
            ox_times = timed(partial(store.query, query.text, params), runs)
            ox_median = statistics.median(ox_times)
            in_memory = statistics.median(timed(partial(memory.query, query.text, params), runs))
            if query.name not in WITHOUT_DATA:
                medians.append(ox_median)
                memory_medians.append(in_memory)
            rdflib_median = _rdflib_cell(graph, query, params, rdflib_runs)
            rdflib_cell, ratio = (
                (f"> {QUERY_LIMIT:.0f} s", "—")
                if rdflib_median is None
                else (f"{rdflib_median * 1000:.0f} ms", f"{rdflib_median / ox_median:.1f}×")
            )
            spread = f"{min(ox_times) * 1000:.0f}–{max(ox_times) * 1000:.0f} ms"
            name = (
                f"{query.name} (no reports: not in the median)"
                if query.name in WITHOUT_DATA
                else query.name
            )
            lines.append(
                f"| {name} | {rows:,} | {ox_median * 1000:.0f} ms | {spread} | "
                f"{in_memory * 1000:.0f} ms | {rdflib_cell} | {ratio} |"
            )
        store.close()
        memory.close()
        os.sched_setaffinity(0, cores)
    FIGURES[f"query median {target}"] = statistics.median(medians)
    FIGURES[f"query max {target}"] = max(medians)
    FIGURES[f"memory query median {target}"] = statistics.median(memory_medians)
    FIGURES[f"memory query max {target}"] = max(memory_medians)
    return lines
