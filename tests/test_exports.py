"""policykg export: every RDF syntax round-trips, the property graphs read back whole, the
CSV pair loads into an embedded Cypher database and answers as SPARQL does, and the workbook
is one an office can open as it is."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import openpyxl
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.named import named_query
from graph.property_graph import property_graph
from graph.query import run_query
from graph.store import PlanStore
from output.exports import write_export
from policykg.config import BuildConfig
from policykg.errors import InputError
from policykg.pipeline import BuildResult, build
from policykg.sources import plans_of

from .conftest import REPO, THREE_PLANS
from .hostile.test_escaping import HOSTILE_UNITS, hostile_plan

if TYPE_CHECKING:  # for the annotation: the Cypher test imports the database where it runs
    from real_ladybug import Connection

EXAMPLE_GRAPH = "https://w3id.org/policykg/id/graph/2024-5f44b5354c7b"
RDF_SYNTAXES = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def quads_by_graph(path: Path, export_format: str) -> dict[str, Graph]:
    """The named graphs of an N-Quads or TriG file, each as an rdflib graph (parsed by
    Oxigraph: rdflib's own dataset parser warns of its deprecated API)."""
    rdf_format = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[export_format]
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=str(path), format=rdf_format):
        line = f"{quad.subject} {quad.predicate} {quad.object} .\n"
        graphs.setdefault(str(quad.graph_name.value), Graph()).parse(data=line, format="nt")
    return graphs


def export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policykg", "export", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


@pytest.mark.parametrize("export_format", sorted(RDF_SYNTAXES))
def test_each_rdf_syntax_parses_back_isomorphic_to_the_graph(
    export_format: str, example_build: BuildResult, example_graph: Graph, tmp_path: Path
) -> None:
    out = tmp_path / f"plan.{export_format}"
    result = export(
        str(example_build.graph_path.parent), "--format", export_format, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"Exported 1 plan(s), 31 tasks as {export_format} → {out}")
    back = Graph().parse(out, format=RDF_SYNTAXES[export_format])
    assert len(back) == 10386
    assert isomorphic(back, example_graph)


@pytest.mark.parametrize("export_format", ["nq", "trig"])
def test_quads_hold_each_plan_in_its_own_named_graph(
    export_format: str, example_build: BuildResult, example_graph: Graph, tmp_path: Path
) -> None:
    out = tmp_path / f"plan.{export_format}"
    write_export(plans_of(example_build.graph_path), export_format, out)
    graphs = quads_by_graph(out, export_format)
    assert list(graphs) == [EXAMPLE_GRAPH]
    assert isomorphic(graphs[EXAMPLE_GRAPH], example_graph)


def test_a_store_exports_the_quads_it_holds(tmp_path: Path) -> None:
    store_dir = tmp_path / "plans"
    build(list(THREE_PLANS), tmp_path / "out", BuildConfig(), store_dir=store_dir)
    out = tmp_path / "plans.nq"
    result = export(str(store_dir), "--format", "nq", "--out", str(out))
    assert result.returncode == 0, result.stderr
    graphs = quads_by_graph(out, "nq")
    store = PlanStore(store_dir, writable=False)
    try:
        assert sorted(graphs) == store.graphs()
        for iri, graph in graphs.items():
            expected = Graph().parse(data="".join(store.ntriples_lines(iri)), format="nt")
            assert isomorphic(graph, expected), iri
    finally:
        store.close()
    assert len(graphs) == 3
    one = export(str(store_dir), "--format", "nq", "--plan", "2024-5f44b5354c7b")
    assert {line.rsplit(" ", 2)[-2] for line in one.stdout.splitlines()} == {f"<{EXAMPLE_GRAPH}>"}


def test_json_ld_keys_are_the_compact_context_terms(example_build: BuildResult) -> None:
    document = json.loads(export(str(example_build.graph_path), "--format", "jsonld").stdout)
    keys = {key for node in document["@graph"] for key in node}
    assert {"title", "responsibleParty", "leadParty", "prefLabel", "hasTarget"} <= keys | {
        "leadParty"
    }
    assert {"title", "responsibleParty", "prefLabel", "hasTarget", "metricText"} <= keys
    assert not [key for key in keys if ":" in key or key.startswith("http")]
    task = next(n for n in document["@graph"] if n.get("@id", "").endswith("/task-1"))
    assert task["@type"] == "pk:Task"
    assert task["prefLabel"] == {"@language": "zh", "@value": "激发党组织领导的校长负责制制度优势"}


