"""Stage 8 of the benchmark: the paths that once grew faster than their input (issue 17),
each timed at two sizes in this process."""

from __future__ import annotations

import random
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from stages import FIGURES, Row, table, timed


def growth_stage(quick: bool) -> list[str]:
    """Stage 8: the paths that once grew faster than their input (issue 17), each at two
    sizes: a heading padded with spaces (parse), one task listing many units (the map's
    layout), two long drafts compared (the matching of diff), and validation of one plan and
    of several. The last column is how much more time the larger size took for how much
    more input: near 1 is linear."""
    from make_corpus import write_corpus

    from extract.details import extract_details
    from extract.reading import decode_document
    from extract.segmentation import Segmenter
    from extract.structure import parse_plan
    from graph.comparison import compare_plans
    from graph.layout import large_layout
    from graph.network import MapView, ownership_network, view_network
    from graph.query import load_graph
    from graph.resolve import resolve_plan
    from graph.validation import validate
    from policykg.config import BuildConfig
    from policykg.pipeline import build

    config = BuildConfig(issuer="某市某局")
    spaces = (20_000, 100_000) if quick else (50_000, 250_000)
    units = (1_000, 2_500) if quick else (1_000, 5_000)
    tasks = (100, 300) if quick else (200, 800)
    plans = (1, 2) if quick else (1, 4)
    # Imported before the clock starts: their loading is not the matching.
    import scipy.optimize
    import scipy.sparse  # noqa: F401

    def padded(size: int) -> Callable[[], object]:
        pad = " " * size
        text = (
            f"某市某局2025年工作要点{pad}x\n一、全部任务{pad}x\n1.推进建设{pad}x\n责任处室:第1处\n"
        )
        normalised = decode_document(text.encode(), "padded").text
        return lambda: parse_plan(normalised)

    def listed(count: int) -> Callable[[], object]:
        names = "、".join(f"第{i}处" for i in range(1, count + 1))
        text = f"某市某局2025年工作要点\n一、全部任务\n1.推进建设\n责任处室:{names}\n"
        plan = resolve_plan(extract_details(parse_plan(text)), config)
        network = view_network(ownership_network([plan]), MapView("ownership"))
        return lambda: large_layout(network)

    segmenter = Segmenter()

    def compared(count: int) -> Callable[[], object]:
        old, new = (
            resolve_plan(extract_details(parse_plan(text)), config)
            for text in comparison_plans(count)
        )
        return lambda: compare_plans(old, new, lambda t: [w.word for w in segmenter.tokens(t)])

    with tempfile.TemporaryDirectory() as directory:
        corpus = write_corpus(Path(directory) / "plans", max(plans), seed=5)

        def validated(count: int) -> Callable[[], object]:
            out = Path(directory) / f"out-{count}"
            build(corpus[:count], out, config)
            graph = load_graph(out)
            return lambda: validate(graph)

        cases = [
            ("a plan with three lines padded with {:,} spaces: parse", padded, spaces),
            ("one task listing {:,} units: the map's layout", listed, units),
            ("two drafts of {:,} tasks: diff's matching", compared, tasks),
            ("a graph of {:,} generated plan(s): validate", validated, plans),
        ]
        rows: list[Row] = []
        for label, make, (small, large) in cases:
            times = [statistics.median(timed(make(size), 1)) for size in (small, large)]
            growth = (times[1] / times[0]) / (large / small) if times[0] > 0 else 0.0
            FIGURES[f"growth {label.format(large)}"] = growth
            rows.append((label.format(small), [times[0]], None))
            rows.append(
                (f"{label.format(large)} (growth per size: {growth:.2f})", [times[1]], None)
            )
    lines = table(
        "8. Paths that grew faster than their input",
        "Each at two sizes, one run each, in this process. Before issue 17: three lines "
        "padded with 100,000 spaces took over 120 s to build; one task of 5,000 units 101 s "
        "and 3 GB (the layout); two 800-task drafts 197 s to compare; validation of 4 plans "
        "148 s.",
        rows,
    )
    return [line.replace(" × floor |", " |").replace("| floor |", "| |") for line in lines]


def comparison_plans(tasks: int, seed: int = 7) -> tuple[str, str]:
    """Two drafts of a plan of ``tasks`` tasks for ``policykg diff``, drawn from the
    example's tasks (so that many tasks are alike, as the commitments of a long plan are:
    the worst case for matching them), the later one with a tenth of the tasks dropped, a
    tenth added and every number of the expected results varied."""
    from make_corpus import EXAMPLE, Block, office_pool, task_pool, task_text

    rng = random.Random(seed)
    _, pool = task_pool(EXAMPLE.read_text(encoding="utf-8"))
    offices = office_pool(pool)
    first = [rng.choice(pool) for _ in range(tasks)]
    second = []
    for index, block in enumerate(first):
        if index % 10 != 3:
            second.append(block)
        if index % 10 == 7:
            second.append(rng.choice(pool))

    def plan(year: int, blocks: list[Block]) -> str:
        lines = [f"某市教育局{year}年工作要点", "一、全部任务"]
        for number, block in enumerate(blocks, start=1):
            lines += task_text(number, block, rng, offices)
        return "\n".join(lines)

    return plan(2025, first), plan(2026, second)
