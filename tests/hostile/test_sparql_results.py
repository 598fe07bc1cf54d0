"""SPARQL results as the standards write them: CSV values as they are (no spreadsheet guard),
XML well-formed whatever the literals hold, the media type asked for or 406, and CONSTRUCT
held to the row cap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from ..test_server import query_url, request, serving
from .bounded import run_policykg

GRAPH = (
    '<urn:a> <urn:value> "-5" .\n'
    '<urn:a> <urn:name> "=SUM(A1)" .\n'
    '<urn:b> <urn:name> "bell\\u0007 and escape\\u001B" .\n'
)


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("results") / "g.nt"
    path.write_text(GRAPH, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def endpoint(graph: Path) -> Iterator[str]:
    with serving(graph, "--max-rows", "2") as url:
        yield url


def test_query_csv_writes_values_as_they_are(graph: Path) -> None:
    done = run_policykg(
        "query", graph, "SELECT ?v WHERE { <urn:a> ?p ?v } ORDER BY ?v", "--format", "csv"
    )
    assert (done.code, done.stdout) == (0, "\ufeffv\n-5\n=SUM(A1)\n")  # the mark for Excel


def test_serve_csv_writes_values_as_they_are(endpoint: str) -> None:
    status, media, body = request(
        query_url(endpoint, "SELECT ?v WHERE { <urn:a> <urn:value> ?v }"),
        headers={"Accept": "text/csv"},
    )
    assert (status, media, body) == (200, "text/csv; charset=utf-8", "v\n-5\n")


def test_xml_results_are_well_formed_with_control_characters(endpoint: str, graph: Path) -> None:
    query = "SELECT ?n WHERE { <urn:b> <urn:name> ?n }"
    status, _, body = request(
        query_url(endpoint, query), headers={"Accept": "application/sparql-results+xml"}
    )
    assert status == 200
    literal = ElementTree.fromstring(body).find(
        ".//{http://www.w3.org/2005/sparql-results#}literal"
    )
    assert literal is not None
    assert literal.text == "bell\ufffd and escape\ufffd"
    cli = run_policykg("query", graph, query, "--format", "xml")
    assert cli.stdout == body


def test_a_select_asked_for_as_turtle_is_not_acceptable(endpoint: str) -> None:
    status, media, body = request(
        query_url(endpoint, "SELECT * WHERE { ?s ?p ?o }"), headers={"Accept": "text/turtle"}
    )
    assert (status, media) == (406, "text/plain; charset=utf-8")
    assert body.startswith(
        "this query answers results; ask for one of: application/sparql-results+json"
    )
    status, media, _ = request(
        query_url(endpoint, "CONSTRUCT WHERE { <urn:a> <urn:value> ?o }"),
        headers={"Accept": "text/turtle"},
    )
    assert (status, media) == (200, "text/turtle; charset=utf-8")


def test_construct_is_held_to_the_row_cap(endpoint: str) -> None:
    status, _, body = request(query_url(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }"))
    assert (status, body) == (
        413,
        "the result has 3 triples, more than the limit of 2; add a LIMIT\n",
    )
