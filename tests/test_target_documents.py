"""Targets read from whole plans of our own (tests/data/targets/) and from the example: each
printed number once, thresholds and names left out, measure words as printed."""

from __future__ import annotations

from pathlib import Path

from extract.details import extract_details
from extract.records import Document

from .conftest import DATA, EXAMPLE, parse_file

TARGETS = DATA / "targets"
Reading = tuple[str, str, str | None, str]  # field kind, value, unit, comparator


def detailed(path: Path) -> Document:
    return extract_details(parse_file(path))


def targets_by_task(path: Path) -> dict[str, list[Reading]]:
    return {
        task.number: [
            (t.field.value, str(t.value), t.unit, t.comparator.value) for t in task.targets
        ]
        for task in detailed(path).tasks
    }


def test_a_labelled_bracket_inside_a_paragraph_is_read_once_and_a_repeat_stays_a_repeat() -> None:
    tasks = targets_by_task(TARGETS / "suzhou-hrss-2025.txt")
    # 新增城镇就业18万人 is printed in the paragraph and again in its (预期成果:…) bracket:
    # two printed occurrences, two targets; the bracket, inside the paragraph, is read once.
    assert tasks["1"] == [
        ("body", "180000", "人", "equal"),
        ("body", "3000", "人次", "equal"),
        ("outcome", "180000", "人", "equal"),
    ]
    assert tasks["2"] == [
        ("body", "120", "场次", "equal"),
        ("body", "800", "户次", "equal"),
        ("outcome", "120", "场次", "equal"),
    ]
    # 15分钟人才服务圈 names a kind of service area; 三个 is counted by 新建.
    assert tasks["3"] == [("body", "3", "个", "equal"), ("body", "200", "名", "at_least")]


def test_conditions_and_thresholds_of_a_measures_document_are_not_targets() -> None:
    tasks = targets_by_task(TARGETS / "hefei-employment-2026.txt")
    assert tasks == {
        "一": [("body", "60", "%", "equal")],
        # …达到在职职工人数20%(超过200人的企业达到10%)并签订1年以上劳动合同的,可申请…:
        # the condition's numbers say who may apply; the cap and the subsidy are targets.
        "二": [("body", "5000000", "元", "at_most"), ("body", "1000", "元", "equal")],
        # 年满16周岁 says who may take part.
        "三": [("body", "5000", "个", "at_least")],
    }


def test_numerals_in_the_names_of_an_ecology_plan_are_not_counts() -> None:
    tasks = targets_by_task(TARGETS / "xining-ecology-2024.txt")
    assert tasks == {
        "1": [("body", "50000", "吨", "equal")],
        "2": [("body", "3", "个", "equal"), ("body", "2", "个", "equal")],
    }


def test_the_example_keeps_one_target_per_printed_occurrence() -> None:
    document = detailed(EXAMPLE)
    printed = [t.value_text for task in document.tasks for t in task.targets if t.value_text]
    assert len(printed) == len({(span.start, span.end) for span in printed}) == 114
    # 在校研究生规模突破2万人 is printed in task 12's 预期成果 and again in its 工作措施.
    task = next(t for t in document.tasks if t.number == "12")
    assert [t.field.value for t in task.targets if t.value == 20000] == ["outcome", "measure"]


def test_a_name_in_a_labelled_bracket_inside_a_paragraph_is_one_mention(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "无锡市民政局2026年工作要点\n一、兜底民生保障\n"
        "1.提升养老服务。打造“颐养无锡”品牌,新增养老床位800张。"
        "(牵头单位:养老服务处;预期成果:打造“颐养无锡”品牌;完成时限:2026年底)\n",
        encoding="utf-8",
    )
    (task,) = detailed(plan).tasks
    # Printed twice (in the paragraph and in its bracket): two mentions, each read once.
    assert [(m.name, m.field.value if m.field else None) for m in task.mentions] == [
        ("颐养无锡", "body"),
        ("颐养无锡", "outcome"),
    ]
