"""Excel workbooks (.xlsx) as input: a sheet's rows become the table lines the .docx reader
gives (merged cells included), so the same table reader reads a 任务分工表 from Word or Excel;
and an exported workbook built again is the plan it came from."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph

from extract.reading import decode_document
from extract.records import Role
from extract.structure import parse_source
from extract.xlsx_text import xlsx_text
from graph.query import load_graph, run_query
from output.exports import write_export
from policykg.config import BuildConfig
from policykg.pipeline import build
from policykg.sources import built_graph, plans_of

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
        "昆明市交通运输局2025年重点工作任务分工表\t\t\t",
        "序号\t重点任务\t牵头单位\t配合单位",
        "一、畅通城市路网\t\t\t",
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
    "roles": """SELECT ?n ?unit ?role WHERE { ?t a pk:Task ; skos:notation ?n ;
        prov:qualifiedAttribution ?r . ?r prov:agent/skos:prefLabel ?unit ; dcat:hadRole ?role }""",
    "targets": """SELECT ?n ?metric ?c ?v ?unit WHERE { ?t a pk:Task ; skos:notation ?n ;
        pk:hasTarget ?x . ?x pk:metricText ?metric ; pk:comparator ?c .
        OPTIONAL { ?x schema:value|schema:minValue|schema:maxValue ?v }
        OPTIONAL { ?x schema:unitText ?unit } }""",
}


def facts(graph: Graph) -> dict[str, Counter[tuple[str, ...]]]:
    """The facts a round trip must keep, by SPARQL: tasks, units, leads, targets, each as
    often as the graph holds it (a target read twice is a fact changed)."""
    return {
        name: Counter(tuple(str(term) for term in row) for row in run_query(graph, query).rows)
        for name, query in FACTS.items()
    }


# Every shared plan: State Council opinions with unit brackets, annual plans with labelled
# fields, task-division tables as text and as a Word table, and plans that name no lead.
SHARED_PLANS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx"))


def test_every_shared_plan_is_in_the_round_trip() -> None:
    assert len(SHARED_PLANS) == 11
    assert {p.suffix for p in SHARED_PLANS} == {".txt", ".docx"}


@pytest.mark.parametrize("document", SHARED_PLANS, ids=lambda p: p.name)
def test_an_exported_workbook_builds_into_the_same_tasks_units_leads_and_targets(
    document: Path, tmp_path: Path
) -> None:
    graph_file = tmp_path / "graph.ttl"
    source = built_graph(document, BuildConfig())
    source.serialize(graph_file, format="turtle")
    workbook = tmp_path / "plan.xlsx"
    write_export(plans_of(graph_file), "xlsx", workbook)
    before, after = facts(source), facts(built_graph(workbook, BuildConfig()))
    assert before["tasks"]
    assert after == before


# The deadline of each task and target, and whether the plan states or implies it.
DEADLINES = """SELECT ?n ?what ?day ?implied WHERE {
    { ?x a pk:Task ; skos:notation ?n . BIND("" AS ?what) }
    UNION { ?t skos:notation ?n ; pk:hasTarget ?x . ?x pk:metricText ?what }
    ?x pk:deadline/time:inXSDDate ?day .
    BIND(EXISTS { ?x pk:deadlineImplied true } AS ?implied) }"""


def test_the_examples_workbook_implies_its_deadlines_again(tmp_path: Path) -> None:
    graph_file = tmp_path / "graph.ttl"
    source = built_graph(EXAMPLE, BuildConfig())
    source.serialize(graph_file, format="turtle")
    workbook = tmp_path / "plan.xlsx"
    write_export(plans_of(graph_file), "xlsx", workbook)

    def deadlines(graph: Graph) -> Counter[tuple[str, ...]]:
        return Counter(tuple(str(term) for term in row) for row in run_query(graph, DEADLINES).rows)

    before = deadlines(source)
    assert sum(before.values()) == 31 + 119
    assert {row[2:] for row in before} == {("2024-12-31", "true")}  # implied by its year
    assert deadlines(built_graph(workbook, BuildConfig())) == before


def test_a_plan_built_and_exported_by_the_commands_builds_back_the_same(tmp_path: Path) -> None:
    source = build([EXAMPLE], tmp_path / "source", BuildConfig())
    workbook = tmp_path / "plan.xlsx"
    write_export(plans_of(source.graph_path), "xlsx", workbook)
    again = build([workbook], tmp_path / "again", BuildConfig())
    assert facts(load_graph(again.graph_path)) == facts(load_graph(source.graph_path))


def leads_and_units(data: bytes, origin: str) -> list[tuple[str, list[str], list[str]]]:
    document = parse_source(decode_document(data, origin))
    return [
        (
            task.number,
            [u.name for u in task.units if u.role is Role.LEAD],
            [u.name for u in task.units if u.role is not Role.LEAD],
        )
        for task in document.tasks
    ]


SUZHOU_ROWS: list[list[str | int | None]] = [
    ["苏州市水务局2026年工作要点", None, None, None],
    ["序号", "重点任务", "牵头单位", "配合单位"],
    [1, "完成河道清淤120公里", "市水务局", "市财政局"],
    [2, "新建污水管网80公里", None, "市住建局"],
    [3, "开展节水型社会建设", None, "各县级市(区)政府"],
    [4, "修订《苏州市防汛应急预案》", "市应急局", None],
]


def test_an_empty_lead_cell_of_a_workbook_is_empty_and_a_merged_one_is_the_rows_lead() -> None:
    # C3:C4 merged: task 2 shares task 1's lead; C5 is empty: task 3 names no lead (the text
    # reader, which cannot tell an empty cell from a merged one, would copy 市水务局 down).
    data = workbook_bytes({"分工": SUZHOU_ROWS}, {"分工": ["A1:D1", "C3:C4"]})
    assert leads_and_units(data, "suzhou.xlsx") == [
        ("1", ["市水务局"], ["市财政局"]),
        ("2", ["市水务局"], ["市住建局"]),
        ("3", [], ["各县级市(区)政府"]),
        ("4", ["市应急局"], []),
    ]


def test_the_same_table_as_text_takes_an_empty_lead_cell_for_one_merged_from_above() -> None:
    lines = ["\t".join("" if c is None else str(c) for c in row) for row in SUZHOU_ROWS]
    data = "\n".join(lines).encode("utf-8")
    assert [leads for _, leads, _ in leads_and_units(data, "suzhou.txt")] == [
        ["市水务局"],
        ["市水务局"],
        ["市水务局"],
        ["市应急局"],
    ]


def test_offices_in_a_column_that_quotes_the_plan_are_not_the_rows_units() -> None:
    rows: list[list[str | int | None]] = [
        ["序号", "任务", "牵头单位", "配合单位", "原文"],
        [1, "推进智慧水务建设", "市水务局", None, "推进智慧水务建设。(市水务局、市大数据局负责)"],
    ]
    data = workbook_bytes({"分工": rows}, {})
    assert leads_and_units(data, "plan.xlsx") == [("1", ["市水务局"], [])]


def test_a_title_merged_across_the_sheet_is_the_plans_title_not_a_row_of_its_header() -> None:
    data = workbook_bytes({"分工": SUZHOU_ROWS}, {"分工": ["A1:D1"]})
    document = parse_source(decode_document(data, "suzhou.xlsx"))
    assert document.info.title == "苏州市水务局2026年工作要点"
    assert [task.title.text for task in document.tasks][:1] == ["完成河道清淤120公里"]
