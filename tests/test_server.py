"""The read-only SPARQL endpoint, started by the test on 127.0.0.1 with port 0."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build

from .conftest import EXAMPLE

REPO = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def serving(graph: Path, *options: str) -> Iterator[str]:
    """``policykg serve GRAPH --port 0 OPTIONS…`` started and, at the end, stopped: its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "policykg", "serve", str(graph), "--port", "0", *options],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    url = line.split(" at ", 1)[1].split(" ", 1)[0]
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


@pytest.fixture(scope="module")
def endpoint(example_build: BuildResult) -> Iterator[str]:
    with serving(example_build.graph_path.parent, "--timeout", "1.5", "--max-rows", "50") as url:
        yield url


def request(
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, str, str]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def query_url(url: str, query: str) -> str:
    return f"{url}sparql?{urllib.parse.urlencode({'query': query})}"


def test_it_binds_to_loopback(endpoint: str) -> None:
    assert endpoint.startswith("http://127.0.0.1:")


def test_a_select_over_get_answers_sparql_json(endpoint: str) -> None:
    status, media, body = request(
        query_url(
            endpoint,
            'SELECT ?n WHERE { ?o skos:prefLabel "组织处"@zh . ?t pk:responsibleParty ?o ;'
            " skos:notation ?n } ORDER BY xsd:integer(?n)",
        )
    )
    assert (status, media) == (200, "application/sparql-results+json; charset=utf-8")
    bindings = json.loads(body)["results"]["bindings"]
    assert [b["n"]["value"] for b in bindings] == ["1", "2", "3", "18", "20", "27"]


def test_post_and_content_negotiation(endpoint: str) -> None:
    query = b"SELECT (COUNT(?t) AS ?tasks) WHERE { ?t a pk:Task }"
    status, media, body = request(
        f"{endpoint}sparql",
        query,
        {"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert (status, media, body) == (200, "text/csv; charset=utf-8", "tasks\n31\n")
    status, _, body = request(
        f"{endpoint}sparql",
        b"query=" + urllib.parse.quote(query).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+xml",
        },
    )
    assert status == 200
    assert (
        '<binding name="tasks"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">31'
        in body
    )
    status, _, body = request(
        f"{endpoint}sparql",
        query,
        {"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"},
    )
    assert body.splitlines()[0] == "?tasks"


def test_updates_are_refused(endpoint: str) -> None:
    insert = b"INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert (
        request(f"{endpoint}sparql", insert, {"Content-Type": "application/sparql-update"})[0]
        == 403
    )
    assert (
        request(
            f"{endpoint}sparql",
            b"update=DROP+ALL",
            {"Content-Type": "application/x-www-form-urlencoded"},
        )[0]
        == 403
    )
    assert request(f"{endpoint}sparql", b"x", method="PUT")[0] == 403


def test_a_query_that_runs_too_long_is_stopped_within_the_limit(endpoint: str) -> None:
    started = time.perf_counter()
    status, _, body = request(
        query_url(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    )
    elapsed = time.perf_counter() - started
    assert status == 503
    assert body.startswith("the query ran longer than 1.5 s and was stopped")
    assert elapsed < 5
    assert request(query_url(endpoint, "ASK { ?s ?p ?o }"))[0] == 200  # still serving


def test_results_past_the_row_limit_are_refused(endpoint: str) -> None:
    status, _, body = request(query_url(endpoint, "SELECT ?s WHERE { ?s a pk:Task ; ?p ?o }"))
    assert status == 413
    assert "more than the limit of 50; add a LIMIT" in body


def test_malformed_sparql_is_a_bad_request(endpoint: str) -> None:
    status, _, body = request(query_url(endpoint, "SELECT ?x WHERE { ?x"))
    assert status == 400
    assert body.startswith("malformed SPARQL at line 1")


def test_the_query_page_the_named_queries_and_the_map_are_served(endpoint: str) -> None:
    status, media, page = request(endpoint)
    assert (status, media) == (200, "text/html; charset=utf-8")
    assert "tasks-of-office" in page
    assert "<textarea" in page
    status, _, listing = request(f"{endpoint}queries")
    assert {q["name"] for q in json.loads(listing)} >= {"office-load", "targets-of-office"}
    status, _, graph_map = request(f"{endpoint}map")
    assert status == 200
    assert "vis.Network" in graph_map


def test_a_store_served_in_memory_answers_as_on_disk(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([EXAMPLE], tmp_path / "out", BuildConfig(), store_dir=store)
    query = (
        'SELECT ?n WHERE { ?o skos:prefLabel "组织处"@zh . ?t pk:responsibleParty ?o ;'
        " skos:notation ?n } ORDER BY xsd:integer(?n)"
    )
    answers = []
    for options in ((), ("--in-memory",)):
        with serving(store, *options) as url:
            status, _, body = request(query_url(url, query))
            assert status == 200
            answers.append([b["n"]["value"] for b in json.loads(body)["results"]["bindings"]])
    assert answers[0] == answers[1] == ["1", "2", "3", "18", "20", "27"]
