"""Deadlines of every task and target: stated (a 完成时限 field or cell, a dated target) or
implied by the period the plan's title names, marked as implied; and what is due by a day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph

from graph.emit import write_plan
from graph.model import DeadlineView, PlanView
from graph.named import named_query
from graph.query import run_query
from graph.resolve import resolve_plan
from graph.triples import GraphSink
from ontology.iris import IriMinter
from ontology.namespaces import bind_prefixes
from policykg.config import BuildConfig
from policykg.errors import InputError
from policykg.pipeline import read_plans

from .conftest import CORPUS, DATA, EXAMPLE

DEADLINES = DATA / "deadlines"


def model_of(path: Path) -> PlanView:
    (document,), _ = read_plans([path])
    return resolve_plan(document, BuildConfig())


def deadlines(plan: PlanView) -> list[tuple[str, str, str, bool]]:
    """Each task's deadline and then its targets': (task, what, day, implied)."""
    rows = []
    for task in plan.tasks:
        for what, deadline in [
            ("task", task.deadline),
            *((t.span.quote, t.deadline) for t in task.targets),
        ]:
            assert deadline is not None, (task.number, what)
            rows.append((task.number, what, deadline.day.isoformat(), deadline.implied))
    return rows


def due_by(plan: PlanView, day: str) -> list[tuple[str, ...]]:
    """The rows of the due-by query over the plan's graph: task, kind, due, words, implied."""
    graph = bind_prefixes(Graph())
    write_plan(GraphSink(graph), plan, IriMinter(BuildConfig().base))
    query = named_query("due-by")
    result = run_query(graph, query.text, query.bindings({"date": day}))
    columns = ("task", "kind", "due", "deadline", "implied")
    index = [result.columns.index(c) for c in columns]
    return [tuple(str(row[i]) for i in index) for row in result.rows]


def test_every_task_and_target_of_the_example_is_due_at_the_end_of_its_year_implied() -> None:
    plan = model_of(EXAMPLE)
    assert plan.deadline == DeadlineView(date(2024, 12, 31), "2024年")
    year_end = DeadlineView(date(2024, 12, 31), "2024年", implied=True)
    targets = [t for task in plan.tasks for t in task.targets] + list(plan.targets)
    assert len(plan.tasks) == 31
    assert len(targets) == 119
    assert {task.deadline for task in plan.tasks} == {year_end}
    assert {target.deadline for target in targets} == {year_end}


def test_a_plan_for_several_years_implies_the_end_of_its_last_and_stated_ones_stay() -> None:
    plan = model_of(DEADLINES / "jiaxing-water-2024-2026-period.txt")
    assert plan.deadline == DeadlineView(date(2026, 12, 31), "2024—2026年")
    assert deadlines(plan) == [
        ("1", "task", "2026-12-31", True),
        ("1", "完成海塘加固20公里", "2026-12-31", True),
        ("2", "task", "2026-12-31", True),
        ("2", "到2025年底建成数字孪生水网平台1个", "2025-12-31", False),  # its own words
        ("3", "task", "2025-06-30", False),  # 完成时限:2025.6
        ("3", "创建节水型企业30家", "2025-06-30", True),  # its task's
    ]
    assert plan.tasks[2].targets[0].deadline == DeadlineView(date(2025, 6, 30), "2025.6", True)


def test_deadlines_without_their_year_are_in_the_plans_year() -> None:
    plan = model_of(DEADLINES / "county-agri-2025-yearless.txt")
    assert plan.deadline == DeadlineView(date(2025, 12, 31), "2025年")  # a title of no kind word
    assert [(t.number, t.deadline) for t in plan.tasks] == [
        ("1", DeadlineView(date(2025, 6, 30), "6月底前")),
        ("2", DeadlineView(date(2025, 9, 30), "第三季度")),
        ("3", DeadlineView(date(2025, 12, 31), "年底前")),
        ("4", DeadlineView(date(2025, 12, 31), "2025年", implied=True)),  # 长期坚持: no day
    ]
    assert [t.deadline for t in plan.tasks[1].targets] == [
        DeadlineView(date(2025, 9, 30), "第三季度", implied=True)
    ]


