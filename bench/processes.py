"""The benchmark's whole-process stages, each from process start with its peak memory.

6. A corpus build of N generated plans (bench/make_corpus.py) into a new store on all cores,
   beside jieba segmenting the same corpus on all cores and Oxigraph bulk-loading the quads
   the build stored.
7. One very long plan, into out/ and (--quick) into a new store.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import astuple, dataclass
from pathlib import Path

from stages import FIGURES

JIEBA_POOL = """
import jieba, logging, sys, time
from multiprocessing import Pool
from pathlib import Path
jieba.setLogLevel(logging.WARNING)
def segment(path):
    return len(jieba.lcut(Path(path).read_text(encoding="utf-8")))
if __name__ == "__main__":
    paths = sorted(str(p) for p in Path(sys.argv[1]).glob("*.txt"))
    with Pool(int(sys.argv[2])) as pool:
        pool.map(segment, paths, chunksize=4)
"""


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        todo += [int(c) for c in children]
    return total


@dataclass(frozen=True)
class Measured:
    """One process's wall seconds, CPU seconds (its tree: user + system) and peak memory."""

    seconds: float
    cpu: float
    peak: int


def run_measured(command: list[str], stdout: Path | None = None) -> Measured:
    """Wall and CPU seconds and peak resident memory (process tree, sampled every 50 ms) of a
    command; its output goes to ``stdout`` if given."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    output = subprocess.DEVNULL if stdout is None else stdout.open("wb")
    process = subprocess.Popen(command, stdout=output, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not isinstance(output, int):
        output.close()
    if process.returncode != 0:
        assert process.stderr is not None  # stderr=PIPE
        raise SystemExit(f"{command} failed: {process.stderr.read().decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(seconds, cpu, peak)


BULK_LOAD = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS, lenient=True)
store.flush()
"""
# Queries on the stores on disk, to show what the merge is for.
ON_DISK = ("tasks-of-office", "offices-of-task")


def query_seconds(store: Path) -> list[float]:
    """CPU seconds of each of ``ON_DISK`` on the store at ``store``, read from disk."""
    from queries import PARAMS

    from graph.named import named_query
    from graph.store import PlanStore

    seconds = []
    with PlanStore(store, writable=False) as held:
        for name in ON_DISK:
            query = named_query(name)
            started = time.process_time()
            held.query(query.text, query.bindings(PARAMS[name]))
            seconds.append(time.process_time() - started)
    return seconds


