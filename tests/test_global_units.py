"""Rules for every task: 「以下各项工作均需…落实,不再列出」 puts its units on each task after it."""

from __future__ import annotations

from extract.global_units import read_global_units
from extract.reading import read_document
from extract.records import Role
from extract.structure import parse_plan

from .conftest import DATA, parse_file
from .gold_facts import facts_and_gold

SHANTOU = DATA / "plans" / "shantou-water-2020-global-units.txt"
FOSHAN = DATA / "plans" / "foshan-air-2021-global-units.txt"


def test_a_rule_in_the_preamble_puts_its_placeholder_on_every_task() -> None:
    document = parse_file(SHANTOU)
    assert [[(u.name, u.generic) for u in t.units] for t in document.tasks] == [
        [("市生态环境局", False), ("市工业和信息化局", False), ("各区(县)人民政府", True)],
        [("市生态环境局", False), ("市市场监管局", False), ("各区(县)人民政府", True)],
        [("市住房城乡建设局", False), ("各区(县)人民政府", True)],
    ]


def test_a_rule_in_a_bracket_holds_from_there_and_the_bracket_keeps_its_units() -> None:
    document = parse_file(FOSHAN)
    assert [[u.name for u in t.units if u.generic] for t in document.tasks] == [
        [],
        ["各区人民政府", "各镇(街道)"],
        ["各区人民政府", "各镇(街道)"],
    ]
    assert [(u.name, u.role) for u in document.tasks[1].units if not u.generic] == [
        ("市生态环境局", Role.LEAD),
        ("市公安局", Role.SUPPORTING),
        ("市场监管局", Role.SUPPORTING),
    ]


def test_the_rule_is_read_with_its_sentence_and_units() -> None:
    text = read_document(SHANTOU).text
    [rule] = read_global_units(text)
    assert rule.statement.text == (
        "各区县人民政府是水污染防治的责任主体,以下各项任务均需各区(县)人民政府落实,不再列出"
    )
    assert [(u.name, u.generic, u.surface.text) for u in rule.units] == [
        ("各区(县)人民政府", True, "各区(县)人民政府")
    ]


def test_the_blue_sky_plans_brackets_and_rule_match_the_gold_file() -> None:
    parsed, expected = facts_and_gold("chaozhou-blue-sky-2019-fragment")
    assert parsed == expected


def test_a_rule_that_names_its_units_first_gives_them_to_every_task() -> None:
    document = parse_file(DATA / "plans" / "suzhou-renewal-2024-variants.txt")
    assert [[u.name for u in t.units if u.generic] for t in document.tasks] == [
        ["各区政府"],
        ["各街道", "各区政府"],
        ["各区政府"],
    ]


def test_a_sentence_about_every_task_that_names_no_unit_gives_none() -> None:
    text = (
        "某县2024年工作安排\n以下各项工作均需在2024年底前完成,不再列出。\n"
        "一、任务\n1.修路。(县交通局负责)\n"
    )
    assert read_global_units(text) == ()
    assert [[u.name for u in t.units] for t in parse_plan(text).tasks] == [["县交通局"]]
