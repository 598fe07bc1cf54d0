"""A document's rule that the first unit of each list leads (列第一位者为牵头单位 …), applied
from where it is stated to brackets, labelled lists and tables alike."""

from __future__ import annotations

from extract.lead_rules import read_lead_rule, states_first_unit_leads_before
from extract.reading import read_document
from extract.records import Document, Role

from .conftest import DATA, parse_file
from .gold_facts import facts_and_gold

PROVINCE = DATA / "plans" / "province-industry-2020-lead-rule-in-bracket.txt"
NANNING = DATA / "plans" / "nanning-trade-2021-lead-rule-note.txt"
CLOSING_NOTE = DATA / "plans" / "closing-note-lead-rule.txt"


def leads(document: Document) -> list[list[str]]:
    return [[u.name for u in t.units if u.role is Role.LEAD] for t in document.tasks]


def test_the_rule_holds_from_the_bracket_that_states_it_on() -> None:
    assert leads(parse_file(PROVINCE)) == [
        [],  # before the rule is stated
        ["省工业和信息化厅"],  # the bracket that states it
        ["省税务局"],
        [],  # the first listed is a placeholder: no lead
        ["省人力资源社会保障厅"],  # roles the bracket states stay as stated
    ]


def test_a_bracket_that_states_the_rule_keeps_its_units() -> None:
    task = parse_file(PROVINCE).tasks[1]
    assert [(u.name, u.role) for u in task.units] == [
        ("省工业和信息化厅", Role.LEAD),
        ("省科技厅", Role.UNSPECIFIED),
    ]


def test_a_list_that_shares_its_verb_across_a_comma_keeps_every_unit() -> None:
    task = parse_file(PROVINCE).tasks[2]
    assert [(u.name, u.generic) for u in task.units] == [
        ("省税务局", False),
        ("省财政厅", False),
        ("各市人民政府", True),
    ]


def test_the_rule_stated_before_the_tasks_applies_to_lists_brackets_and_table_rows() -> None:
    document = parse_file(NANNING)
    assert [(t.path, [u.name for u in t.units if u.role is Role.LEAD]) for t in document.tasks] == [
        ("一1", ["市商务局"]),
        ("一2", ["市商务局"]),
        ("二[1]", ["市商务局"]),
        ("二[2]", ["市投资促进局"]),
    ]


def test_a_closing_note_states_the_rule_for_the_lists_above_it() -> None:
    assert leads(parse_file(CLOSING_NOTE)) == [["区政务服务局"], ["区市场监管局"]]


def test_the_table_reader_can_ask_whether_the_rule_is_stated_before_an_offset() -> None:
    text = read_document(PROVINCE).text
    stated = text.index("排在第一位")
    assert not states_first_unit_leads_before(text, stated)
    assert states_first_unit_leads_before(text, stated + 1)
    rule = read_lead_rule(text)
    assert [s.text for s in rule.statements] == ["排在第一位的部门为牵头部门"]
    assert (rule.applies_at(stated), rule.applies_at(len(text))) == (False, True)


def test_the_employment_opinions_leads_and_units_match_the_gold_file() -> None:
    parsed, expected = facts_and_gold("guowuyuan-employment-2018")
    assert parsed == expected


def test_the_bonded_zones_opinions_leads_and_units_match_the_gold_file() -> None:
    parsed, expected = facts_and_gold("guowuyuan-bonded-zones-2019")
    assert parsed == expected


def test_a_rule_worded_by_rank_holds_in_the_bracket_that_states_it() -> None:
    document = parse_file(DATA / "plans" / "suzhou-renewal-2024-variants.txt")
    assert leads(document) == [["市住建局"], [], ["市资源规划局"]]
    assert [(u.name, u.role) for u in document.tasks[1].units] == [
        ("市城管局", Role.UNSPECIFIED),
        ("各街道", Role.UNSPECIFIED),
        ("各区政府", Role.UNSPECIFIED),
    ]
