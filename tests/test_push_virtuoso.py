"""Pushing to OpenLink Virtuoso, a server-class store people run in production: Debian's
``virtuoso-t``, started by the test on loopback with a configuration of its own (ports and
files in a temporary directory). Virtuoso's Graph Store endpoint wants Digest authentication;
the named queries, sent with the prologue ``push`` prints, answer there as they do here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal

from graph.named import named_queries
from graph.query import QueryResult, load_graph, run_query
from ontology.namespaces import XSD
from policykg.pipeline import BuildResult

from .conftest import QUERY_PARAMS as PARAMS
from .conftest import REPO
from .test_push import free_port

VIRTUOSO = shutil.which("virtuoso-t")
pytestmark = pytest.mark.skipif(
    VIRTUOSO is None,
    reason="virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource-7-bin; "
    ".ci/run installs it); see the README, 'Scaling out to a SPARQL server'",
)

# Columns made by GROUP_CONCAT, and their separators: SPARQL leaves the order of the values
# joined open, so they are compared as sorted lists. Virtuoso 7.2 answers a plain (untagged)
# non-ASCII string constant of a query as "?" (openlink/virtuoso-opensource#609): the
# separator "、" comes back as "?" (names in the store carry @zh; tagged constants come through).
# (Column numbers count the plan and issuer every named query leads with.)
CONCATENATED = {
    "documents-to-issue": (6, "、", "?"),
    "due-by": (10, "、", "?"),
    "programmes-by-office": (4, " ", " "),
}
_NUMBERS = {str(XSD.integer), str(XSD.decimal), str(XSD.int), str(XSD.long), str(XSD.double)}

CONFIG = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}
ServerThreads = 10
CheckpointInterval = 60

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
MaxClientConnections = 5

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso of the test's own on 127.0.0.1 (a new database: user dba, password dba)."""
    assert VIRTUOSO is not None
    directory = tmp_path_factory.mktemp("virtuoso")
    http_port = free_port()
    config = directory / "virtuoso.ini"
    config.write_text(CONFIG.format(dir=directory, sql_port=free_port(), http_port=http_port))
    process = subprocess.Popen(
        [VIRTUOSO, "-f", "-c", str(config)],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 90  # a new database takes some 10 s to make
    while True:
        try:
            urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = (directory / "virtuoso.log").read_text(errors="replace")[-2000:]
                process.kill()
                pytest.fail(f"Virtuoso did not start:\n{log}")
            time.sleep(0.5)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def push(virtuoso: str, graph: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICYKG_PUSH_USER": "dba", "POLICYKG_PUSH_PASSWORD": "dba"}
    return subprocess.run(
        [sys.executable, "-m", "policykg", "push", str(graph), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )


def joined_as_sets(
    rows: list[tuple[object, ...]], column: int, separator: str
) -> list[tuple[object, ...]]:
    def cell(value: object) -> object:
        return tuple(sorted(str(value).split(separator)))

    return sorted(tuple(cell(v) if i == column else v for i, v in enumerate(row)) for row in rows)


def remote_rows(url: str, query: str) -> list[tuple[object, ...]]:
    request = urllib.request.Request(
        f"{url}/sparql?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    columns = answer["head"]["vars"]
    return sorted(
        tuple(_remote_value(row.get(c)) for c in columns) for row in answer["results"]["bindings"]
    )


def _remote_value(cell: dict[str, str] | None) -> object:
    if cell is None:
        return None
    if cell.get("datatype") in _NUMBERS:
        return Decimal(cell["value"]).normalize()
    return cell["value"]


def local_rows(result: QueryResult) -> list[tuple[object, ...]]:
    def value(node: object) -> object:
        if node is None:
            return None
        if isinstance(node, Literal) and str(node.datatype) in _NUMBERS:
            return Decimal(str(node)).normalize()
        return str(node)

    return sorted(tuple(value(n) for n in row) for row in result.rows)


def with_values(
    query: str,
    params: dict[str, str],
    languages: dict[str, str],
    datatypes: dict[str, str] | None = None,
) -> str:
    """The query with its parameters as a VALUES block opening its WHERE clause: how a
    client binds them for a remote server (Python's quoting: the values here are plain)."""
    if not params:
        return query
    names = " ".join(f"?{name}" for name in params)
    types = datatypes or {}
    values = " ".join(
        f'"{value}"@{languages[name]}'
        if name in languages
        else f'"{value}"^^<http://www.w3.org/2001/XMLSchema#{types[name]}>'
        if name in types
        else f'"{value}"'
        for name, value in params.items()
    )
    where = query.index("WHERE {") + len("WHERE {")
    return f"{query[:where]}\n  VALUES ({names}) {{ ({values}) }}{query[where:]}"


def test_push_to_virtuoso_with_digest_auth_answers_the_named_queries_as_here(
    virtuoso: str, example_build: BuildResult
) -> None:
    store = f"{virtuoso}/sparql-graph-crud-auth"
    pushed = push(
        virtuoso,
        example_build.graph_path,
        "--endpoint",
        store,
        "--update-endpoint",
        f"{virtuoso}/sparql-auth",
        "--batch",
        "4000",
    )
    assert pushed.returncode == 0, pushed.stderr
    summary, *prologue_lines = pushed.stdout.splitlines()
    # 3 batches into a temporary graph, then the MOVE into place.
    assert summary.startswith(f"Pushed 1 graph(s), 10386 triples in 4 request(s) to {store}")
    prologue = "\n".join(prologue_lines) + "\n"
    graph = load_graph(example_build.graph_path)
    empty = set()
    for name, query in named_queries().items():
        params = PARAMS.get(name, {})
        here = local_rows(run_query(graph, query.text, query.bindings(params)))
        text = prologue + with_values(
            query.text, params, dict(query.languages), dict(query.datatypes)
        )
        there = remote_rows(virtuoso, text)
        if name in CONCATENATED:
            column, separator, as_virtuoso_writes_it = CONCATENATED[name]
            here = joined_as_sets(here, column, separator)
            there = joined_as_sets(there, column, as_virtuoso_writes_it)
        assert there == here, name
        if not here:
            empty.add(name)
    # Every task of the example names its units; no progress report is laid over it.
    assert empty == {"tasks-without-unit", "behind-schedule", "progress-of-office"}


def test_pushing_to_virtuoso_again_replaces_the_graph(
    virtuoso: str, example_build: BuildResult
) -> None:
    store = f"{virtuoso}/sparql-graph-crud-auth"
    for _ in range(2):
        pushed = push(virtuoso, example_build.graph_path, "--endpoint", store)
        assert pushed.returncode == 0, pushed.stderr
    graph = "https://w3id.org/policykg/id/graph/2024-5f44b5354c7b"
    (row,) = remote_rows(
        virtuoso, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    assert row == (Decimal(10386),)
    tasks = remote_rows(
        virtuoso, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ns#Task> }"
    )
    assert tasks == [(Decimal(31),)]


def test_basic_auth_alone_is_refused_by_virtuoso_with_a_hint(
    virtuoso: str, example_build: BuildResult
) -> None:
    pushed = push(
        virtuoso,
        example_build.graph_path,
        "--endpoint",
        f"{virtuoso}/sparql-graph-crud-auth",
        "--auth",
        "basic",
    )
    assert pushed.returncode == 1
    assert pushed.stderr.startswith(
        f"Error: {virtuoso}/sparql-graph-crud-auth refused graph "
        "https://w3id.org/policykg/id/graph/2024-5f44b5354c7b: HTTP 401 "
    )
    assert "POLICYKG_PUSH_USER" in pushed.stderr
