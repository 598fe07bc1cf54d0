"""Pushing to a real Oxigraph server (`oxigraph serve`, started by the test on loopback), and
to small servers of the test's own that fail, hang or ask for credentials."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.file_triples import ntriples_lines
from output.push import PushTarget, push_graphs
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


def count(url: str, graph: str) -> int:
    (row,) = ask(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(row[0])


def push_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policykg", "push", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_a_store_is_pushed_one_graph_per_document_and_queried_back(
    oxigraph: str, tmp_path: Path
) -> None:
    store = tmp_path / "plans"
    build(list(THREE_PLANS), tmp_path / "out", BuildConfig(), store_dir=store)
    result = push_cli(str(store), "--endpoint", f"{oxigraph}/store", "--batch", "2000")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Pushed 3 graph(s), ")
    tasks = ask(
        oxigraph,
        "SELECT ?g (COUNT(?t) AS ?n) WHERE { GRAPH ?g { ?t a "
        "<https://w3id.org/policykg/ns#Task> } } GROUP BY ?g ORDER BY ?n",
    )
    assert [n for _, n in tasks] == ["17", "18", "31"]
    assert len(ask(oxigraph, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == 3


def test_push_prints_the_prologue_queries_to_the_server_need(
    oxigraph: str, example_build: BuildResult
) -> None:
    result = push_cli(str(example_build.graph_path), "--endpoint", f"{oxigraph}/store")
    assert result.returncode == 0, result.stderr
    summary, *prologue = result.stdout.splitlines()
    assert summary.startswith("Pushed 1 graph(s), 10386 triples in 1 request(s)")
    assert "PREFIX pk: <https://w3id.org/policykg/ns#>" in prologue
    assert any("GRAPH ?g" in line for line in prologue)
    query = "\n".join(prologue) + (
        "\nSELECT (COUNT(?t) AS ?n) WHERE { GRAPH ?g { ?t a pk:Task ; "
        'pk:responsibleParty/skos:prefLabel "基教处"@zh } }'
    )
    assert ask(oxigraph, query) == [["12"]]


def test_pushing_again_replaces_instead_of_adding(
    oxigraph: str, example_build: BuildResult
) -> None:
    target = PushTarget(f"{oxigraph}/store", batch=3000)
    for _ in range(2):
        push_graphs([("urn:plan", ntriples_lines(example_build.graph_path))], target)
    assert count(oxigraph, "urn:plan") == 10386


def test_a_graph_of_several_batches_is_uploaded_aside_and_moved_into_place(
    oxigraph: str, example_build: BuildResult
) -> None:
    target = PushTarget(f"{oxigraph}/store", update=f"{oxigraph}/update", batch=3000)
    result = push_graphs([("urn:plan", ntriples_lines(example_build.graph_path))], target)
    assert (result.triples, result.requests) == (10386, 5)  # 4 batches and one MOVE
    assert count(oxigraph, "urn:plan") == 10386
    graphs = ask(oxigraph, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert graphs == [["urn:plan"]]  # no temporary graph left


def test_a_batch_refused_after_the_first_leaves_the_graph_as_it_was(
    oxigraph: str, example_build: BuildResult
) -> None:
    target = PushTarget(f"{oxigraph}/store", update=f"{oxigraph}/update", batch=3000)
    push_graphs([("urn:plan", ntriples_lines(example_build.graph_path))], target)
    lines = [*list(ntriples_lines(example_build.graph_path))[:4000], "not n-triples .\n"]
    with pytest.raises(InputError) as refused:
        push_graphs([("urn:plan", iter(lines))], target)
    message = str(refused.value)
    assert message.startswith(f"{oxigraph}/store refused graph urn:uuid:")
    assert "HTTP 400" in message
    assert message.endswith("was dropped")
    assert "; urn:plan is unchanged; the partial upload to urn:uuid:" in message
    assert count(oxigraph, "urn:plan") == 10386
    assert ask(oxigraph, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }") == [["urn:plan"]]


class _Server(http.server.ThreadingHTTPServer):
    """A server of the test's own: ``answer(handler)`` writes each response."""

    daemon_threads = True


