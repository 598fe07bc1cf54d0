"""Labelled brackets closing a measure, whatever their labels and bracket marks:
(牵头单位:X;配合单位:A、B), (牵头单位:X,配合单位:A、B,各区), 〔…〕, 【…】."""

from __future__ import annotations

from extract.records import Document, FieldKind, Role
from extract.structure import parse_plan

from .conftest import DATA, parse_file
from .gold_facts import facts_and_gold

HEFEI = DATA / "plans" / "hefei-transport-2023-labelled-brackets.txt"
XIAN = DATA / "plans" / "xian-culture-2022-labelled-brackets.txt"


def roles(document: Document, index: int) -> list[tuple[str, Role, bool]]:
    return [(u.name, u.role, u.generic) for u in document.tasks[index].units]


def test_a_lead_label_and_a_supporting_label_give_each_unit_its_role() -> None:
    assert roles(parse_file(HEFEI), 0) == [
        ("市交通运输局", Role.LEAD, False),
        ("市财政局", Role.SUPPORTING, False),
        ("市自然资源和规划局", Role.SUPPORTING, False),
    ]


def test_parts_after_a_comma_without_a_label_continue_the_field_before_them() -> None:
    assert roles(parse_file(HEFEI), 1) == [
        ("市城乡建设局", Role.LEAD, False),
        ("市公安局交警支队", Role.SUPPORTING, False),
        ("市交通运输局", Role.SUPPORTING, False),
        ("各县(市)区人民政府", Role.SUPPORTING, True),
    ]
    assert roles(parse_file(XIAN), 0) == [
        ("市文旅局", Role.LEAD, False),
        ("市财政局", Role.SUPPORTING, False),
        ("市教育局", Role.SUPPORTING, False),
        ("各区县", Role.SUPPORTING, True),
    ]


def test_a_responsible_label_lists_its_units_with_the_role_unstated() -> None:
    assert roles(parse_file(HEFEI), 2) == [
        ("市交通运输局", Role.UNSPECIFIED, False),
        ("合肥公交集团", Role.UNSPECIFIED, False),
    ]


def test_a_scope_label_names_where_not_who() -> None:
    task = parse_file(HEFEI).tasks[3]
    assert [u.name for u in task.units] == ["市交通运输局", "市农业农村局"]
    assert "肥东县" not in {u.name for u in task.units}


def test_lenticular_and_square_brackets_are_read_like_round_ones() -> None:
    document = parse_file(HEFEI)
    assert roles(document, 4) == [
        ("市交通运输局", Role.LEAD, False),
        ("市公安局", Role.SUPPORTING, False),
    ]
    assert roles(document, 5) == [
        ("市数据资源局", Role.UNSPECIFIED, False),
        ("市交通运输局", Role.UNSPECIFIED, False),
    ]


def test_several_brackets_in_one_measure_each_give_their_units() -> None:
    task = parse_file(HEFEI).tasks[6]
    # 市交通运输局 leads in the first bracket and supports in the second: one unit, its lead kept.
    assert [(u.name, u.role) for u in task.units] == [
        ("市交通运输局", Role.LEAD),
        ("市应急管理局", Role.SUPPORTING),
        ("市公安局交警支队", Role.LEAD),
    ]


def test_an_unknown_label_voids_only_its_own_part() -> None:
    task = parse_file(HEFEI).tasks[6]
    assert [f.content.text for f in task.fields if f.kind is FieldKind.SUPPORTING] == [
        "市应急管理局",
        "市交通运输局",
    ]
    assert "季度通报" not in {u.name for u in task.units}
    assert roles(parse_file(XIAN), 3) == [
        ("市文旅局", Role.LEAD, False),
        ("市市场监管局", Role.SUPPORTING, False),
    ]


def test_a_deadline_in_the_bracket_is_a_field_and_host_labels_give_roles() -> None:
    document = parse_file(XIAN)
    deadline = document.tasks[1].field(FieldKind.TIMEFRAME)
    assert deadline is not None
    assert deadline.content.text == "2022年底"
    assert [u.name for u in document.tasks[1].units] == ["市文物局"]
    assert roles(document, 2) == [
        ("市文旅局", Role.LEAD, False),
        ("市交通局", Role.SUPPORTING, False),
        ("各开发区管委会", Role.SUPPORTING, True),
    ]


def test_a_bracket_whose_labels_name_no_units_makes_no_task() -> None:
    text = (
        "一、任务\n(一)开展调研。形成报告。(说明:本项为年度任务;时限:6月底)\n"
        "(二)推进改革。(市发展改革委负责)\n"
    )
    assert [t.title.text for t in parse_plan(text).tasks] == ["推进改革"]


def test_the_talent_plans_leads_and_cooperating_units_match_the_gold_file() -> None:
    parsed, expected = facts_and_gold("guangzhou-talent-project-2012")
    assert parsed == expected
    assert len(expected) == 44


def test_labels_separated_by_a_space_in_a_bracket_each_open_their_field() -> None:
    task = parse_file(DATA / "plans" / "suzhou-renewal-2024-variants.txt").tasks[0]
    assert [(u.name, u.role) for u in task.units if not u.generic] == [
        ("市住建局", Role.LEAD),
        ("市财政局", Role.UNSPECIFIED),
    ]