def test_an_unknown_format_and_a_binary_one_to_stdout_are_one_clear_error(
    example_build: BuildResult,
) -> None:
    wrong = export(str(example_build.graph_path), "--format", "tll")
    assert (wrong.returncode, wrong.stderr) == (
        1,
        "Error: unknown format 'tll'; choose one of: ttl, nt, nq, trig, jsonld, rdfxml, graphml, "
        "gexf, csv, xlsx\n",
    )
    binary = export(str(example_build.graph_path), "--format", "xlsx")
    assert (binary.returncode, binary.stderr) == (
        1,
        "Error: --format xlsx needs --out: the .xlsx file to write\n",
    )
    with pytest.raises(InputError, match=r"no plan with key 'nope'; its plans: 2024-5f44b5354c7b"):
        plans_of(example_build.graph_path, "nope")


@pytest.mark.parametrize("export_format", ["graphml", "gexf"])
def test_property_graphs_read_back_by_networkx_with_the_same_nodes_edges_and_attributes(
    export_format: str, example_build: BuildResult, tmp_path: Path
) -> None:
    plans = plans_of(example_build.graph_path)
    expected = property_graph(plans)
    out = tmp_path / f"plan.{export_format}"
    write_export(plans, export_format, out)
    back = nx.read_graphml(out) if export_format == "graphml" else nx.read_gexf(out)
    assert set(back.nodes) == set(expected.nodes)
    assert set(back.edges) == set(expected.edges)
    for node, data in expected.nodes(data=True):
        assert back.nodes[node] == data, node
    for start, end, data in expected.edges(data=True):
        found = {k: v for k, v in back.edges[start, end].items() if k != "id"}
        assert found == data
    kinds = nx.get_node_attributes(back, "kind")
    assert sum(1 for k in kinds.values() if k == "Task") == 31
    office = next(n for n, d in back.nodes(data=True) if d["label"] == "基教处")
    assert back.nodes[office]["tasks"] == 12
    relations = {d["relation"] for *_, d in back.edges(data=True)}
    assert relations == {"UNSPECIFIED", "PART_OF", "HAS_TARGET", "MENTIONS"}


