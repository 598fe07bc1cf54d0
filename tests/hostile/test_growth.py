"""The paths that grew faster than their input now grow with it: headings padded with spaces,
a task listing thousands of units, long drafts compared, many plans validated."""

from __future__ import annotations

import random
import time
from pathlib import Path

import networkx as nx
from rdflib import Graph

from extract.structure import parse_plan
from graph.similarity import assignment, cosine
from graph.validation import plan_graphs, validate
from policykg.config import BuildConfig
from policykg.pipeline import build

from ..conftest import DATA
from .bounded import run_policykg

PLANS = sorted((DATA / "plans").glob("*.txt"))


def test_headings_padded_with_200000_spaces_parse_in_linear_time() -> None:
    pad = " " * 200_000
    text = f"某市教育局2024年工作要点{pad}x\n一、加强党的建设{pad}x\n1.深化主题教育成果{pad}x\n"
    started = time.perf_counter()
    document = parse_plan(text + "责任处室:组织处\n")
    assert time.perf_counter() - started < 3  # a lazy .*? before \s*$ took minutes
    assert [task.title.text for task in document.tasks] == ["深化主题教育成果" + pad + "x"]
    assert document.sections[0].title.text == "加强党的建设" + pad + "x"


def test_a_task_listing_5000_units_builds_in_bounded_time_and_memory(tmp_path: Path) -> None:
    names = "、".join(f"第{i}号办公室" for i in range(1, 5001))
    plan = tmp_path / "units.txt"
    plan.write_text(
        f"某市教育局2024年工作要点\n一、加强党的建设\n1.深化主题教育成果\n目标任务:巩固成果。\n"
        f"责任处室:{names}\n2.推进教育数字化\n目标任务:建设平台。\n责任处室:第1号办公室、第2号办公室\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    done = run_policykg("build", plan, "--out", tmp_path / "out", memory=800 << 20, seconds=90)
    assert done.code == 0, done.stderr
    assert "5000 offices" in done.stdout
    assert time.perf_counter() - started < 60  # 141 s and 3.4 GB before


def test_diff_matching_is_a_maximum_matching_and_scales() -> None:
    rng = random.Random(3)
    words = [f"w{n}" for n in range(60)]

    def vector() -> dict[str, float]:
        chosen = rng.sample(words, 6)
        return {w: 1 / len(chosen) ** 0.5 for w in chosen}

    old, new = [vector() for _ in range(60)], [vector() for _ in range(60)]
    pairs = assignment(old, new, 0.3)
    reference = nx.Graph()
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            if cosine(a, b) >= 0.3:
                reference.add_edge(("old", i), ("new", j), weight=cosine(a, b))
    best = sum(reference[a][b]["weight"] for a, b in nx.max_weight_matching(reference))
    assert abs(sum(cosine(old[i], new[j]) for i, j in pairs) - best) < 1e-9
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    # 2,000 × 2,000 tasks sharing their words widely: the cubic matching took hours.
    big_old, big_new = [vector() for _ in range(2000)], [vector() for _ in range(2000)]
    started = time.perf_counter()
    assert len(assignment(big_old, big_new, 0.5)) > 500
    assert time.perf_counter() - started < 30


def test_plans_are_validated_one_by_one_with_the_same_findings(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(PLANS[:3], out, BuildConfig())
    graph = Graph().parse(out / "graph.ttl")
    parts = list(plan_graphs(graph))
    assert len(parts) == 4  # three plans and the nodes they share
    assert set().union(*(set(part) for part in parts)) == set(graph)
    whole = validate(graph)
    alone = [validate(Graph().parse(_single(path, tmp_path))) for path in PLANS[:3]]
    assert whole.conforms
    assert set(whole.findings) == {f for report in alone for f in report.findings}


def _single(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / path.stem
    build([path], out, BuildConfig())
    return out / "graph.ttl"
