"""Unit lists and headings as other governments print them: 等有关部门, placeholders such as
各省级人民政府 and 市政府各部门, names holding a blocker character (应急部), , or 和 between
units, and heading numbers glued to digits (11.121人才…, 3.5G…)."""

from __future__ import annotations

from extract.parties import read_units
from extract.records import Role, Span

from .conftest import DATA, parse_file

OPINION = DATA / "plans" / "state-council-2019-unit-lists.txt"
SHENZHEN = DATA / "plans" / "shenzhen-network-2021-headings.txt"


def units(text: str) -> list[tuple[str, bool]]:
    return [(u.name, u.generic) for u in read_units(text, Span.of(text, 0, len(text)), Role.LEAD)]


def test_deng_before_a_placeholder_splits_it_off_the_last_unit() -> None:
    assert units("商务部、海关总署等有关部门") == [
        ("商务部", False),
        ("海关总署", False),
        ("有关部门", True),
    ]
    assert units("民政部等有关部门和单位") == [("民政部", False), ("有关部门和单位", True)]


def test_he_separates_two_whole_names_but_not_the_he_inside_a_name() -> None:
    assert units("教育部和人力资源社会保障部") == [("教育部", False), ("人力资源社会保障部", False)]
    assert units("市财政局和市税务局") == [("市财政局", False), ("市税务局", False)]
    for name in ("住房和城乡建设部", "中央和国家机关工委", "市发展和改革局", "文化和旅游部"):
        assert units(name) == [(name, False)]
    assert units("各级党委和政府") == [("各级党委和政府", True)]


def test_a_placeholder_is_any_item_with_ge_or_a_placeholder_prefix() -> None:
    assert units("各省级人民政府、市政府各部门、区直各部门、全区经济运行各专班") == [
        ("各省级人民政府", True),
        ("市政府各部门", True),
        ("区直各部门", True),
        ("全区经济运行各专班", True),
    ]


def test_levels_are_joined_across_a_dunhao_only() -> None:
    assert units("各区、县级市") == [("各区、县级市", True)]
    assert units("各街道,区市场局") == [("各街道", True), ("区市场局", False)]


def test_brackets_of_a_state_council_opinion_give_units_and_placeholders() -> None:
    document = parse_file(OPINION)
    assert [[(u.name, u.generic) for u in t.units] for t in document.tasks] == [
        [("各省级人民政府", True)],
        [("应急部", False), ("公安部", False), ("有关部门", True)],
        [("应急部", False), ("市场监管总局", False), ("各省级人民政府", True)],
        [("教育部", False), ("人力资源社会保障部", False)],
        [("住房城乡建设部", False), ("文化和旅游部", False), ("中央和国家机关工委", False)],
        [("中央宣传部", False), ("国务院各部门", True), ("市政府各部门", True)],
    ]


def test_a_heading_number_glued_to_digits_or_letters_opens_the_next_task() -> None:
    document = parse_file(SHENZHEN)
    assert [(t.number, t.title.text) for t in document.tasks] == [
        ("1", "推进千兆光网建设"),
        ("2", "扩大网络覆盖"),
        ("3", "5G网络深度覆盖"),
        ("4", "建设数据中心"),
        ("5", "100个智慧灯杆示范项目"),
    ]


def test_a_decimal_quantity_at_the_start_of_a_line_stays_in_its_task() -> None:
    document = parse_file(SHENZHEN)
    assert "1.2万个基站" in document.tasks[1].span.text
    assert "3.5万户家庭" in document.tasks[1].span.text
    assert "2.5万个标准机架" in document.tasks[3].span.text
    assert [u.name for u in document.tasks[1].units] == ["市工业和信息化局", "市通信管理局"]
