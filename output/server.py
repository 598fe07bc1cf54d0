"""A read-only SPARQL 1.1 Protocol endpoint over a graph or a store, with a query page.

Why our own small server on the standard library's ``ThreadingHTTPServer``: it needs no
dependency, binds to 127.0.0.1 unless told otherwise, and every limit is ours to enforce.
Each query runs in a forked worker process that is killed when it exceeds the time limit (a
thread running rdflib or Oxigraph cannot be stopped; a process can). Results are capped in
rows. SPARQL Update is refused with 403. ``GET /`` is an offline query page pre-filled with the
named queries; ``/map`` and ``/report`` serve the built HTML beside the graph.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from rdflib import BNode, Literal, URIRef

from graph.named import named_queries
from graph.query import QueryResult
from policykg.errors import InputError

from .results import format_result
from .serialize import serialize_graph

log = logging.getLogger(__name__)

_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_MEDIA = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
}
_MAX_QUERY_BYTES = 1_000_000
# A body past the cap is read and dropped, up to this much, so that the client, still
# sending, hears the 413 rather than a reset connection; past it the connection is cut.
_MAX_DISCARDED_BYTES = 64_000_000
_DISCARD_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """How long a query may run and how many rows it may return."""

    timeout: float = 10.0
    max_rows: int = 100_000


Runner = Callable[[str], QueryResult]


def make_server(
    runner: Runner, host: str, port: int, limits: ServerLimits, pages: Path | None
) -> ThreadingHTTPServer:
    """A server answering SPARQL with ``runner``; bound but not yet serving."""
    handler = type(
        "Handler", (_Handler,), {"runner": staticmethod(runner), "limits": limits, "pages": pages}
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


class _Handler(BaseHTTPRequestHandler):
    runner: Runner
    limits: ServerLimits
    pages: Path | None
    server_version = "policykg"

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    # --- routes ----------------------------------------------------------------------------

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path == "/sparql":
            if "update" in params:
                self._refuse_update()
            elif "query" in params:
                self._answer(params["query"][0])
            else:
                self._send_text(HTTPStatus.BAD_REQUEST, "give a query: /sparql?query=…")
        elif url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _query_page().encode("utf-8"))
        elif url.path == "/queries":
            body = json.dumps(
                [
                    {
                        "name": q.name,
                        "description": q.description,
                        "params": [p for p, _ in q.params],
                        "query": q.text,
                    }
                    for q in named_queries().values()
                ],
                ensure_ascii=False,
            )
            self._send(HTTPStatus.OK, "application/json", body.encode("utf-8"))
        elif url.path in ("/map", "/report") and self.pages is not None:
            name = "graph.html" if url.path == "/map" else "report.html"
            page = self.pages / name
            if page.is_file():
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.read_bytes())
            else:
                self._send_text(HTTPStatus.NOT_FOUND, f"{name} has not been built")
        else:
            self._send_text(HTTPStatus.NOT_FOUND, "not found; try / or /sparql")

    def do_POST(self) -> None:
        if urllib.parse.urlsplit(self.path).path != "/sparql":
            self._send_text(HTTPStatus.NOT_FOUND, "not found; POST to /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_QUERY_BYTES:
            self._discard(length)
            self._send_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query too long")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            self._refuse_update()
        elif kind == "application/sparql-query":
            self._answer(body)
        else:
            form = urllib.parse.parse_qs(body)
            if "update" in form:
                self._refuse_update()
            elif "query" in form:
                self._answer(form["query"][0])
            else:
                self._send_text(HTTPStatus.BAD_REQUEST, "give a query: query=…")

    def do_PUT(self) -> None:
        self._refuse_update()

    do_DELETE = do_PUT
    do_PATCH = do_PUT

    # --- answering -------------------------------------------------------------------------

    def _refuse_update(self) -> None:
        self._send_text(
            HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused"
        )

    def _answer(self, query: str) -> None:
        status, media, body = _run_in_worker(self.runner, query, self._accepted(), self.limits)
        self._send(status, media, body)

    def _accepted(self) -> str:
        accept = self.headers.get("Accept") or ""
        for part in accept.split(","):
            media = part.split(";")[0].strip().lower()
            if media in _MEDIA or media in _GRAPH_MEDIA:
                return media
        return "application/sparql-results+json"

    def _discard(self, length: int) -> None:
        """Read and drop a body of ``length`` bytes (up to _MAX_DISCARDED_BYTES)."""
        left = min(length, _MAX_DISCARDED_BYTES)
        while left > 0 and (chunk := self.rfile.read(min(left, _DISCARD_CHUNK))):
            left -= len(chunk)
        self.close_connection = True

    def _send_text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    def _send(self, status: HTTPStatus, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


def _run_in_worker(
    runner: Runner, query: str, media: str, limits: ServerLimits
) -> tuple[HTTPStatus, str, bytes]:
    """Answer a query in a forked process; kill it when it runs past the time limit."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(runner, query, media, limits, sender))
    worker.start()
    sender.close()
    try:
        if receiver.poll(limits.timeout):
            status, content_type, body = receiver.recv()
            return HTTPStatus(status), content_type, body
        return (
            HTTPStatus.SERVICE_UNAVAILABLE,
            "text/plain; charset=utf-8",
            f"the query ran longer than {limits.timeout:g} s and was stopped; narrow it "
            "or add a LIMIT\n".encode(),
        )
    except EOFError:
        return HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain", b"the query worker died\n"
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join()


