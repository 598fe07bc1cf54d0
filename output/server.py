"""A read-only SPARQL 1.1 Protocol endpoint over a graph or a store, with a query page.

Why our own small server on the standard library's ``ThreadingHTTPServer``: it needs no
dependency, binds to 127.0.0.1 unless told otherwise, and every limit is ours to enforce.
Queries run in worker processes, a bounded number at a time (``output.lanes``: killed at the
time limit, cheap ones answered while slow ones wait). Results are capped in rows (triples for
CONSTRUCT). SPARQL Update is refused with 403. ``GET /`` is an offline query page in Chinese:
each named query a form (``/named/NAME?PARAM=…``, its parameters bound, never pasted; the
names of offices offered from the graph, ``/names/office``; a name that matches none answered
with the closest), results sortable and downloadable as CSV or XLSX, raw SPARQL one tab away;
``/map`` and ``/report`` serve the built pages beside the graph, or pages drawn from the plans
of a store (``output.publish.ViewPages``).

The parts, one job each: this module the protocol (routes, limits, read-only, the reply);
``output.access`` who may ask (a request is answered only when its ``Host`` is the address
the server bound, or a name given with ``--allow-host``, and it comes from no other origin);
``output.request_body`` the body read within its limits; ``output.answers`` a query's answer
in the media type asked for; ``output.query_page`` the page at ``/``. Every connection has a
read timeout, so a client that sends a short body, trickles its headers or sends nothing at
all is cut off instead of holding a thread.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from graph.named import NAME_KINDS, QueryRunner, kind_names, named_queries
from graph.query import QueryResult
from policykg.errors import InputError

from .access import Access
from .answers import TEXT, described, named_result, work
from .lanes import LaneLimits, Lanes, Reply
from .query_page import query_page
from .request_body import length_refusal, read_body

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """How long a query may run, how many rows it may return, how many run at once (and how
    long one waits for a worker), how long a connection may stay silent, how large a body may
    be, and which host names the server answers to besides the address it bound."""

    timeout: float = 10.0
    max_rows: int = 100_000
    workers: int = 4
    queue_wait: float = 10.0
    read_timeout: float = 10.0
    max_body: int = 1_000_000
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)


class Pages(Protocol):
    """Where the map and the reports come from (``output.publish.ViewPages``)."""

    def page(self, name: str) -> bytes:
        """The page ``name`` (graph.html, report.html, report-KEY.html), or InputError."""
        ...


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The listen backlog: connections the kernel holds before they are accepted (the
    # standard library's 5 turned a burst of clients away before a thread could take them).
    request_queue_size = 1024

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line in the log for a connection that failed, not a traceback."""
        log.warning("a connection from %s failed and was closed", client_address[0])


def make_server(
    runner: QueryRunner, host: str, port: int, limits: ServerLimits, pages: Pages | None
) -> ThreadingHTTPServer:
    """A server answering SPARQL with ``runner``; bound but not yet serving."""
    lanes = Lanes(
        LaneLimits(timeout=limits.timeout, workers=limits.workers, queue_wait=limits.queue_wait)
    )
    handler = type(
        "Handler",
        (_Handler,),
        {
            "runner": staticmethod(runner),
            "limits": limits,
            "pages": pages,
            "lanes": lanes,
            "timeout": limits.read_timeout,
        },
    )
    # The workbook writer is imported here, once, so that the forked query workers have it
    # (importing it in each worker cost about half a second of the query's time).
    import openpyxl  # noqa: F401

    server = _Server((host, port), handler)
    handler.access = Access.of(server, limits.allowed_hosts)  # type: ignore[attr-defined]
    return server


