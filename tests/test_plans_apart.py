"""Several plans in one build stay apart: every row names its plan and issuer, two bureaus'
办公室 are two offices in every count, and each plan has a report of its own beside the overview.

Two small plans of our own (tests/data/explorer): a city's culture bureau and another city's
sports bureau, each with an office named 办公室.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graph.matrix import load_matrix, plan_matrix
from graph.named import named_query
from graph.query import load_graph, run_query
from graph.readback import plans_of_graph
from graph.registers import office_register, office_totals
from policykg.config import BuildConfig
from policykg.errors import InputError
from policykg.pipeline import BuildResult, build

from .conftest import DATA

PLANS = DATA / "explorer"
ZHUHAI = ("珠海市文化广电旅游体育局2025年工作要点", "珠海市文化广电旅游体育局")
LANZHOU = ("兰州市体育局2024年工作要点", "兰州市体育局")


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([PLANS], tmp_path_factory.mktemp("two") / "out", BuildConfig())


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_two_bureaus_offices_of_one_name_are_two_rows_each_with_its_plan_and_issuer(
    two: BuildResult,
) -> None:
    found = [r for r in rows(two.graph_path.parent / "ownership.csv") if r["office"] == "办公室"]
    assert sorted((r["plan"], r["issuer"], r["tasks_total"], r["tasks"]) for r in found) == [
        (*LANZHOU, "2", "1 2"),
        (*ZHUHAI, "2", "1 2"),
    ]
    targets = rows(two.graph_path.parent / "targets.csv")
    assert {(r["plan"], r["issuer"]) for r in targets} == {LANZHOU, ZHUHAI}


def test_the_matrices_and_totals_key_offices_by_iri_not_by_name(two: BuildResult) -> None:
    plans = plans_of_graph(load_graph(two.graph_path))
    by_plan = plan_matrix(plans)
    offices = [row for row in by_plan.offices if row.name == "办公室"]
    assert sorted(row.issuer for row in offices) == [LANZHOU[1], ZHUHAI[1]]
    assert [[by_plan.count(row.key, str(i)) for i in range(2)] for row in offices] in (
        [[2, 0], [0, 2]],
        [[0, 2], [2, 0]],
    )
    sections = load_matrix(plans)
    assert sum(1 for row in sections.offices if row.name == "办公室") == 2
    totals = [t for t in office_totals(office_register(plans)) if t.office == "办公室"]
    assert sorted((t.issuer, t.total) for t in totals) == [(LANZHOU[1], 2), (ZHUHAI[1], 2)]


def test_the_named_office_load_counts_each_bureaus_office_apart(two: BuildResult) -> None:
    graph = load_graph(two.graph_path)
    found = [
        tuple(str(cell) for cell in row)
        for row in run_query(graph, named_query("office-load").text).rows
    ]
    assert [r[:4] for r in found if r[2] == "办公室"] == [
        (*LANZHOU, "办公室", "2"),
        (*ZHUHAI, "办公室", "2"),
    ]


def test_the_overview_lists_each_plan_and_each_plan_has_a_report_of_its_own(
    two: BuildResult,
) -> None:
    out = two.graph_path.parent
    overview = (out / "report.html").read_text(encoding="utf-8")
    own = sorted(p.name for p in out.glob("report-*.html"))
    assert len(own) == 2
    assert sorted(re.findall(r'<td><a href="(report-[^"]+\.html)">', overview)) == own
    assert "<h1>兰州市体育局、珠海市文化广电旅游体育局 · 2 份计划</h1>" in overview
    assert '<option value="report.html" selected>全部 2 份计划 (总览)</option>' in overview
    offices = overview.split('<table class="sortable" id="offices">')[1].split("</table>")[0]
    assert offices.count("<td>办公室</td>") == 2
    for name in own:
        page = (out / name).read_text(encoding="utf-8")
        (title,) = re.findall(r"<h1>(.*?)</h1>", page)
        assert title in (LANZHOU[0], ZHUHAI[0])
        sections = page.split('<table id="matrix">')[1].split("</tr>")[0]
        # Only the plan's own sections are columns: 一 and 二 for the culture plan, 一 for sports.
        expected = ["一", "二"] if title == ZHUHAI[0] else ["一"]
        assert re.findall(r'<th title="[^"]*">(.*?)</th>', sections) == expected
        assert f"selected>{LANZHOU[1] if title == LANZHOU[0] else ZHUHAI[1]} · {title}<" in page


def test_a_build_of_one_plan_removes_the_reports_of_plans_it_no_longer_holds(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    build([PLANS], out, BuildConfig())
    assert len(list(out.glob("report-*.html"))) == 2
    # A build's outputs, the plans' reports among them, are never read as plans.
    with pytest.raises(InputError, match="is a directory with no document in it"):
        build([tmp_path], tmp_path / "other", BuildConfig())
    build([PLANS / "lanzhou-sport-2024.txt"], out, BuildConfig())
    assert list(out.glob("report-*.html")) == []
    assert "<h1>兰州市体育局2024年工作要点</h1>" in (out / "report.html").read_text(
        encoding="utf-8"
    )
