"""Layouts beyond the two corpus documents: inline labels, unit lines under a paragraph,
goal blocks, and deadlines of tasks."""

from __future__ import annotations

from extract.details import extract_details
from extract.normalization import normalize_text
from extract.records import FieldKind, Role
from extract.structure import parse_plan

INLINE = normalize_text(
    "杭州市人力社保局2025年工作要点\n"
    "一、稳就业\n"
    "1.实施青年就业见习计划。全年募集见习岗位5000个以上。"
    "（牵头单位：就业处；责任单位：各区、县（市）人力社保局；完成时限：2025年6月底前）\n"
    "2.推进技能培训。开展职业技能培训10万人次。\n"
    "牵头单位:职业能力建设处\n"
    "配合单位:培训中心\n"
)


def test_labels_inline_in_a_bracket_give_units_roles_and_deadline() -> None:
    document = extract_details(parse_plan(INLINE))
    first = document.tasks[0]
    assert [(u.name, u.role, u.generic) for u in first.units] == [
        ("就业处", Role.LEAD, False),
        ("各区、县(市)人力社保局", Role.UNSPECIFIED, True),
    ]
    assert str(first.deadline_date) == "2025-06-30"
    assert [(str(t.value), t.unit, t.comparator.value) for t in first.targets] == [
        ("5000", "个", "at_least"),
    ]


def test_unit_lines_under_a_paragraph_keep_the_paragraph_as_its_text() -> None:
    second = extract_details(parse_plan(INLINE)).tasks[1]
    assert [(u.name, u.role) for u in second.units] == [
        ("职业能力建设处", Role.LEAD),
        ("培训中心", Role.SUPPORTING),
    ]
    body = second.field(FieldKind.BODY)
    assert body is not None
    assert body.content.text == "推进技能培训。开展职业技能培训10万人次。"
    assert [(str(t.value), t.unit) for t in second.targets] == [("100000", "人次")]


def test_goal_blocks_give_targets_of_the_plan_as_a_whole() -> None:
    text = normalize_text(
        "某市教育事业发展实施方案\n"
        "主要目标：到2027年，全市普惠性幼儿园覆盖率达到95%以上。\n"
        "一、发展目标\n新增学位3万个。\n"
        "二、重点任务\n(一)建设学校。新建学校20所。(市教育局负责)\n"
    )
    document = extract_details(parse_plan(text))
    assert [(str(t.value), t.unit, t.comparator.value) for t in document.targets] == [
        ("95", "%", "at_least"),
        ("30000", "个", "equal"),
    ]
    assert str(document.targets[0].deadline_date) == "2027-12-31"
    assert [(t.path, [(str(x.value), x.unit) for x in t.targets]) for t in document.tasks] == [
        ("二(一)", [("20", "所")]),
    ]


def test_items_that_commit_to_nothing_are_neither_tasks_nor_goals() -> None:
    text = (
        "一、指导思想\n以新发展理念为引领。\n二、基本原则\n坚持统筹推进。\n"
        "三、任务\n(一)建设。(市教育局负责)\n"
    )
    document = parse_plan(text)
    assert [s.title.text for s in document.sections] == ["任务"]
    assert [t.path for t in document.tasks] == ["三(一)"]
    assert document.goals == ()
