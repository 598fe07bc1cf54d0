"""The reviewer loop: a plan exported as a 任务分工表, corrected by an office in Excel (here with
openpyxl, as a spreadsheet program saves it), compared with the plan by ``policykg diff``, and
built into the corrected plan."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from output.exports import write_export
from policykg.cli import app
from policykg.config import BuildConfig
from policykg.pipeline import diff_plans
from policykg.sources import built_graph, one_plan, plans_of

from .conftest import CORPUS, EXAMPLE
from .test_xlsx_input import facts

PLAN = CORPUS / "guowuyuan-employment-2018.txt"
LEAD, UNSPECIFIED = (f"https://w3id.org/policykg/ns#{r}" for r in ("LeadRole", "UnspecifiedRole"))
HRSS, FINANCE, CIVIL = "人力资源和社会保障部", "财政部", "民政部"
TITLE = "国务院关于做好当前和今后一个时期促进就业工作的若干意见"


def exported(plan: Path, tmp_path: Path) -> Path:
    workbook = tmp_path / f"{plan.stem}.xlsx"
    write_export(plans_of(plan), "xlsx", workbook)
    return workbook


def corrected(workbook: Path, reviewed: Path) -> None:
    """Three corrections, as an office makes them in the 任务分工表 sheet: task 六's lead is
    财政部 (人社部 stays, among the units), task 九 gains 民政部, and task 一's refund is 60%."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["任务分工表"]
    header = [cell.value for cell in sheet[2]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3) if row[1].value}

    def cell(task: str, column: str) -> openpyxl.cell.cell.Cell:
        return rows[task][header.index(column)]

    assert (cell("六", "责任单位").value, cell("六", "牵头单位").value) == (FINANCE, HRSS)
    cell("六", "责任单位").value, cell("六", "牵头单位").value = HRSS, FINANCE
    cell("九", "责任单位").value += f"、{CIVIL}"
    target = cell("一", "目标指标")
    assert "失业保险费的50%" in target.value
    target.value = target.value.replace("失业保险费的50%", "失业保险费的60%")
    book.save(reviewed)


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp_path = tmp_path_factory.mktemp("loop")
    workbook = exported(PLAN, tmp_path)
    reviewed = tmp_path / "reviewed.xlsx"
    corrected(workbook, reviewed)
    return workbook, reviewed


def test_diff_reports_the_three_corrections_and_nothing_else(loop: tuple[Path, Path]) -> None:
    diff, _ = diff_plans(PLAN, loop[1], BuildConfig())
    assert [c.describe() for c in diff.changes] == [
        "任务一「加大稳岗支持力度」:目标提高 可返还其上年度实际缴纳失业保险费 50% → 60%",
        f"任务六「支持困难企业开展职工在岗培训」:牵头单位 {HRSS} → {FINANCE}",
        f"任务九「实行失业登记常住地服务」:增加责任单位 {CIVIL}",
    ]
    assert diff.continued == 15
    assert diff.new.title == diff.old.title == TITLE


def test_the_diff_command_lists_the_corrections(loop: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(app, ["diff", str(PLAN), str(loop[1]), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert {kind: n for kind, n in summary.items() if n} == {
        "UnitAdded": 1,
        "LeadChanged": 1,
        "TargetRaised": 1,
        "continued": 15,
    }


def test_the_workbook_as_exported_differs_from_the_plan_in_nothing(
    loop: tuple[Path, Path],
) -> None:
    diff, _ = diff_plans(PLAN, loop[0], BuildConfig())
    assert diff.changes == ()
    assert diff.continued == 15


def test_the_corrected_workbook_builds_into_the_corrected_plan(loop: tuple[Path, Path]) -> None:
    before = facts(built_graph(PLAN, BuildConfig()))
    after = facts(built_graph(loop[1], BuildConfig()))
    expected = {name: Counter(rows) for name, rows in before.items()}
    expected["leads"] -= Counter({("六", HRSS): 1})
    expected["leads"] += Counter({("六", FINANCE): 1})
    expected["roles"] -= Counter({("六", FINANCE, UNSPECIFIED): 1, ("六", HRSS, LEAD): 1})
    expected["roles"] += Counter({("六", HRSS, UNSPECIFIED): 1, ("六", FINANCE, LEAD): 1})
    expected["units"] += Counter({("九", CIVIL): 1})
    expected["roles"] += Counter({("九", CIVIL, UNSPECIFIED): 1})
    (refund,) = [t for t in before["targets"] if t[0] == "一" and t[3] == "50" and "返还" in t[1]]
    expected["targets"] -= Counter({refund: 1})
    expected["targets"] += Counter({(*refund[:3], "60", *refund[4:]): 1})
    assert after == expected


def test_a_task_the_workbook_gives_only_its_title_matches_the_task_of_the_full_text(
    tmp_path: Path,
) -> None:
    # Five of the example's tasks state no target: their rows read back as a title alone,
    # too few of their paragraphs' words for the texts to match (15 and 23 fell below the
    # threshold, dropped and added again). Their titles do.
    workbook = exported(EXAMPLE, tmp_path)
    bare = [t for t in one_plan(workbook, BuildConfig()).tasks if not t.targets]
    assert [t.number for t in bare] == ["15", "20", "23", "25", "27"]
    diff, _ = diff_plans(EXAMPLE, workbook, BuildConfig())
    assert diff.changes == ()
    pairs = {(p.old.number, p.new.number): p.similarity for p in diff.pairs if p.old and p.new}
    assert len(pairs) == 31
    assert all(pairs[n, n] == pytest.approx(1.0) for n in ("15", "20", "23", "25", "27"))