def _work(runner: Runner, query: str, media: str, limits: ServerLimits, sender: Any) -> None:
    try:
        sender.send(_respond(runner(query), media, limits))
    except InputError as exc:
        sender.send((400, "text/plain; charset=utf-8", f"{exc}\n".encode()))
    except Exception as exc:
        sender.send((500, "text/plain; charset=utf-8", f"the query failed: {exc}\n".encode()))
    finally:
        sender.close()


def _respond(result: QueryResult, media: str, limits: ServerLimits) -> tuple[int, str, bytes]:
    if result.graph is not None:
        rdf_format = _GRAPH_MEDIA.get(media, "ttl")
        media = media if media in _GRAPH_MEDIA else "text/turtle"
        return 200, f"{media}; charset=utf-8", serialize_graph(result.graph, rdf_format).encode()
    if len(result.rows) > limits.max_rows:
        message = (
            f"the result has {len(result.rows)} rows, more than the limit of "
            f"{limits.max_rows}; add a LIMIT\n"
        )
        return 413, "text/plain; charset=utf-8", message.encode()
    kind = _MEDIA.get(media, "json")
    body = _xml(result) if kind == "xml" else format_result(result, kind)
    return 200, f"{media}; charset=utf-8", body.encode("utf-8")


def _xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    head = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
    if result.boolean is not None:
        return head + f"<head/><boolean>{str(result.boolean).lower()}</boolean>\n</sparql>\n"
    parts = [head, "<head>"]
    parts += [f'<variable name="{xml_escape(c)}"/>' for c in result.columns]
    parts.append("</head>\n<results>\n")
    for row in result.rows:
        parts.append("<result>")
        for column, cell in zip(result.columns, row, strict=True):
            if cell is not None:
                parts.append(f'<binding name="{xml_escape(column)}">{_xml_term(cell)}</binding>')
        parts.append("</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts)


def _xml_term(term: object) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{xml_escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{xml_escape(str(term))}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return (
                f'<literal xml:lang="{xml_escape(term.language)}">{xml_escape(str(term))}</literal>'
            )
        if term.datatype:
            datatype = xml_escape(str(term.datatype), {'"': "&quot;"})
            return f'<literal datatype="{datatype}">{xml_escape(str(term))}</literal>'
        return f"<literal>{xml_escape(str(term))}</literal>"
    return f"<literal>{xml_escape(str(term))}</literal>"


def _query_page() -> str:
    """An offline page to write and run queries, pre-filled with the named queries."""
    options = "".join(
        f'<option value="{escape(q.name)}">{escape(q.name)} — {escape(q.description)}</option>'
        for q in named_queries().values()
    )
    page = resources.files("output").joinpath("templates", "query.html").read_text("utf-8")
    return page.replace("{{options}}", options)
