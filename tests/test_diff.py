"""policykg diff on a pair made from a real plan: every change reported, and nothing else."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from graph.build import build_graph
from graph.plan_diff import ChangeKind, PlanDiff
from graph.query import run_query
from graph.store import PlanStore
from policykg.cli import app
from policykg.config import BuildConfig
from policykg.pipeline import build, diff_plans, read_plans

from .conftest import EXAMPLE

NUMERALS = "一二三四五六七八九十"
SECTION = re.compile(rf"^[{NUMERALS}]+、")
TASK = re.compile(r"^\d+\.")
ADDED_TASK = [
    "99.建设教育系统数据安全防护体系",
    "问题描述:教育数据分散存储,安全防护能力参差不齐,数据泄露风险仍然存在。",
    "目标任务:建立全市教育数据分级分类保护制度,提升教育系统网络与数据安全水平。",
    "预期成果:完成全市中小学数据安全等级保护测评,开展数据安全攻防演练2次。",
    "工作措施:制定教育数据分级分类目录,部署统一安全监测平台,组织专项演练和培训。",
    "责任处室:科信处、校安处",
]


def next_year_plan(text: str) -> str:
    """The example edited the way next year's plan would be: a new year, task 3 dropped, a
    task added, the school-places target raised, an office added to task 5, and the last two
    sections swapped, every section and task renumbered in print order."""
    text = text.replace("印发2024年工作要点", "印发2025年工作要点")
    text = text.replace("新增中小学位1.2万个", "新增中小学位1.5万个")
    text = text.replace(
        "责任处室:体艺劳处、基教处、校安处、教研室\n",
        "责任处室:体艺劳处、基教处、校安处、教研室、人事处\n",
    )
    preamble: list[str] = []
    sections: list[list[str]] = []
    for line in text.split("\n"):
        if SECTION.match(line):
            sections.append([line])
        elif sections:
            sections[-1].append(line)
        else:
            preamble.append(line)
    sections = [_without_task(section, "3.") for section in sections]
    sections[-1] += ADDED_TASK
    sections[-2], sections[-1] = sections[-1], sections[-2]
    lines, number = list(preamble), 0
    for index, section in enumerate(sections):
        lines.append(SECTION.sub(NUMERALS[index] + "、", section[0]))
        for line in section[1:]:
            if TASK.match(line):
                number += 1
            lines.append(TASK.sub(f"{number}.", line))
    return "\n".join(lines)


def _without_task(section: list[str], number: str) -> list[str]:
    kept, skipping = [], False
    for line in section:
        if TASK.match(line):
            skipping = line.startswith(number)
        if not skipping:
            kept.append(line)
    return kept


EDITED = EXAMPLE.with_name("ningbo-edu-2025-edited.txt")  # the README's diff example


@pytest.fixture(scope="module")
def pair() -> tuple[Path, Path]:
    return EXAMPLE, EDITED


def test_the_shipped_edited_example_is_the_example_edited_as_here() -> None:
    assert EDITED.read_text(encoding="utf-8") == next_year_plan(EXAMPLE.read_text("utf-8"))


@pytest.fixture(scope="module")
def compared(pair: tuple[Path, Path]) -> tuple[PlanDiff, Graph]:
    return diff_plans(*pair, BuildConfig())


def test_the_edited_copy_really_renumbers_sections_and_tasks(pair: tuple[Path, Path]) -> None:
    text = pair[1].read_text(encoding="utf-8")
    assert "九、维护教育系统和谐稳定" in text
    assert "十、推进实施教育惠民工程" in text
    assert "29.高质量做好民生实事项目" in text  # task 26 of 2024


def test_each_change_is_reported_and_nothing_else(compared: tuple[PlanDiff, Graph]) -> None:
    diff, _ = compared
    assert [c.describe() for c in diff.changes] == [
        "删除任务3「打造学校基层党组织建设品牌」",
        "任务4「建成体艺劳教育贯通式培养机制」:增加责任单位 人事处",
        "新增任务28「建设教育系统数据安全防护体系」",
        "任务29「高质量做好民生实事项目」:目标提高 中小学位 1.2万个 → 1.5万个",
    ]
    assert diff.continued == 30
    raised = next(c for c in diff.changes if c.kind is ChangeKind.TARGET_RAISED)
    assert raised.old_target is not None
    assert raised.new_target is not None
    assert (raised.old_target.level, raised.new_target.level) == (Decimal(12000), Decimal(15000))
    assert raised.old_task is not None
    assert raised.new_task is not None
    assert (raised.old_task.number, raised.new_task.number) == ("26", "29")


def test_continued_tasks_pair_across_the_renumbering(compared: tuple[PlanDiff, Graph]) -> None:
    diff, _ = compared
    pairs = {
        (p.old.number, p.new.number) for p in diff.pairs if p.old is not None and p.new is not None
    }
    # 2024's section 九 (tasks 26-28) now stands last as 十 (29-31); 十 (29-31) is 九 (25-27).
    assert {("26", "29"), ("28", "31"), ("29", "25"), ("31", "27"), ("4", "3")} <= pairs
    assert all(p.similarity > 0.9 for p in diff.pairs if p.old is not None and p.new is not None)


def test_the_comparison_is_rdf_that_answers_sparql(
    compared: tuple[PlanDiff, Graph], pair: tuple[Path, Path]
) -> None:
    _, triples = compared
    plans = read_plans(list(pair))[0]
    graph = triples + build_graph(plans, BuildConfig())
    rows = run_query(
        graph,
        "SELECT ?title ?old ?new WHERE { ?c a pk:TargetRaised ; pk:newTask ?t ; "
        "pk:oldValue ?old ; pk:newValue ?new . ?t skos:prefLabel ?title }",
    ).rows
    assert [tuple(str(x) for x in r) for r in rows] == [
        ("高质量做好民生实事项目", "12000", "15000")
    ]
    continues = run_query(
        graph,
        "SELECT (COUNT(*) AS ?n) WHERE { ?new pk:continues ?old . "
        "?new skos:prefLabel ?l . ?old skos:prefLabel ?l }",
    ).rows
    assert str(continues[0][0]) == "30"


SMALL_PLAN = """某市卫生健康委员会{year}年工作要点
一、提升医疗服务能力
1.推进紧密型城市医疗集团建设
目标任务:组建城市医疗集团{groups}个,实现网格化布局全覆盖。
牵头单位:{lead}
配合单位:{support}
2.加强基层医疗卫生服务
目标任务:推进社区医院建设,提升基层首诊能力。
牵头单位:基层处
"""


def test_a_lead_change_is_reported_where_the_plan_names_leads(tmp_path: Path) -> None:
    old, new = tmp_path / "2024.txt", tmp_path / "2025.txt"
    old.write_text(SMALL_PLAN.format(year=2024, groups=3, lead="医政处", support="规划处"), "utf-8")
    new.write_text(SMALL_PLAN.format(year=2025, groups=2, lead="规划处", support="医政处"), "utf-8")
    diff, _ = diff_plans(old, new, BuildConfig())
    assert [c.describe() for c in diff.changes] == [
        "任务1「推进紧密型城市医疗集团建设」:牵头单位 医政处 → 规划处",
        "任务1「推进紧密型城市医疗集团建设」:目标降低 城市医疗集团 3个 → 2个",
    ]


def test_the_html_view_sets_the_plans_side_by_side(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "diff.html"
    result = CliRunner().invoke(
        app, ["diff", str(pair[0]), str(pair[1]), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.count('<tr class="same">') == 28
    assert html.count('<tr class="changed">') == 2
    assert html.count('<tr class="added">') == 1
    assert html.count('<tr class="dropped">') == 1
    assert '<span class="unit-added">人事处</span>' in html
    assert '<span class="TargetRaised">中小学位 1.5万个</span>' in html
    assert "<script" not in html


def test_json_lists_rows_and_changes(pair: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(app, ["diff", str(pair[0]), str(pair[1]), "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["summary"]["continued"] == 30
    assert document["summary"]["TaskAdded"] == document["summary"]["TaskDropped"] == 1
    assert len(document["rows"]) == 32


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "pdf"],
            "Error: unknown format 'pdf'; choose one of: table, html, json, ttl\n",
        ),
        (["--threshold", "0"], "Error: --threshold must be above 0 and at most 1\n"),
    ],
)
def test_bad_options_are_one_clear_error(
    pair: tuple[Path, Path], args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["diff", str(pair[0]), str(pair[1]), *args])
    assert (result.exit_code, result.stderr) == (1, message)


def test_a_plan_compared_with_itself_is_refused() -> None:
    result = CliRunner().invoke(app, ["diff", str(EXAMPLE), str(EXAMPLE)])
    assert result.exit_code == 1
    assert "are the same plan" in result.stderr


def test_two_plans_in_a_store_are_compared_by_their_keys(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    build(list(pair), tmp_path / "out", BuildConfig(), store_dir=store)
    keys = select_keys(store)
    assert [k[:4] for k in keys] == ["2024", "2025"]
    result = CliRunner().invoke(app, ["diff", *keys, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert (summary["continued"], summary["TaskAdded"], summary["TargetRaised"]) == (30, 1, 1)
    missing = CliRunner().invoke(app, ["diff", keys[0], "1999-x", "--store", str(store)])
    assert missing.exit_code == 1
    assert f"no plan with key '1999-x'; its plans: {keys[0]}, {keys[1]}" in missing.stderr


def select_keys(store: Path) -> list[str]:
    plans = PlanStore(store, writable=False)
    try:
        rows = plans.query("SELECT ?k WHERE { ?p a pk:WorkPlan ; dcterms:identifier ?k }").rows
    finally:
        plans.close()
    return sorted(str(row[0]) for row in rows)
