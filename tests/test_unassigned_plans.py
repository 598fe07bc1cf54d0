"""Plans that assign nothing: their numbered measures under the parts that commit to action
are tasks with no unit, and the pages say that the plan names no responsible units."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build

from .conftest import CORPUS, DATA, parse_file

PROVINCE = DATA / "plans" / "province-digital-2025-no-units.txt"
CITY = DATA / "plans" / "city-reading-2023-no-units.txt"
VOCATIONAL = CORPUS / "guowuyuan-vocational-education-reform-2019.txt"
NO_UNITS = "本计划未列明责任单位"

# Read off the plan: parts 一–六 hold the measures (一)–(十八); 七、做好改革组织实施工作 is its
# 保障 part ((十九) party leadership, (二十) the joint conference), which commits to nothing.
VOCATIONAL_MEASURES = [
    ("一(一)", "健全国家职业教育制度框架"),
    ("一(二)", "提高中等职业教育发展水平"),
    ("一(三)", "推进高等职业教育高质量发展"),
    ("一(四)", "完善高层次应用型人才培养体系"),
    ("二(五)", "完善教育教学相关标准"),
    ("二(六)", "启动1+X证书制度试点工作"),
    ("二(七)", "开展高质量职业培训"),
    ("二(八)", "实现学习成果的认定、积累和转换"),
    ("三(九)", "坚持知行合一、工学结合"),
    ("三(十)", "推动校企全面加强深度合作"),
    ("三(十一)", "打造一批高水平实训基地"),
    ("三(十二)", "多措并举打造“双师型”教师队伍"),
    ("四(十三)", "推动企业和社会力量举办高质量职业教育"),
    ("四(十四)", "做优职业教育培训评价组织"),
    ("五(十五)", "提高技术技能人才待遇水平"),
    ("五(十六)", "健全经费投入机制"),
    ("六(十七)", "建立健全职业教育质量评价和督导评估制度"),
    ("六(十八)", "支持组建国家职业教育指导咨询委员会"),
]


@pytest.fixture(scope="module")
def vocational_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([VOCATIONAL], tmp_path_factory.mktemp("vocational"), BuildConfig())


def test_only_the_measures_under_the_main_tasks_are_tasks() -> None:
    document = parse_file(PROVINCE)
    assert [(t.path, t.title.text, t.units) for t in document.tasks] == [
        ("四(一)", "夯实数字基础设施", ()),
        ("四(二)", "推动产业数字化转型", ()),
        ("四(三)", "完善工作目标考核机制", ()),
    ]
    assert [s.title.text for s in document.sections] == ["主要任务"]


def test_without_a_main_tasks_part_every_part_but_goals_and_safeguards_holds_tasks() -> None:
    document = parse_file(CITY)
    assert [(t.path, t.title.text) for t in document.tasks] == [
        ("二1", "建设城市书房"),
        ("二2", "完善农家书屋"),
        ("三1", "举办读书节"),
        ("三2", "推广数字阅读"),
    ]
    assert all(t.units == () for t in document.tasks)


def test_the_vocational_plans_tasks_are_its_eighteen_numbered_measures() -> None:
    document = parse_file(VOCATIONAL)
    assert [(t.path, t.title.text) for t in document.tasks] == VOCATIONAL_MEASURES
    assert all(t.units == () for t in document.tasks)
    assert [s.number for s in document.sections] == ["一", "二", "三", "四", "五", "六"]


def test_the_vocational_plans_guiding_and_safeguard_items_are_no_tasks() -> None:
    titles = {t.title.text for t in parse_file(VOCATIONAL).tasks}
    assert not titles & {"加强党对职业教育工作的全面领导", "完善国务院职业教育工作部际联席会议制度"}
    assert [g.label.text for g in parse_file(VOCATIONAL).goals] == ["总体要求与目标", "具体指标"]


def test_the_report_and_the_map_say_the_plan_names_no_units(
    vocational_build: BuildResult,
) -> None:
    out = vocational_build.graph_path.parent
    report = (out / "report.html").read_text(encoding="utf-8")
    assert f'<p id="no-units">{NO_UNITS}:18 项任务' in report.replace("：", ":")
    without_unit = report.split('<ul id="without-unit">')[1].split("</ul>")[0]
    assert without_unit.count("<li>") == 18
    assert "<li>十八 支持组建国家职业教育指导咨询委员会</li>" in without_unit
    assert NO_UNITS in (out / "graph.html").read_text(encoding="utf-8")


def test_the_target_register_holds_the_targets_of_the_measures(
    vocational_build: BuildResult,
) -> None:
    with (vocational_build.graph_path.parent / "targets.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    tasks = {row["task"] for row in rows}
    # (一)'s 严把…和…两个关口 counts the list before it: a name, no target.
    assert {"七", "九", "十六"} <= tasks
    assert "一" not in tasks
    assert {row["issuer"] for row in rows} == {"国务院"}


def test_a_plan_that_names_units_does_not_say_it_names_none(example_build: BuildResult) -> None:
    out: Path = example_build.graph_path.parent
    assert NO_UNITS not in (out / "report.html").read_text(encoding="utf-8")
    assert NO_UNITS not in (out / "graph.html").read_text(encoding="utf-8")
