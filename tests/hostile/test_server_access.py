"""Who the endpoint answers, what it reads from them and how it holds up: no fetches for a
query (SERVICE refused unless allowed), no requests from other hosts or origins, headers and
bodies checked and timed, and cheap queries answered while two hundred slow ones wait."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from policykg.pipeline import BuildResult

from ..test_server import query_url, request, serving
from .bounded import run_policykg

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture(scope="module")
def built(example_build: BuildResult) -> Path:
    return example_build.graph_path.parent


@pytest.fixture(scope="module")
def endpoint(built: Path) -> Iterator[str]:
    with serving(built, "--timeout", "3", "--queue-wait", "2", "--read-timeout", "1") as url:
        yield url


class _Listener:
    """A SPARQL endpoint of the test's own on loopback, counting the requests it gets."""

    def __init__(self) -> None:
        self.requests = 0
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener.requests += 1
                body = json.dumps(
                    {
                        "head": {"vars": ["x"]},
                        "results": {"bindings": [{"x": {"type": "literal", "value": "far"}}]},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    far = _Listener()
    yield far
    far.close()


def federated(url: str) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}"


def test_service_is_refused_by_query_unless_its_host_is_allowed(
    built: Path, listener: _Listener
) -> None:
    refused = run_policykg("query", built, federated(listener.url), seconds=60)
    assert refused.code == 1
    assert refused.errors == [
        f"Error: SERVICE <{listener.url}>: federated queries are off; to allow federated "
        "queries to it, add --allow-service 127.0.0.1"
    ]
    spelled = run_policykg(
        "query", built, f"SELECT * {{ \\u0053ERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"
    )
    assert spelled.code == 1
    assert listener.requests == 0
    allowed = run_policykg(
        "query", built, federated(listener.url), "--allow-service", "127.0.0.1", "--format", "csv"
    )
    assert (allowed.code, allowed.stdout) == (0, "\ufeffx\nfar\n")
    assert listener.requests == 1


def test_service_is_refused_by_a_store_too(tmp_path: Path, listener: _Listener) -> None:
    from ..conftest import EXAMPLE

    store = tmp_path / "store"
    assert run_policykg("build", EXAMPLE, "--store", store, "--out", tmp_path / "out").code == 0
    refused = run_policykg("query", store, federated(listener.url))
    assert (refused.code, refused.errors[0][:40]) == (1, f"Error: SERVICE <{listener.url}>"[:40])
    assert listener.requests == 0


def test_serve_refuses_service_by_default(endpoint: str, listener: _Listener) -> None:
    status, _, body = request(query_url(endpoint, federated(listener.url)))
    assert (status, body) == (
        400,
        f"SERVICE <{listener.url}>: federated queries are off; to allow federated queries to "
        "it, add --allow-service 127.0.0.1\n",
    )
    assert listener.requests == 0


def test_a_request_for_another_host_is_refused(endpoint: str) -> None:
    status, _, body = request(query_url(endpoint, "ASK {}"), headers={"Host": "evil.example"})
    assert (status, body) == (
        403,
        "Host 'evil.example' is not this server's address; if it is a name of this server, "
        "start serve with --allow-host evil.example\n",
    )
    assert request(query_url(endpoint, "ASK {}"), headers={"Host": "localhost:1"})[0] == 200


def test_a_name_given_with_allow_host_is_answered(built: Path) -> None:
    with serving(built, "--allow-host", "kg.example.org") as url:
        ok = request(query_url(url, "ASK {}"), headers={"Host": "kg.example.org:8000"})
        assert ok[0] == 200
        assert request(query_url(url, "ASK {}"), headers={"Host": "evil.example"})[0] == 403


def test_a_cross_origin_form_post_is_refused(endpoint: str) -> None:
    form = b"query=" + urllib.parse.quote("ASK {}").encode()
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, body = request(f"{endpoint}sparql", form, {**kind, "Origin": "http://evil.example"})
    assert (status, body) == (
        403,
        "requests from 'http://evil.example' are refused (another origin)\n",
    )
    assert request(f"{endpoint}sparql", form, {**kind, "Sec-Fetch-Site": "cross-site"})[0] == 403
    same = endpoint.rstrip("/")
    assert request(f"{endpoint}sparql", form, {**kind, "Origin": same})[0] == 200


def raw_exchange(endpoint: str, data: bytes, wait: float = 5) -> bytes:
    """Send ``data`` on a connection of its own; everything the server answers until it
    closes the connection."""
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def post(length: str, body: bytes = b"ASK {}") -> bytes:
    return (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        + f"Content-Length: {length}\r\n\r\n".encode()
        + body
    )


def test_content_length_is_checked_before_anything_is_read(endpoint: str) -> None:
    for length in ("-1", "abc", "+6", "6 6"):
        answer = raw_exchange(endpoint, post(length))
        assert answer.startswith(b"HTTP/1.0 400 "), length
        assert (
            f"Content-Length must be one whole number of bytes, not '{length}'".encode() in answer
        )
    missing = raw_exchange(endpoint, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert missing.startswith(b"HTTP/1.0 411 ")
    assert request(query_url(endpoint, "ASK {}"))[0] == 200  # still serving


def test_a_short_body_is_answered_408_once_the_read_times_out(endpoint: str) -> None:
    started = time.perf_counter()
    answer = raw_exchange(endpoint, post("100", b"ASK"))
    assert answer.startswith(b"HTTP/1.0 408 ")
    assert b"the body ended after 3 of its 100 bytes (nothing came for 1 s)" in answer
    assert time.perf_counter() - started < 4


def test_an_idle_connection_is_closed(endpoint: str) -> None:
    started = time.perf_counter()
    assert raw_exchange(endpoint, b"") == b""  # closed by the server, nothing said
    assert 0.9 < time.perf_counter() - started < 4


def test_a_cheap_query_is_answered_while_200_slow_ones_wait(endpoint: str) -> None:
    def slow(_: int) -> int:
        return request(query_url(endpoint, SLOW))[0]

    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = pool.map(slow, range(200))
        time.sleep(1.0)  # every slow query sent and waiting
        started = time.perf_counter()
        status, _, body = request(query_url(endpoint, "ASK {}"))
        elapsed = time.perf_counter() - started
        answered = list(statuses)
    assert status == 200, body
    assert json.loads(body)["boolean"] is True
    # Queued behind the slow ones it would have waited out --queue-wait (2 s) and got a 503
    # like them; the quick lane answers it at once (under a second on an idle machine; 3 s
    # was seen at a load of 12 on 2 cores, where even forking a worker waits).
    assert elapsed < 2.0
    assert set(answered) == {503}
