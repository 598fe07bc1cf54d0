"""Excel workbooks (.xlsx) as input: a sheet's rows become the table lines the .docx reader
gives (merged cells included), so the same table reader reads a 任务分工表 from Word or Excel;
and an exported workbook built again is the plan it came from."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph

from extract.reading import decode_document
from extract.xlsx_text import xlsx_text
from graph.query import run_query
from output.exports import write_export
from policykg.config import BuildConfig
from policykg.pipeline import build
from policykg.sources import plans_of

from .conftest import CORPUS, EXAMPLE


def workbook_bytes(sheets: dict[str, list[list[str | int | None]]], merges: dict[str, list[str]],
                   hidden: tuple[str, ...] = ()) -> bytes:  # fmt: skip
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for merged in merges.get(name, []):
            sheet.merge_cells(merged)
        if name in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_sheet_reads_as_tab_separated_rows_with_merged_cells_as_the_docx_reader_writes_them() -> (
    None
):
    data = workbook_bytes(
        {
            "Sheet1": [
                ["昆明市交通运输局2025年重点工作任务分工表", None, None, None],
                ["序号", "重点任务", "牵头单位", "配合单位"],
                ["一、畅通城市路网", None, None, None],
                [1, "新建公交专用道20公里", "市交通运输局", "市公安局交警支队"],
                [2, "改造老旧站台100个以上", None, "各县(市)区政府"],
                [3, "'=开通定制公交线路", "市公交集团", None],
            ]
        },
        {"Sheet1": ["A1:D1", "A3:D3", "C4:C5"]},
    )
    assert xlsx_text(data, "plan.xlsx").split("\n") == [
        "昆明市交通运输局2025年重点工作任务分工表",
        "序号\t重点任务\t牵头单位\t配合单位",
        "一、畅通城市路网",
        "1\t新建公交专用道20公里\t市交通运输局\t市公安局交警支队",
        "2\t改造老旧站台100个以上\t〃\t各县(市)区政府",
        "3\t=开通定制公交线路\t市公交集团",
    ]
    assert decode_document(data, "plan.xlsx").encoding == "xlsx"


def test_views_of_the_plan_and_hidden_sheets_are_not_read() -> None:
    plan: list[list[str | int | None]] = [
        ["序号", "任务", "责任单位"],
        [1, "修订《河道管理办法》", "市水务局"],
    ]
    data = workbook_bytes(
        {
            "分工": plan,
            "责任清单-市水务局": [["序号", "任务", "本单位"], [1, "修订《河道管理办法》", "责任"]],
            "目标清单": [["任务", "指标"], [1, "河道"]],
            "草稿": [["序号", "任务", "责任单位"], [9, "不作数的任务", "市林业局"]],
        },
        {},
        hidden=("草稿",),
    )
    assert xlsx_text(data, "plan.xlsx") == "序号\t任务\t责任单位\n1\t修订《河道管理办法》\t市水务局"


FACTS = {
    "tasks": "SELECT ?n ?title WHERE { ?t a pk:Task ; skos:notation ?n ; skos:prefLabel ?title }",
    "units": """SELECT ?n ?unit WHERE { ?t a pk:Task ; skos:notation ?n ;
        pk:responsibleParty ?o . ?o a org:Organization ; skos:prefLabel ?unit }""",
    "leads": """SELECT ?n ?unit WHERE { ?t a pk:Task ; skos:notation ?n ;
        pk:leadParty/skos:prefLabel ?unit }""",
    "targets": """SELECT ?n ?metric ?c ?v ?unit WHERE { ?t a pk:Task ; skos:notation ?n ;
        pk:hasTarget ?x . ?x pk:metricText ?metric ; pk:comparator ?c .
        OPTIONAL { ?x schema:value|schema:minValue|schema:maxValue ?v }
        OPTIONAL { ?x schema:unitText ?unit } }""",
    # The deadline of each task and target, and whether the plan states or implies it.
    "deadlines": """SELECT ?n ?what ?day ?implied WHERE {
        { ?x a pk:Task ; skos:notation ?n . BIND("" AS ?what) }
        UNION { ?t skos:notation ?n ; pk:hasTarget ?x . ?x pk:metricText ?what }
        ?x pk:deadline/time:inXSDDate ?day .
        BIND(EXISTS { ?x pk:deadlineImplied true } AS ?implied) }""",
}


def facts(graph: Graph) -> dict[str, set[tuple[str, ...]]]:
    """The facts a round trip must keep, by SPARQL: tasks, units, leads, targets, deadlines."""
    return {
        name: {tuple(str(term) for term in row) for row in run_query(graph, query).rows}
        for name, query in FACTS.items()
    }


@pytest.mark.parametrize(
    "document",
    [
        EXAMPLE,
        CORPUS / "guowuyuan-consumption-poverty-alleviation-2018.txt",
        CORPUS / "guowuyuan-employment-2018.txt",
    ],
    ids=lambda p: p.stem,
)
def test_an_exported_workbook_builds_into_the_same_tasks_units_leads_targets_and_deadlines(
    document: Path, tmp_path: Path
) -> None:
    source = build([document], tmp_path / "source", BuildConfig())
    workbook = tmp_path / "plan.xlsx"
    write_export(plans_of(source.graph_path), "xlsx", workbook)
    again = build([workbook], tmp_path / "again", BuildConfig())
    from graph.query import load_graph

    before, after = facts(load_graph(source.graph_path)), facts(load_graph(again.graph_path))
    assert before["tasks"]
    if document == EXAMPLE:  # its deadlines are implied by its year: the sheet implies them too
        assert {row[2:] for row in before["deadlines"]} == {("2024-12-31", "true")}
    assert after == before