@pytest.fixture
def fake_server() -> Iterator[tuple[str, list[dict[str, str]], dict[str, object]]]:
    """A loopback server that records each request (method, Authorization) and answers as
    ``behaviour`` says: ``fail_after`` successful requests, ``hang``, or ``auth`` to demand."""
    seen: list[dict[str, str]] = []
    behaviour: dict[str, object] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            seen.append(
                {"method": self.command, "authorization": self.headers.get("Authorization", "")}
            )
            if behaviour.get("hang"):
                time.sleep(2)
            demanded = behaviour.get("auth")
            if demanded and not self.headers.get("Authorization", "").startswith("Basic "):
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="test"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            fail_after = behaviour.get("fail_after")
            refused = isinstance(fail_after, int) and len(seen) > fail_after
            body = b"\x1b]0;owned\x07disk full" if refused else b""
            self.send_response(400 if refused else 201)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # a client that gave up waiting
                self.wfile.write(body)

        do_PUT = do_POST = _answer

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", seen, behaviour
    finally:
        server.shutdown()
        server.server_close()


def test_a_batch_refused_in_place_says_how_much_of_the_graph_the_server_holds(
    fake_server: tuple[str, list[dict[str, str]], dict[str, object]],
) -> None:
    url, seen, behaviour = fake_server
    behaviour["fail_after"] = 2
    lines = [f"<urn:s> <urn:p> <urn:o{n}> .\n" for n in range(25)]
    with pytest.raises(InputError) as refused:
        push_graphs([("urn:g", iter(lines))], PushTarget(url, batch=10, retries=0))
    assert [r["method"] for r in seen] == ["PUT", "POST", "POST"]
    assert str(refused.value) == (
        f"{url} refused graph urn:g: HTTP 400 ]0;owned disk full; the server's graph urn:g now "
        "holds only the first 20 triples of this push (batches 1–2): push again to replace it "
        "whole, or give --update-endpoint so that graphs are uploaded aside and moved into place"
    )


def test_basic_credentials_are_sent_when_the_server_asks_for_them(
    fake_server: tuple[str, list[dict[str, str]], dict[str, object]],
) -> None:
    url, seen, behaviour = fake_server
    behaviour["auth"] = "basic"
    lines = ["<urn:s> <urn:p> <urn:o> .\n"]
    push_graphs([("urn:g", iter(lines))], PushTarget(url, credentials=("ann", "pw")))
    assert [r["authorization"] for r in seen] == ["", "Basic YW5uOnB3"]


def test_a_server_that_does_not_answer_is_given_up_after_the_timeout(
    fake_server: tuple[str, list[dict[str, str]], dict[str, object]],
) -> None:
    url, _, behaviour = fake_server
    behaviour["hang"] = True
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"no answer within --timeout 0\.3 s"):
        push_graphs([("urn:g", iter(["<urn:s> <urn:p> <urn:o> .\n"]))],
                    PushTarget(url, timeout=0.3, retries=0))  # fmt: skip
    assert time.perf_counter() - started < 1.5


def test_credentials_in_the_endpoint_are_never_printed(example_build: BuildResult) -> None:
    port = free_port()
    url = f"http://dba:s3cret@127.0.0.1:{port}/sparql-graph-crud-auth"
    result = push_cli(str(example_build.graph_path), "--endpoint", url, "--retries", "0")
    assert result.returncode == 1
    assert "s3cret" not in result.stderr + result.stdout
    assert result.stderr == (
        f"Error: cannot reach http://127.0.0.1:{port}/sparql-graph-crud-auth ([Errno 111] "
        "Connection "
        "refused); check the URL and that the server runs\n"
    )


def test_a_refusal_is_one_clear_error(example_build: BuildResult) -> None:
    lines = ntriples_lines(example_build.graph_path)
    with pytest.raises(InputError, match=r"cannot reach http://127\.0\.0\.1:\d+/store"):
        push_graphs(
            [("urn:plan", lines)],
            PushTarget(f"http://127.0.0.1:{free_port()}/store", retries=1, pause=0.01),
        )
    with pytest.raises(InputError, match="--endpoint and --update-endpoint take an http"):
        push_graphs([("urn:plan", lines)], PushTarget("ftp://example"))