def test_a_plan_with_no_year_in_its_title_is_due_by_the_horizon_its_opening_gives() -> None:
    plan = model_of(DEADLINES / "county-health-horizon-opening.txt")
    assert plan.deadline == DeadlineView(date(2023, 12, 31), "2021年开始,力争用三年左右时间")
    assert deadlines(plan) == [
        ("1", "task", "2023-12-31", True),
        ("1", "新建社区卫生服务中心12家", "2023-12-31", True),
        ("2", "task", "2023-12-31", True),
        ("2", "2022年底前培训全科医生200名", "2022-12-31", False),  # its own words
    ]


def test_a_horizon_outside_the_opening_is_no_period_of_the_plan() -> None:
    plan = model_of(DEADLINES / "county-health-horizon-late.txt")
    assert plan.deadline is None
    assert [t.deadline for t in plan.tasks] == [None, None]


def test_the_guangzhou_talent_plan_is_due_by_the_end_of_its_five_years() -> None:
    plan = model_of(CORPUS / "guangzhou-talent-project-2012.txt")
    assert plan.deadline == DeadlineView(date(2016, 12, 31), "2012年起5年内")
    targets = [t for task in plan.tasks for t in task.targets] + list(plan.targets)
    assert len(targets) == 63
    assert {t.deadline for t in targets} == {
        DeadlineView(date(2016, 12, 31), "2012年起5年内", implied=True)
    }


def test_deadline_cells_of_a_table_go_to_their_rows_tasks() -> None:
    plan = model_of(DEADLINES / "qingdao-market-2024-table.txt")
    assert [(t.number, t.deadline) for t in plan.tasks] == [
        ("1", DeadlineView(date(2024, 6, 30), "6月底前")),
        ("2", DeadlineView(date(2024, 9, 30), "三季度末")),
        ("3", DeadlineView(date(2024, 11, 30), "2024年11月")),
        ("4", DeadlineView(date(2024, 12, 31), "年内")),
    ]


def test_due_by_answers_with_stated_and_implied_deadlines_up_to_the_day() -> None:
    plan = model_of(DEADLINES / "county-agri-2025-yearless.txt")
    assert due_by(plan, "2025-06-30") == [
        ("1", "task", "2025-06-30", "6月底前", "false"),
        ("1", "target", "2025-06-30", "6月底前", "true"),
    ]
    assert due_by(plan, "2025-09-29") == due_by(plan, "2025-06-30")
    assert [row[:2] for row in due_by(plan, "2025-12-31")] == [
        ("1", "task"),
        ("1", "target"),
        ("2", "task"),
        ("2", "target"),
        ("3", "task"),
        ("4", "task"),
    ]
    assert due_by(plan, "2025-06-29") == []


def test_due_by_names_each_tasks_offices_and_its_lead() -> None:
    graph = bind_prefixes(Graph())
    plan = model_of(DEADLINES / "county-agri-2025-yearless.txt")
    write_plan(GraphSink(graph), plan, IriMinter(BuildConfig().base))
    query = named_query("due-by")
    result = run_query(graph, query.text, query.bindings({"date": "2025-09-30"}))
    columns = [result.columns.index(c) for c in ("task", "kind", "lead", "offices")]
    found = [tuple(str(row[i]) for i in columns) for row in result.rows]
    assert [
        (task, kind, lead, set(offices.split("、"))) for task, kind, lead, offices in found
    ] == [
        ("1", "task", "种植业股", {"种植业股"}),
        ("1", "target", "种植业股", {"种植业股"}),
        ("2", "task", "农田建设股", {"农田建设股", "县财政局"}),
        ("2", "target", "农田建设股", {"农田建设股", "县财政局"}),
    ]


def test_due_by_takes_a_day_written_as_an_iso_date_only() -> None:
    query = named_query("due-by")
    with pytest.raises(InputError, match=r"not a day; write it as YYYY-MM-DD"):
        query.bindings({"date": "2025年6月30日"})
    with pytest.raises(InputError, match=r"not a day"):
        query.bindings({"date": "2025-02-30"})


def test_the_report_page_groups_targets_by_the_day_they_are_due(tmp_path: Path) -> None:
    from policykg.pipeline import build

    build([DEADLINES / "jiaxing-water-2024-2026-period.txt"], tmp_path, BuildConfig())
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert (
        '<ul id="deadlines"><li>2025-06-30: 1 项指标 (其中 1 项时限随任务或计划)</li>'
        "<li>2025-12-31: 1 项指标</li>"
        "<li>2026-12-31: 1 项指标 (其中 1 项时限随任务或计划)</li></ul>"
    ) in page