def test_the_csv_pair_loads_into_a_cypher_database_that_answers_as_sparql_does(
    example_build: BuildResult, example_graph: Graph, tmp_path: Path
) -> None:
    import real_ladybug as ladybug

    out = tmp_path / "neo4j"
    result = export(str(example_build.graph_path), "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["nodes.csv", "relationships.csv"]
    database = ladybug.Database(str(tmp_path / "db"))
    connection = ladybug.Connection(database)
    _load_neo4j_pair(connection, out)
    answer = connection.execute(
        "MATCH (o:Office {label: '基教处'})-[r]->(t:Task) "
        "WHERE label(r) IN ['LEAD', 'SUPPORTING', 'UNSPECIFIED'] RETURN t.number ORDER BY t.number"
    )
    assert isinstance(answer, ladybug.QueryResult)  # one statement: one result
    cypher = set()
    while answer.has_next():
        row = answer.get_next()
        assert isinstance(row, list)  # a row is a list unless the result was asked for dicts
        cypher.add(row[0])
    query = named_query("tasks-of-office")
    sparql = run_query(example_graph, query.text, query.bindings({"office": "基教处"}))
    task = sparql.columns.index("task")  # after the plan and issuer columns
    tasks = {str(row[task]) for row in sparql.rows}
    assert len(tasks) == 12
    assert cypher == tasks


def _load_neo4j_pair(connection: Connection, directory: Path) -> None:
    """Neo4j's bulk-import files into one node table per :LABEL and one relationship table per
    :TYPE and pair of labels, as a user of an embedded Cypher database loads them."""
    with (directory / "nodes.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    columns = [(name.split(":")[0], name.endswith(":int")) for name in header[2:]]
    labels: dict[str, str] = {}
    for label in sorted({row[1] for row in rows}):
        fields = ", ".join(f"{n} {'INT64' if i else 'STRING'}" for n, i in columns)
        connection.execute(f"CREATE NODE TABLE {label}(id STRING PRIMARY KEY, {fields})")
    for row in rows:
        labels[row[0]] = row[1]
        values = {"id": row[0]} | {
            n: (int(v) if v else None) if i else v
            for (n, i), v in zip(columns, row[2:], strict=True)
        }
        assignments = ", ".join(f"{k}: ${k}" for k in values)
        connection.execute(f"CREATE (:{row[1]} {{{assignments}}})", values)
    with (directory / "relationships.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        edges = list(reader)
    for relation in sorted({e[2] for e in edges}):
        pairs = sorted({(labels[e[0]], labels[e[1]]) for e in edges if e[2] == relation})
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in pairs)
        connection.execute(f"CREATE REL TABLE {relation}({ends}, position INT64)")
    for start, end, relation, position in edges:
        connection.execute(
            f"MATCH (a:{labels[start]} {{id: $s}}), (b:{labels[end]} {{id: $e}}) "
            f"CREATE (a)-[:{relation} {{position: $p}}]->(b)",
            {"s": start, "e": end, "p": int(position) if position else None},
        )


def test_the_workbook_has_the_offices_layout_frozen_headers_and_chinese_widths(
    example_build: BuildResult, tmp_path: Path
) -> None:
    out = tmp_path / "plan.xlsx"
    result = export(str(example_build.graph_path), "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    names = book.sheetnames
    assert names[0] == "任务分工表"
    assert names[-1] == "目标清单"
    assert len([n for n in names if n.startswith("责任清单-")]) == 22
    assert names[1] == "责任清单-基教处"  # the busiest office first
    sheet = book["任务分工表"]
    assert sheet["A1"].value == "宁波市教育局2024年工作要点"
    assert [c.value for c in sheet[2]] == [
        "序号", "任务", "责任单位", "牵头单位", "配合单位", "目标指标", "完成时限", "原文",
    ]  # fmt: skip
    assert sheet.freeze_panes == "A3"
    assert sheet["A3"].value == "一、坚持和加强党的全面领导"
    assert "A3:H3" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[4]][:5] == [
        "1",
        "激发党组织领导的校长负责制制度优势",
        "秘书处、组织处、发规处、督导处、宣德处、计财处、校安处",
        None,
        None,
    ]
    assert sheet.column_dimensions["B"].width >= 2 * len("激发党组织领导的校长负责制制度优势")
    assert sheet.column_dimensions["H"].width == 60  # long text wraps
    office = book["责任清单-基教处"]
    assert office.max_row == 2 + 12
    assert {office.cell(r, 3).value for r in range(3, 15)} == {"责任"}
    assert office.cell(2, 3).value == "本单位"
    assert [office.cell(2, c).value for c in (6, 7)] == ["完成时限", "截止日期"]
    assert {(office.cell(r, 6).value, office.cell(r, 7).value) for r in range(3, 15)} == {
        (None, "2024-12-31")  # implied by the plan's year: no words stated, the day
    }
    assert {sheet.cell(r, 7).value for r in range(4, sheet.max_row + 1)} == {None}
    targets = book["目标清单"]
    assert targets.max_row == 2 + 119
    header = [c.value for c in targets[2]]
    at = header.index("完成时限")
    assert header[at : at + 3] == ["完成时限", "截止日期", "时限隐含"]
    assert {tuple(c.value for c in row[at : at + 3]) for row in targets.iter_rows(min_row=3)} == {
        ("2024年", "2024-12-31", "是")
    }


def test_workbook_cells_never_start_a_formula(tmp_path: Path) -> None:
    source = tmp_path / "hostile.txt"
    source.write_text(hostile_plan(2025), encoding="utf-8")
    built = build([source], tmp_path / "out", BuildConfig())
    out = tmp_path / "hostile.xlsx"
    write_export(plans_of(built.graph_path), "xlsx", out)
    book = openpyxl.load_workbook(out)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {str(c.value) for c in cells}
    assert '\'=HYPERLINK("http://x")处' in texts
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert {f"责任清单-{u.translate(str.maketrans('[]:*?/', '_' * 6))}"[:31]
            for u in HOSTILE_UNITS[:4]} <= set(book.sheetnames)  # fmt: skip
