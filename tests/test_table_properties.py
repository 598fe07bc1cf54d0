"""Invariants over generated tables in every shape (hypothesis): the parser accepts them,
every span it gives quotes the text, task keys are unique, and no personal name or progress
note of a table ever becomes an office."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.normalization import normalize_text
from extract.structure import parse_plan

from .conftest import assert_spans_quote_the_text

HEADER_WORDS = [
    "序号",
    "分类",
    "重点任务",
    "事项",
    "项目名称",
    "具体内容",
    "年度目标",
    "牵头单位",
    "责任单位",
    "配合单位",
    "完成时限",
    "分管领导",
    "推进情况",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
OFFICES = st.builds(
    lambda stem, ending: stem + ending,
    st.sampled_from(["县", "市", "区", "各", ""]).flatmap(
        lambda level: st.text(CJK, min_size=1, max_size=4).map(lambda s: level + s)
    ),
    st.sampled_from(["局", "委", "办", "中心", "街道", "公司", "管委会", "处"]),
)
CELLS = st.one_of(
    st.integers(1, 30).map(str),
    OFFICES,
    st.lists(OFFICES, min_size=1, max_size=3).map("、".join),
    st.lists(OFFICES, min_size=2, max_size=3).map("".join),
    st.text(CJK, min_size=2, max_size=12).map(lambda s: s + "。"),
    st.sampled_from(["〃", "", "2025年6月底前"]),
    st.text(st.sampled_from(list("、,;:()“”一二三 0123456789.")), max_size=6),
)
PEOPLE_AND_PROGRESS = st.sampled_from(["张某", "王某某", "欧阳某", "已完成50%", "序时推进"])
SHAPES = ("\t", " | ", "|", "\n", "\n\n", "")


def cell_for(header: str) -> st.SearchStrategy[str]:
    """Any cell, but the cells of a leaders' or progress column hold names and notes."""
    return PEOPLE_AND_PROGRESS if header in ("分管领导", "推进情况") else CELLS


@st.composite
def tables(draw: st.DrawFn) -> str:
    header = draw(st.lists(st.sampled_from(HEADER_WORDS), min_size=3, max_size=7, unique=True))
    shape = draw(st.sampled_from(SHAPES))
    rows = [
        [draw(cell_for(h)) for h in header[: draw(st.integers(1, len(header)))]]
        for _ in range(draw(st.integers(0, 6)))
    ]
    before = draw(st.sampled_from(["", "某局2025年任务分解表\n", "1、某县2023年分解表"]))
    if shape in ("\n", "\n\n", ""):
        cells = [*header, *(c for row in rows for c in row)]
        return normalize_text(before + shape.join(cells))
    lines = [shape.join(header), *(shape.join(row) for row in rows)]
    return normalize_text(before + "\n".join(lines))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(tables())
def test_any_table_parses_and_every_span_quotes_the_text(text: str) -> None:
    document = parse_plan(text)
    assert_spans_quote_the_text(document)
    names = {u.name for t in document.tasks for u in t.units}
    assert not names & {"张某", "王某某", "欧阳某", "已完成50%", "序时推进"}
