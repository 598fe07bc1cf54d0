"""Label lines under a task: 牵头单位:X / 责任单位:A、B / 配合单位:… on lines of their own,
with either colon, and X、Y分别牵头 (both lead)."""

from __future__ import annotations

from extract.records import Role

from .conftest import DATA, parse_file
from .gold_facts import facts_and_gold

KUNMING = DATA / "plans" / "kunming-agri-2024-label-lines.txt"
DALIAN = DATA / "plans" / "dalian-district-2023-label-lines.txt"


def test_lead_and_supporting_lines_under_a_task_give_their_roles() -> None:
    task = parse_file(KUNMING).tasks[0]
    assert [(u.name, u.role) for u in task.units] == [
        ("市农业农村局", Role.LEAD),
        ("市财政局", Role.SUPPORTING),
        ("市水务局", Role.SUPPORTING),
    ]


def test_units_that_each_lead_in_a_line_are_all_lead_and_none_is_named_by_the_verb() -> None:
    task = parse_file(KUNMING).tasks[1]
    assert [(u.name, u.role) for u in task.units] == [
        ("市农业农村局", Role.LEAD),
        ("市自然资源和规划局", Role.LEAD),
        ("市财政局", Role.SUPPORTING),
    ]


def test_units_that_each_lead_in_a_bracket_are_all_lead() -> None:
    task = parse_file(DALIAN).tasks[2]
    assert [(u.name, u.role, u.generic) for u in task.units] == [
        ("区住建局", Role.LEAD, False),
        ("区城管局", Role.LEAD, False),
        ("各街道", Role.SUPPORTING, True),
    ]


def test_lines_with_ascii_colons_and_blank_lines_between_give_each_target_its_units() -> None:
    document = parse_file(DALIAN)
    assert [(t.number, [(u.name, u.role, u.generic) for u in t.units]) for t in document.tasks][
        :2
    ] == [
        (
            "1",
            [
                ("区发展改革局", Role.LEAD, False),
                ("各街道", Role.UNSPECIFIED, True),
                ("区统计局", Role.UNSPECIFIED, False),
            ],
        ),
        (
            "2",
            [
                ("区财政局", Role.LEAD, False),
                ("区税务局", Role.UNSPECIFIED, False),
                ("区直各部门", Role.UNSPECIFIED, True),
            ],
        ),
    ]


def test_a_placeholder_before_a_comma_does_not_swallow_the_next_unit() -> None:
    task = parse_file(KUNMING).tasks[2]
    assert [(u.name, u.generic) for u in task.units] == [
        ("市农业农村局", False),
        ("各县(市)区人民政府", True),
        ("市商务局", False),
    ]


def test_the_district_plans_targets_and_their_units_match_the_gold_file() -> None:
    parsed, expected = facts_and_gold("anshan-lishan-task-division-2023-fragment")
    assert parsed == expected


def test_several_labels_on_one_line_each_open_their_field() -> None:
    task = parse_file(DALIAN).tasks[3]
    assert [(f.label.text, f.content.text) for f in task.fields[1:]] == [
        ("牵头单位", "区商务局"),
        ("责任单位", "各街道,区市场监管局"),
        ("完成时限", "2023年12月底"),
    ]
    assert [(u.name, u.role) for u in task.units] == [
        ("区商务局", Role.LEAD),
        ("各街道", Role.UNSPECIFIED),
        ("区市场监管局", Role.UNSPECIFIED),
    ]
