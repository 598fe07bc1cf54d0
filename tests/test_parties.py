"""Reading lists of responsible units."""

from __future__ import annotations

from extract.parties import is_placeholder, read_units
from extract.records import Role, Span


def units(text: str) -> list[tuple[str, str | None, bool]]:
    return [
        (u.name, u.alias, u.generic)
        for u in read_units(text, Span.of(text, 0, len(text)), Role.UNSPECIFIED)
    ]


def test_an_alias_in_brackets_joins_the_office() -> None:
    assert units("组织处(机关党委)、发规处") == [
        ("组织处", "机关党委", False),
        ("发规处", None, False),
    ]


def test_placeholders_are_kept_whole_and_marked_generic() -> None:
    assert units("发规处、服电中心、各相关处室(单位)") == [
        ("发规处", None, False),
        ("服电中心", None, False),
        ("各相关处室(单位)", None, True),
    ]
    assert all(
        is_placeholder(name)
        for name in ("各相关处室", "有关部门", "各地区", "地方各级人民政府", "各有关省级人民政府")
    )
    assert not any(is_placeholder(name) for name in ("组织处", "发展改革委", "国家发展改革委"))


def test_separators_inside_brackets_do_not_split() -> None:
    assert units("各区(县、市)教育局;市教研室") == [
        ("各区(县、市)教育局", None, True),
        ("市教研室", None, False),
    ]


def test_a_trailing_deng_and_edge_punctuation_are_dropped() -> None:
    assert units("商务部、全国总工会等。") == [("商务部", None, False), ("全国总工会", None, False)]


def test_surfaces_are_spans_of_the_text_and_positions_count_from_one() -> None:
    text = "责任处室:秘书处、 组织处(机关党委) 、发规处"
    refs = read_units(text, Span.of(text, 5, len(text)), Role.LEAD, first_position=3)
    assert [(u.surface.text, text[u.surface.start : u.surface.end]) for u in refs] == [
        ("秘书处", "秘书处"),
        ("组织处(机关党委)", "组织处(机关党委)"),
        ("发规处", "发规处"),
    ]
    assert [(u.position, u.role) for u in refs] == [(3, Role.LEAD), (4, Role.LEAD), (5, Role.LEAD)]


def test_a_list_of_only_separators_gives_no_units() -> None:
    assert units("、、 ,;") == []
