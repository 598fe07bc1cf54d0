"""Map views: one office's ego network, offices linked by shared tasks, everything at once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from graph.network import MapView
from graph.query import run_query
from policykg.cli import app
from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build

from .conftest import EXAMPLE, map_file
from .test_map import embedded

SHARED_TASKS = """
PREFIX pk: <https://w3id.org/policykg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?a ?b (COUNT(DISTINCT ?task) AS ?shared) WHERE {
  ?task prov:qualifiedAttribution/prov:agent ?x, ?y .
  ?x a org:Organization ; skos:prefLabel ?a .
  ?y a org:Organization ; skos:prefLabel ?b .
  FILTER NOT EXISTS { ?x a pk:GenericPartyReference }
  FILTER NOT EXISTS { ?y a pk:GenericPartyReference }
  FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b
"""


def view_build(tmp_path_factory: pytest.TempPathFactory, spec: str) -> BuildResult:
    out = tmp_path_factory.mktemp("view")
    return build([EXAMPLE], out, BuildConfig(), view=MapView.parse(spec))


@pytest.fixture(scope="module")
def coownership(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return view_build(tmp_path_factory, "coownership")


def test_coownership_links_each_pair_of_offices_by_the_tasks_they_share(
    coownership: BuildResult, example_graph: Graph
) -> None:
    html = map_file(coownership).read_text(encoding="utf-8")
    nodes, edges = embedded(html, "nodes"), embedded(html, "edges")
    labels = {n["id"]: n["name"] for n in nodes}
    assert Counter(n["kind"] for n in nodes) == {"office": 22}  # placeholders are not offices
    drawn = {(*sorted((str(labels[e["from"]]), str(labels[e["to"]]))), e["weight"]) for e in edges}
    shared = run_query(example_graph, SHARED_TASKS).rows
    expected = {(str(a), str(b), int(str(n))) for a, b, n in shared}
    assert drawn == expected
    pair = next(e for e in edges if {labels[e["from"]], labels[e["to"]]} == {"基教处", "教研室"})
    assert pair["title"] == "共同负责 7 项任务: 5、6、7、22、23、24、27"
    assert pair["arrows"] == {"to": {"enabled": False}}
    assert "共同负责任务 (线宽 = 任务数)" in html
    assert "牵头</div>" not in html  # the legend shows only the edges this view draws


def test_an_office_view_found_by_alias_keeps_its_tasks_and_their_partners(
    tmp_path_factory: pytest.TempPathFactory, example_graph: Graph
) -> None:
    result = view_build(tmp_path_factory, "office:机关党委")
    html = map_file(result).read_text(encoding="utf-8")
    nodes = embedded(html, "nodes")
    tasks = sorted((n["order"], n["number"]) for n in nodes if n["kind"] == "task")
    assert [number for _, number in tasks] == ["1", "2", "3", "18", "20", "27"]
    partners = {
        str(label)
        for (label,) in run_query(
            example_graph,
            """PREFIX prov: <http://www.w3.org/ns/prov#>
               PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
               SELECT DISTINCT ?label WHERE {
                 ?task prov:qualifiedAttribution/prov:agent/skos:prefLabel "组织处"@zh ;
                       prov:qualifiedAttribution/prov:agent/skos:prefLabel ?label }""",
        ).rows
    }
    shown = {str(n["name"]) for n in nodes if n["kind"] in ("office", "placeholder")}
    assert shown == partners
    assert "组织处" in shown
    assert len(shown) > 1
    # Asked by its alias, the office is named and marked by its canonical name.
    assert "<title>宁波市教育局2024年工作要点 · 组织处 · policykg</title>" in html
    assert "焦点处室: <b>组织处</b>" in html
    (focus,) = [n for n in nodes if n.get("focus")]
    assert (focus["name"], focus["borderWidth"]) == ("组织处", 4)


def test_the_full_view_shows_targets_programmes_and_documents_at_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    html = map_file(view_build(tmp_path_factory, "full")).read_text(encoding="utf-8")
    details = [n for n in embedded(html, "nodes") if n["kind"] in ("target", "document")]
    assert len(details) == 119 + 15
    assert not any(n["hidden"] for n in details)
    assert 'data-kind="target" checked' in html


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ("office:不存在的处", "Error: --view: 没有处室“不存在的处”；处室有：人事处、体艺劳处、"),
        ("office:基教", "Error: --view: 没有处室“基教”；是否指：基教处\n"),
        ("office:", "Error: --view: unknown view 'office:'; choose one of: ownership, full, "),
        ("map", "Error: --view: unknown view 'map'; choose one of: ownership, full, "),
    ],
)
def test_an_unknown_view_or_office_is_one_error_line_and_nothing_is_written(
    tmp_path: Path, spec: str, error: str
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(EXAMPLE), "--out", str(out), "--view", spec])
    assert result.exit_code == 1
    assert result.stderr.startswith(error)
    assert result.stderr.count("\n") == 1
    assert not out.exists()
