"""The benchmark's in-process stages, each timed beside its floor on the same input.

1. reading, normalising and parsing the structure, beside reading the bytes;
2. segmentation and extraction, beside ``jieba.lcut`` over the same text;
3. writing Turtle and N-Triples from extracted records, as builds do, beside Oxigraph's own
   serialiser on the same triples;
4. the map and the report for about 500 and 5,000 nodes, and the 5,000-node map's first
   render in headless Chromium.

Stage 8, the paths that once grew faster than their input, is bench/growth.py.
"""

from __future__ import annotations

import logging
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

Row = tuple[str, list[float], float | None]  # name, seconds of each run, the floor's median
# Figures the targets summary of BENCHMARKS.md reads, filled in by the stages as they run.
FIGURES: dict[str, float] = {}


def timed(run: Callable[[], object], runs: int) -> list[float]:
    """CPU seconds of this process (every thread: Oxigraph's too) of ``runs`` calls of
    ``run``: what the work costs, however busy the machine is with other things (wall time
    on a loaded machine measured the load, up to five times the work)."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
    return times


def interleaved(runs: int, *calls: Callable[[], object]) -> list[list[float]]:
    """CPU seconds of each of ``calls``, in ``runs`` rounds of all of them one after another:
    a machine that speeds up or slows down during the stage moves each figure and its floor
    alike, where timing all of one and then all of the other read the drift as a ratio."""
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(runs):
        for call, taken in zip(calls, times, strict=True):
            taken.extend(timed(call, 1))
    return times


def table(title: str, note: str, rows: Sequence[Row], unit: str = "s") -> list[str]:
    """A Markdown table of medians, min–max and ratios to the floor."""
    lines = [f"### {title}", "", note, "", "| | CPU median | min–max | × floor |"]
    lines.append("|---|---|---|---|")
    for name, times, floor in rows:
        median = statistics.median(times)
        ratio = f"{median / floor:.2f}×" if floor else "floor"
        spread = f"{min(times):.3g}–{max(times):.3g}"
        lines.append(f"| {name} | {median:.3g} {unit} | {spread} | {ratio} |")
    return lines


def text_stages(paths: Sequence[Path], runs: int) -> list[str]:
    """Stages 1 and 2 over the same documents, in this process (jieba loaded beforehand)."""
    import jieba

    from extract.details import extract_details
    from extract.reading import read_document
    from extract.segmentation import default_segmenter
    from extract.structure import parse_plan

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    # The segmenter made before any timing; the shards of jieba's dictionary and tags that a
    # text needs are read on its first run (extract/word_tables.py), so runs after it are warm.
    default_segmenter().tagged("预热")
    size = sum(p.stat().st_size for p in paths)
    texts = [read_document(p).text for p in paths]
    parsed = [parse_plan(t) for t in texts]
    extract_details(parsed[0])

    read_bytes = timed(lambda: [p.read_bytes() for p in paths], runs)
    read_parse = timed(lambda: [parse_plan(read_document(p).text) for p in paths], runs)
    lcut = timed(lambda: [jieba.lcut(t) for t in texts], runs)
    extract = timed(lambda: [extract_details(d) for d in parsed], runs)
    floor_read, floor_cut = statistics.median(read_bytes), statistics.median(lcut)
    note = (
        f"{len(paths)} generated plans, {size / 1e6:.1f} MB, in one process; median of {runs} "
        "runs. jieba's and our dictionaries are loaded before timing."
    )
    return [
        *table(
            "1. Reading, normalising and parsing the structure",
            note,
            [
                ("read the bytes — the floor", read_bytes, None),
                ("read + decode + normalise + parse", read_parse, floor_read),
            ],
        ),
        "",
        *table(
            "2. Segmentation and extraction",
            note,
            [
                ("jieba.lcut over the same texts — the floor", lcut, None),
                ("segmentation + extraction (targets, mentions)", extract, floor_cut),
            ],
        ),
    ]


def graph_stage(paths: Sequence[Path], target: int, runs: int) -> list[str]:
    """Stage 3: write about ``target`` triples from extracted documents (as many copies as
    needed, under new keys) as Turtle and N-Triples files, the way a build does (records to
    text, no graph held), beside Oxigraph serialising the same triples from its own terms."""
    import pyoxigraph as ox

    from graph.build import add_document
    from ontology.namespaces import PREFIXES
    from output.streams import NTriplesFile, TurtleFile
    from policykg.collection import collecting_rarely
    from policykg.config import BuildConfig
    from policykg.pipeline import read_plans

    documents, _ = read_plans(list(paths))

    def write(sink: NTriplesFile | TurtleFile) -> int:
        count = 0
        while sink.count < target:
            document = documents[count % len(documents)]
            add_document(sink, document, BuildConfig(key=f"bench-{count:05d}"))
            count += 1
        return count

    with tempfile.TemporaryDirectory() as directory:
        ttl_path, nt_path = Path(directory) / "graph.ttl", Path(directory) / "graph.nt"

        def turtle() -> None:
            with ttl_path.open("w", encoding="utf-8") as handle:
                sink = TurtleFile(handle)
                write(sink)
                sink.close()

        def ntriples() -> int:
            sink = NTriplesFile(nt_path)
            write(sink)
            sink.close()
            return sink.count

        triples = ntriples()  # untimed: the triples the floors serialise, and a warm start
        held = [q.triple for q in ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)]
        prefixes = {p: str(n) for p, n in PREFIXES.items()}
        floor_path = str(Path(directory) / "floor")

        def oxigraph_turtle() -> None:
            ox.serialize(held, floor_path, format=ox.RdfFormat.TURTLE, prefixes=prefixes)

        def oxigraph_ntriples() -> None:
            ox.serialize(held, floor_path, format=ox.RdfFormat.N_TRIPLES)

        with collecting_rarely():  # as a build's process collects (policykg/collection.py)
            ttl, floor_ttl, nt, floor_nt = interleaved(
                runs, turtle, oxigraph_turtle, ntriples, oxigraph_ntriples
            )
    FIGURES["turtle ratio"] = statistics.median(ttl) / statistics.median(floor_ttl)
    FIGURES["ntriples ratio"] = statistics.median(nt) / statistics.median(floor_nt)
    FIGURES["serialised triples"] = triples
    note = (
        f"{triples:,} triples: {len(documents)} generated plans extracted once, written again "
        "and again under new keys. policykg's figures include making every triple from the "
        "extracted records (walking them, minting IRIs, formatting literals): that is all a "
        "build does past 500,000 triples, where no graph is held (graph.ttl as the build "
        "writes it; N-Triples as a corpus build writes each plan for its store), with the "
        "cycle collector set as a build sets it (policykg/collection.py). The floor is "
        "Oxigraph serialising the same triples, held already as its own terms, to a file. "
        f"Median of {runs} runs, each of the four in turn in every round."
    )
    return table(
        f"3. Writing {triples:,} triples",
        note,
        [
            ("Oxigraph serialises the triples as Turtle — the floor", floor_ttl, None),
            ("policykg writes graph.ttl from the records", ttl, statistics.median(floor_ttl)),
            ("Oxigraph serialises the triples as N-Triples — the floor", floor_nt, None),
            ("policykg writes N-Triples from the records", nt, statistics.median(floor_nt)),
        ],
    )


def synthetic_plan(tasks: int, offices: int, seed: int = 7) -> str:
    """A plan of ``tasks`` tasks, each owned by one to three of ``offices`` offices."""
    rng = random.Random(seed)
    names = [f"第{i}处" for i in range(1, offices + 1)]
    lines = ["某市某局2025年重点工作任务分解", "一、全部任务"]
    for number in range(1, tasks + 1):
        lines += [f"{number}.任务{number}", f"目标任务:新建基地{number % 9 + 1}个。"]
        lines.append("责任处室:" + "、".join(rng.sample(names, rng.randint(1, 3))))
    return "\n".join(lines)


def map_stage(runs: int, sizes: Sequence[tuple[int, int]]) -> list[str]:
    """Stage 4: the map and the report of about 500 and 5,000 nodes, and the 5,000-node
    map's first render in headless Chromium."""
    from graph.model import PlanView
    from graph.network import MapView, ownership_network, view_network
    from graph.registers import office_register, target_register
    from graph.resolve import resolve_plan
    from output.map import render_map
    from output.report_page import render_report
    from policykg.config import BuildConfig
    from policykg.pipeline import read_plans

    def report(plans: list[PlanView]) -> str:
        return render_report(plans, "bench", office_register(plans), target_register(plans))

    rows: list[Row] = []
    notes = []
    with tempfile.TemporaryDirectory() as directory:
        for tasks, offices in sizes:
            source = Path(directory) / f"plan-{tasks}.txt"
            source.write_text(synthetic_plan(tasks, offices), encoding="utf-8")
            documents, _ = read_plans([source])
            plans = [resolve_plan(d, BuildConfig(issuer="某市某局")) for d in documents]
            network = view_network(ownership_network(plans), MapView("ownership"))
            nodes = network.number_of_nodes()
            drawn = (
                f"{tasks + offices:,} offices and tasks ({nodes:,} nodes with the hidden details)"
            )
            html = render_map(network, "bench", show_details=False)
            rows.append(
                (
                    f"map of {drawn}",
                    timed(partial(render_map, network, "bench", show_details=False), runs),
                    None,
                )
            )
            rows.append(
                (
                    f"report, {tasks:,} tasks",
                    timed(partial(report, plans), runs),
                    None,
                )
            )
            page = Path(directory) / f"map-{nodes}.html"
            page.write_text(html, encoding="utf-8")
            first = chromium_first_render(page, runs)
            if first is not None:
                FIGURES[f"first render {tasks + offices}"] = statistics.median(first)
            if first is not None:
                rows.append(
                    (
                        f"{tasks + offices:,}-node map in headless Chromium: open → first drawing",
                        first,
                        None,
                    )
                )
            else:
                notes.append("Chromium not found: first-render times skipped.")
    lines = table(
        "4. The map and the report",
        "Offices and tasks of a generated plan; rendering in this process (CPU time), and the "
        "page in Debian's headless Chromium (launch excluded; wall time: the browser is "
        f"another process). Median of {runs} runs. {' '.join(notes)}",
        rows,
    )
    # No floor here: the targets are absolute (the 5,000-node map interactive within 3 s).
    return [line.replace(" × floor |", " |").replace("| floor |", "| |") for line in lines]


def chromium_first_render(page: Path, runs: int) -> list[float] | None:
    """Seconds from opening the page to the first frame drawn after the network exists."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        return None
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(runs):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            tab.goto(page.as_uri())
            tab.wait_for_function("typeof network !== 'undefined'", timeout=120_000)
            tab.evaluate("() => new Promise(r => requestAnimationFrame(() => r(1)))")
            times.append(time.perf_counter() - started)
            tab.close()
        browser.close()
    return times
