"""Unnumbered measures: paragraphs under a heading that each close with their own
responsibility bracket are one task each, titled by their first sentence."""

from __future__ import annotations

from extract.records import Role

from .conftest import DATA, parse_file

NINGDE = DATA / "plans" / "ningde-ecology-2022-paragraphs.txt"
COUNTY = DATA / "plans" / "county-safety-2024-paragraphs.txt"


def test_each_paragraph_closing_with_its_units_is_a_task_under_the_heading_above() -> None:
    document = parse_file(NINGDE)
    assert [(t.path, t.section, t.title.text) for t in document.tasks][:3] == [
        ("一(一)[1]", "1.1", "严格执行大气污染物排放标准,开展工业炉窑专项整治"),
        ("一(一)[2]", "1.1", "加快淘汰国三及以下排放标准营运柴油货车"),
        ("一(一)[3]", "1.1", "持续开展扬尘污染治理,建筑工地扬尘防治达标率95%以上"),
    ]
    assert [(s.key, s.title.text) for s in document.sections][:2] == [
        ("1", "打好污染防治攻坚战"),
        ("1.1", "深入打好蓝天保卫战"),
    ]
    assert [[(u.name, u.role) for u in t.units] for t in document.tasks][:2] == [
        [("市生态环境局", Role.LEAD), ("市工业和信息化局", Role.SUPPORTING)],
        [("市交通运输局", Role.UNSPECIFIED), ("市公安局", Role.UNSPECIFIED)],
    ]


def test_a_paragraph_task_holds_its_own_text_only() -> None:
    task = parse_file(NINGDE).tasks[1]
    assert task.span.text == "加快淘汰国三及以下排放标准营运柴油货车。(市交通运输局、市公安局负责)"


def test_a_heading_with_one_closing_paragraph_stays_one_task() -> None:
    document = parse_file(NINGDE)
    assert [(t.path, t.title.text) for t in document.tasks][3:] == [
        ("一(二)", "深入打好碧水保卫战"),
        ("二(三)", "实施生态修复工程"),
    ]
    assert [u.name for u in document.tasks[3].units] == ["市生态环境局", "市水利局"]


def test_paragraphs_closing_with_labelled_brackets_are_titled_before_the_bracket() -> None:
    document = parse_file(COUNTY)
    assert [
        (t.path, t.title.text, [(u.name, u.role) for u in t.units]) for t in document.tasks
    ] == [
        (
            "一1[1]",
            "推动企业建立全员安全生产责任制",
            [("县应急管理局", Role.LEAD), ("县市场监管局", Role.SUPPORTING)],
        ),
        ("一1[2]", "开展企业主要负责人安全培训,培训覆盖率100%", [("县应急管理局", Role.LEAD)]),
        ("一2", "强化部门监管责任", [("县安委办", Role.UNSPECIFIED)]),
    ]
