"""Pushing to a real Oxigraph server (`oxigraph serve`, started by the test on loopback)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from output.push import push_graphs
from policykg.config import BuildConfig
from policykg.errors import InputError
from policykg.pipeline import BuildResult, build

from .conftest import THREE_PLANS

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
    "oxigraph"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    assert OXIGRAPH is not None, "the oxigraph server comes with the dev dependencies"
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def ask(url: str, query: str) -> list[list[str]]:
    request = urllib.request.Request(
        f"{url}/query?{urllib.parse.urlencode({'query': query})}", headers={"Accept": "text/csv"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        lines = response.read().decode().splitlines()
    return [line.split(",") for line in lines[1:]]


def test_a_store_is_pushed_one_graph_per_document_and_queried_back(
    oxigraph: str, tmp_path: Path
) -> None:
    store = tmp_path / "plans"
    build(list(THREE_PLANS), tmp_path / "out", BuildConfig(), store_dir=store)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "policykg",
            "push",
            str(store),
            "--endpoint",
            f"{oxigraph}/store",
            "--batch",
            "2000",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("Pushed 3 graph(s), ")
    tasks = ask(
        oxigraph,
        "SELECT ?g (COUNT(?t) AS ?n) WHERE { GRAPH ?g { ?t a "
        "<https://w3id.org/policykg/ns#Task> } } GROUP BY ?g ORDER BY ?n",
    )
    assert [n for _, n in tasks] == ["17", "18", "31"]
    assert len(ask(oxigraph, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == 3


def test_pushing_again_replaces_instead_of_adding(
    oxigraph: str, example_build: BuildResult
) -> None:
    graph = Graph().parse(example_build.graph_path)
    for _ in range(2):
        push_graphs([("urn:plan", graph)], f"{oxigraph}/store", batch=3000)
    (count,) = ask(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:plan> { ?s ?p ?o } }")
    assert int(count[0]) == len(graph)


def test_a_refusal_is_one_clear_error(example_build: BuildResult) -> None:
    graph = Graph().parse(example_build.graph_path)
    with pytest.raises(InputError, match=r"cannot reach http://127\.0\.0\.1:\d+/store"):
        push_graphs(
            [("urn:plan", graph)], f"http://127.0.0.1:{free_port()}/store", retries=1, pause=0.01
        )
    with pytest.raises(InputError, match="--endpoint must be an http"):
        push_graphs([("urn:plan", graph)], "ftp://example")
