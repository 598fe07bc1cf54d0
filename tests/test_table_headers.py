"""Table headers read by what their cells mean, and offices told apart where nothing
separates them."""

from __future__ import annotations

import pytest

from extract.headers import ColumnKind, column_kind, read_header, run_together_header
from extract.lexicon import load_data
from extract.offices import read_offices, split_offices
from extract.records import Span
from extract.structure import parse_plan

K = ColumnKind


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        # exact words of every kind
        ("序号", K.NUMBER),
        ("序 号", K.NUMBER),
        ("分类", K.GROUP),
        ("事项", K.TITLE),
        ("项目名称", K.TITLE),
        ("具体内容", K.CONTENT),
        ("主要内容", K.CONTENT),
        ("年度目标", K.TARGET),
        ("牵头部门", K.LEAD),
        ("协办单位", K.SUPPORTING),
        ("责任主体", K.RESPONSIBLE),
        ("时间节点", K.DEADLINE),
        ("是否达序", K.STATUS),
        ("备注", K.STATUS),
        # head nouns, with the words before them giving an offices column its role
        ("建设单位", K.RESPONSIBLE),
        ("主办部门", K.LEAD),
        ("协作单位", K.SUPPORTING),
        ("参与处室", K.SUPPORTING),
        ("区政府分管领导", K.PERSON),
        ("市级责任领导", K.PERSON),
        ("第一季度推进情况", K.STATUS),
        ("计划完成时间", K.DEADLINE),
        ("考核内容", K.CONTENT),
        ("2024年目标", K.TARGET),
        # a qualifier in brackets is set aside
        ("责任单位(部门)", K.RESPONSIBLE),
        ("完成时限(年月)", K.DEADLINE),
    ],
)
def test_a_header_cell_is_read_by_its_words_or_its_head_noun(cell: str, kind: ColumnKind) -> None:
    assert column_kind(cell) is kind


def test_header_cells_of_no_known_meaning_are_unknown() -> None:
    assert [column_kind(c) for c in ("说法", "甲乙", "2024")] == [None, None, None]


def test_every_header_word_of_the_data_file_names_a_kind() -> None:
    kinds = {k.value for k in ColumnKind} | {"offices"}
    words = load_data("tables.toml")
    assert set(words["headers"].values()) <= kinds
    assert set(words["head_nouns"].values()) <= kinds


def spans(*cells: str) -> list[Span | None]:
    text = "\t".join(cells)
    found: list[Span | None] = []
    at = 0
    for cell in cells:
        found.append(Span.of(text, at, at + len(cell)))
        at += len(cell) + 1
    return found


def test_a_header_needs_a_column_of_offices_and_one_that_says_what_the_task_is() -> None:
    columns = read_header(spans("序号", "工作任务", "配合单位", "分管领导", "推进情况"))
    assert columns is not None
    assert [c.kind for c in columns] == [K.NUMBER, K.TITLE, K.SUPPORTING, K.PERSON, K.STATUS]
    assert read_header(spans("序号", "工作任务", "完成时限")) is None  # no offices
    assert read_header(spans("序号", "牵头单位", "配合单位")) is None  # nothing to do
    assert read_header(spans("序号", "甲乙", "丙丁", "牵头单位", "工作任务")) is None  # unknown


def test_a_run_together_header_is_found_after_the_title_it_follows() -> None:
    text = "2023年民生实事项目目标任务分解表序号项目名称建设内容县政府分管领导牵头单位配合单位1新建"
    columns = run_together_header(text, 0, len(text))
    assert columns is not None
    assert [(c.kind, c.header.text) for c in columns] == [
        (K.NUMBER, "序号"),
        (K.TITLE, "项目名称"),
        (K.CONTENT, "建设内容"),
        (K.PERSON, "县政府分管领导"),
        (K.LEAD, "牵头单位"),
        (K.SUPPORTING, "配合单位"),
    ]


def test_label_lines_and_prose_naming_columns_are_no_header() -> None:
    for line in ("牵头单位:市人社局;配合单位:市财政局", "各牵头单位、配合单位和责任单位要加强协作"):
        assert run_together_header(line, 0, len(line)) is None
    document = parse_plan("某局2025年工作要点\n1.开展调研\n牵头单位:办公室\n配合单位:法规处\n")
    assert [(t.title.text, [u.name for u in t.units]) for t in document.tasks] == [
        ("开展调研", ["办公室", "法规处"])
    ]


def pieces(text: str, found: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in found]


@pytest.mark.parametrize(
    ("item", "offices"),
    [
        ("县林业局县水利局", ["县林业局", "县水利局"]),
        ("区委区政府", ["区委", "区政府"]),
        ("市统计局(市普查中心)市审计局", ["市统计局(市普查中心)", "市审计局"]),
        ("区城管局区公安分局", ["区城管局", "区公安分局"]),
        # 各 inside an item makes it one placeholder
        ("市政府各部门", ["市政府各部门"]),
        ("县应急局有关处室", ["县应急局", "有关处室"]),
        # a name that holds an ending and a level inside is one office
        ("县委统战部", ["县委统战部"]),
        ("东方大学园区图书馆", ["东方大学园区图书馆"]),
        ("县政府办公室", ["县政府办公室"]),
        ("区市场监管局", ["区市场监管局"]),
        ("各县(市、区)文旅局", ["各县(市、区)文旅局"]),
    ],
)
def test_offices_run_together_in_one_item_are_split_only_where_another_starts(
    item: str, offices: list[str]
) -> None:
    assert pieces(item, split_offices(item, 0, len(item))) == offices


@pytest.mark.parametrize(
    ("text", "offices"),
    [
        (
            "卫健局开发区管委会工业园(城东镇)各街道2",
            ["卫健局", "开发区管委会", "工业园(城东镇)", "各街道"],
        ),
        ("文旅局城投公司推进古城保护", ["文旅局", "城投公司"]),
        ("区统计局区统计局", ["区统计局", "区统计局"]),
        ("县委统战部县妇联", ["县委统战部", "县妇联"]),
        ("市人力资源和社会保障局", ["市人力资源和社会保障局"]),
        ("市互联网信息办公室", ["市互联网信息办公室"]),
        ("新增就业3000人", []),
    ],
)
def test_offices_are_read_one_after_another_where_a_table_lost_its_delimiters(
    text: str, offices: list[str]
) -> None:
    openers = load_data("tables.toml")["statements"]["openers"]
    assert pieces(text, read_offices(text, 0, len(text), openers)) == offices