class _Handler(BaseHTTPRequestHandler):
    runner: QueryRunner
    limits: ServerLimits
    pages: Pages | None
    lanes: Lanes
    access: Access
    server_version = "policykg"

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def _refused(self) -> bool:
        """Answer 403 and say so when the request's Host or Origin is not this server's."""
        reason = self.access.host_refusal(self.headers.get("Host")) or self.access.origin_refusal(
            self.headers.get("Origin"), self.headers.get("Sec-Fetch-Site")
        )
        if reason is not None:
            self._send_text(HTTPStatus.FORBIDDEN, reason)
        return reason is not None

    # --- routes ----------------------------------------------------------------------------

    def do_GET(self) -> None:
        if self._refused():
            return
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path == "/sparql":
            self._answer_form(params, "give a query: /sparql?query=…")
        elif url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", query_page().encode("utf-8"))
        elif url.path == "/queries":
            body = json.dumps([described(q) for q in named_queries().values()], ensure_ascii=False)
            self._send(HTTPStatus.OK, "application/json", body.encode("utf-8"))
        elif url.path.startswith("/named/"):
            self._answer_named(url.path.removeprefix("/named/"), params)
        elif url.path.startswith("/names/"):
            self._answer_names(url.path.removeprefix("/names/"))
        elif url.path in ("/map", "/report") or _PLAN_PAGE.fullmatch(url.path):
            self._send_page(_PAGES.get(url.path, url.path.removeprefix("/")))
        else:
            self._send_text(HTTPStatus.NOT_FOUND, "not found; try / or /sparql")

    def _send_page(self, name: str) -> None:
        if self.pages is None:
            self._send_text(HTTPStatus.NOT_FOUND, f"{name} has not been built")
            return
        try:
            page = self.pages.page(name)
        except InputError as exc:
            self._send_text(HTTPStatus.NOT_FOUND, str(exc))
            return
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", page)

    def do_POST(self) -> None:
        if self._refused():
            return
        if urllib.parse.urlsplit(self.path).path != "/sparql":
            self._send_text(HTTPStatus.NOT_FOUND, "not found; POST to /sparql")
            return
        body = self._body()
        if body is None:
            return
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            self._refuse_update()
        elif kind == "application/sparql-query":
            self._answer(body)
        else:
            self._answer_form(urllib.parse.parse_qs(body), "give a query: query=…")

    def do_PUT(self) -> None:
        self._refuse_update()

    do_DELETE = do_PUT
    do_PATCH = do_PUT

    # --- the body --------------------------------------------------------------------------

    def _body(self) -> str | None:
        """The request body, read within the limits; None when refused (and answered)."""
        refusal = length_refusal(self.headers, self.limits.max_body, self.rfile)
        if refusal is not None:
            self._end(*refusal)
            return None
        length = int(self.headers["Content-Length"])
        data = read_body(self.rfile, length)
        if len(data) < length:
            self._end(
                HTTPStatus.REQUEST_TIMEOUT,
                f"the body ended after {len(data)} of its {length} bytes "
                f"(nothing came for {self.limits.read_timeout:g} s)",
            )
            return None
        return data.decode("utf-8", errors="replace")

    def _end(self, status: HTTPStatus, message: str) -> None:
        """Answer and close the connection (what follows on it cannot be trusted): the
        body is refused (``_body`` gives None)."""
        self.close_connection = True
        self._send_text(status, message)

    # --- answering -------------------------------------------------------------------------

    def _refuse_update(self) -> None:
        self._send_text(
            HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused"
        )

    def _answer_form(self, form: dict[str, list[str]], usage: str) -> None:
        """A query given as ``query=…`` in a URL or a form (``update=…`` refused), or
        ``usage`` when neither is given."""
        if "update" in form:
            self._refuse_update()
        elif "query" in form:
            self._answer(form["query"][0])
        else:
            self._send_text(HTTPStatus.BAD_REQUEST, usage)

    def _answer(self, query: str) -> None:
        runner = self.runner
        self._answer_in_lane(lambda: runner(query, {}), "query")

    def _answer_in_lane(self, run: Callable[[], QueryResult], title: str) -> None:
        """Run a query in a worker of the lanes and send its answer as the request accepts."""
        accept, most = self.headers.get("Accept") or "", self.limits.max_rows

        def reply() -> Reply:
            return work(run, accept, most, title)

        self._send(*self.lanes.run(reply))

    def _answer_named(self, name: str, params: dict[str, list[str]]) -> None:
        """A named query run with the parameters of the URL, bound as variables."""
        chosen = named_queries().get(name)
        if chosen is None:
            self._send_text(HTTPStatus.NOT_FOUND, f"no named query {name!r}; see /queries")
            return
        given = {key: values[0] for key, values in params.items()}
        try:
            bindings = chosen.bindings(given)
        except InputError as exc:
            self._send_text(HTTPStatus.BAD_REQUEST, str(exc))
            return
        runner = self.runner

        def answer() -> QueryResult:
            return named_result(runner, chosen, given, bindings)

        self._answer_in_lane(answer, name)

    def _answer_names(self, kind_name: str) -> None:
        """Every name of a kind (office, task) in the graph, as a JSON list."""
        kind = NAME_KINDS.get(kind_name)
        if kind is None:
            self._send_text(HTTPStatus.NOT_FOUND, f"no kind of name {kind_name!r}")
            return
        runner, most = self.runner, self.limits.max_rows

        def names_reply() -> Reply:
            try:
                names = kind_names(kind, runner)[:most]
            except Exception as exc:  # in the worker: answered, not raised
                return HTTPStatus.INTERNAL_SERVER_ERROR, TEXT, f"{exc}\n".encode()
            body = json.dumps(names, ensure_ascii=False).encode("utf-8")
            return HTTPStatus.OK, "application/json", body

        self._send(*self.lanes.run(names_reply))

    def _send_text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, TEXT, (message + "\n").encode("utf-8"))

    def _send(self, status: HTTPStatus, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if status is HTTPStatus.SERVICE_UNAVAILABLE:
            self.send_header("Retry-After", "1")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


# The routes of the pages, and the reports of the plans of a build of several.
_PAGES = {"/map": "graph.html", "/report": "report.html"}
_PLAN_PAGE = re.compile(r"/report-[A-Za-z0-9._-]+\.html")