def corpus_section(count: int) -> list[str]:
    """Stage 6: a corpus build into a new store on all cores, beside the two floors it cannot
    go below: jieba segmenting the corpus on all cores, and Oxigraph bulk-loading the very
    quads the build stored, from one N-Quads file, in a process of its own."""
    import pyoxigraph as ox
    from make_corpus import write_corpus

    from graph.bulk_loads import MERGE_PROGRAM  # the build's merge, for a floor that ends alike
    from graph.store import MARKER

    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as directory:
        corpus = Path(directory) / "plans"
        paths = write_corpus(corpus, count)
        size = sum(p.stat().st_size for p in paths)
        jieba = run_measured([sys.executable, "-c", JIEBA_POOL, str(corpus), str(cores)])
        store = Path(directory) / "store"
        build = [sys.executable, "-m", "policykg", "-q", "build", str(corpus), "--store"]
        built = run_measured([*build, str(store), "--out", str(Path(directory) / "out")])
        again = run_measured([*build, str(store), "--out", str(Path(directory) / "again")])
        quads_file = Path(directory) / "quads.nq"
        held = ox.Store.read_only(str(store))
        quads = len(held)
        held.dump(str(quads_file), format=ox.RdfFormat.N_QUADS)
        del held
        bulk = Path(directory) / "bulk"
        loaded = run_measured([sys.executable, "-c", BULK_LOAD, str(quads_file), str(bulk)])
        (bulk / MARKER).write_text("", encoding="utf-8")  # for PlanStore to read it
        as_loaded = query_seconds(bulk)
        merged = run_measured([sys.executable, "-c", MERGE_PROGRAM, str(bulk)])
        queried = {"floor": as_loaded, "merged": query_seconds(bulk), "built": query_seconds(store)}
    floor = jieba.seconds + loaded.seconds
    floor_cpu = jieba.cpu + loaded.cpu
    ended = floor + merged.seconds  # the floor that ends where the build ends
    ended_cpu = floor_cpu + merged.cpu
    FIGURES["corpus ended ratio"] = built.seconds / ended
    FIGURES["corpus ended cpu ratio"] = built.cpu / ended_cpu
    FIGURES["corpus ratio"] = built.seconds / floor
    FIGURES["corpus cpu ratio"] = built.cpu / floor_cpu
    FIGURES["corpus peak MiB"] = built.peak / 2**20
    FIGURES["corpus plans"] = count
    FIGURES["quads per KB"] = quads / (size / 1000)

    def line(name: str, run: Measured, ratio: str) -> str:
        memory = f"{run.peak / 2**20:,.0f} MiB" if run.peak else ""
        return f"| {name} | {run.seconds:.1f} s | {run.cpu:.1f} s | {memory} | {ratio} |"

    return [
        f"### 6. Corpus build: {count:,} generated plans ({size / 1e6:.1f} MB) on {cores} cores",
        "",
        "`policykg build DIR --store S` (worker processes read and extract, the parent loads "
        "each plan's quads into the store as they come) beside its two floors, measured in the "
        "same run: jieba segmenting the same files with a process pool of the same size, and "
        f"a process of Oxigraph's bulk loader storing the same {quads:,} quads "
        f"({quads / (size / 1000):.0f} per KB of plan text) from one N-Quads file. CPU is user "
        "+ system time of the whole process tree; peak memory its resident memory, sampled "
        "every 50 ms. One run each (minutes long).",
        "",
        "| | wall | CPU | peak memory | × floor (wall / CPU) |",
        "|---|---|---|---|---|",
        line(f"jieba.lcut over the corpus, {cores} processes", jieba, ""),
        line("Oxigraph bulk-loads the same quads", loaded, ""),
        f"| the floor: the two together | {floor:.1f} s | {floor_cpu:.1f} s | | floor |",
        line(
            "policykg build into a new store",
            built,
            f"{built.seconds / floor:.2f}× / {built.cpu / floor_cpu:.2f}×",
        ),
        line(
            "the same again (every plan unchanged: skipped)",
            again,
            f"{again.seconds / floor:.2f}× / {again.cpu / floor_cpu:.2f}×",
        ),
        line("Oxigraph merges the loaded store's files once", merged, ""),
        f"| the floor that ends where the build does: the three | {ended:.1f} s "
        f"| {ended_cpu:.1f} s | | {built.seconds / ended:.2f}× / {built.cpu / ended_cpu:.2f}× |",
        "",
        f"Throughput: {count / built.seconds:.1f} plans/s, {size / 1e6 / built.seconds:.2f} MB/s.",
        "",
        "A build merges a new store's files once its loads are in (graph/bulk_loads.py); the "
        "floor's store, as its loader left it, and merged the same way, beside the build's, "
        "read from disk (CPU seconds of one run of each named query):",
        "",
        "| query | the floor's store as loaded | merged | the build's store |",
        "|---|---|---|---|",
        *(
            f"| {name} | {queried['floor'][i]:.2f} s | {queried['merged'][i]:.2f} s "
            f"| {queried['built'][i]:.2f} s |"
            for i, name in enumerate(ON_DISK)
        ),
    ]


def long_document_section(megabytes: float, with_store: bool) -> list[str]:
    """Stage 7: one very long plan (the example's tasks drawn again and again), built from
    process start into out/ (graph.ttl streamed) and, if asked, into a new store, with the
    peak memory of the process tree."""
    from make_corpus import write_long_plan

    with tempfile.TemporaryDirectory() as directory:
        plan = write_long_plan(Path(directory) / "long-plan.txt", megabytes)
        size = plan.stat().st_size
        build = [sys.executable, "-m", "policykg", "-q", "build", str(plan)]
        rows = []
        summary = Path(directory) / "summary.txt"
        seconds, _, peak = astuple(
            run_measured([*build, "--out", str(Path(directory) / "out")], summary)
        )
        rows.append(
            ("policykg build PLAN (graph.ttl written as the tasks are read)", seconds, peak)
        )
        FIGURES["long document seconds"], FIGURES["long document MiB"] = seconds, peak / 2**20
        # "Built 1 document(s): … 16030264 triples in 281.5 s → …"
        triples = int(summary.read_text(encoding="utf-8").split(" triples in ")[0].split()[-1])
        if with_store:
            store = [*build, "--store", str(Path(directory) / "store"), "--out", directory]
            seconds, _, peak = astuple(run_measured(store))
            rows.append(("policykg build PLAN --store S (a new store)", seconds, peak))
    FIGURES["long document MB"] = size / 1e6
    lines = [
        f"### 7. One long plan: {size / 1e6:.1f} MB, {triples:,} triples",
        "",
        "`bench/make_corpus.py`'s long plan (the example's tasks drawn again and again, in "
        "sections of 999), built from process start. Peak memory is the resident memory of "
        "the whole process tree, sampled every 50 ms. One run each.",
        "",
        "| | time | peak memory | per MB of text |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {name} | {seconds:.1f} s | {peak / 2**20:,.0f} MiB | {seconds / (size / 1e6):.2f} s |"
        for name, seconds, peak in rows
    ]
    return lines
