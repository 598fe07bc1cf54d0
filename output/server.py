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

Who may ask: a web page the user visits can send requests to a server on the user's machine
— a form POST needs no permission, and a name of the page's own (DNS rebinding) can point at
127.0.0.1. So a request is answered only when its ``Host`` is the address the server bound
(or a name given with ``--allow-host``) and it comes from no other origin (``Origin``,
``Sec-Fetch-Site``). Every connection has a read timeout, so a client that sends a short body,
trickles its headers or sends nothing at all is cut off instead of holding a thread.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from graph.display import term_words
from graph.named import NAME_KINDS, NamedQuery, kind_names, named_queries, unknown_name
from graph.query import Bindings, QueryResult
from policykg.errors import InputError

from .lanes import LaneLimits, Lanes, Reply
from .map import template_environment
from .results import ASK_FORMATS, format_result, result_workbook
from .serialize import serialize_graph

log = logging.getLogger(__name__)

# What each kind of answer can be sent as: media type → format, the first the default.
_RESULT_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
_GRAPH_MEDIA = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "xml",
}
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARD = frozenset({"", "0.0.0.0", "::"})
# A body past the cap is read and dropped, up to this much, so that the client, still
# sending, hears the 413 rather than a reset connection; past it the connection is cut.
_MAX_DISCARDED_BYTES = 64_000_000
_DISCARD_CHUNK = 1 << 16


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


Runner = Callable[[str, Bindings], QueryResult]


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
    runner: Runner, host: str, port: int, limits: ServerLimits, pages: Pages | None
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
    handler.access = _Access.of(server, limits.allowed_hosts)  # type: ignore[attr-defined]
    return server


@dataclass(frozen=True, slots=True)
class _Access:
    """Which ``Host`` and ``Origin`` a request may carry."""

    names: frozenset[str]
    any_address: bool  # bound to every interface: any IP address names this server
    port: int

    @classmethod
    def of(cls, server: ThreadingHTTPServer, allowed: Iterable[str]) -> _Access:
        bound, port = str(server.server_address[0]), int(server.server_address[1])
        names = {bound.lower(), *(name.lower().rstrip(".") for name in allowed)}
        if _is_loopback(bound):
            names |= _LOOPBACK_NAMES
        return cls(frozenset(names), bound in _WILDCARD, port)

    def host_refusal(self, host: str | None) -> str | None:
        """Why a request with this ``Host`` header is refused, or None."""
        if host is None:  # HTTP/1.0 without Host: no browser sends that
            return None
        name = _host_name(host)
        if name in self.names or (self.any_address and _is_address(name)):
            return None
        return (
            f"Host {host!r} is not this server's address; if it is a name of this server, "
            f"start serve with --allow-host {name or 'NAME'}"
        )

    def origin_refusal(self, origin: str | None, fetch_site: str | None) -> str | None:
        """Why a request from this ``Origin`` (or ``Sec-Fetch-Site``) is refused, or None."""
        if fetch_site is not None and fetch_site.lower() == "cross-site":
            return "requests from other sites are refused"
        if origin is None:
            return None
        parts = urllib.parse.urlsplit(origin)
        name = (parts.hostname or "").lower()
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            port = -1
        same = (name in self.names or (self.any_address and _is_address(name))) and (
            port == self.port or not (_is_loopback(name) or _is_address(name))
        )
        return None if same else f"requests from {origin!r} are refused (another origin)"


def _host_name(host: str) -> str:
    """The name of a Host header without its port: ``[::1]:8000`` → ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name == "localhost"


class _Handler(BaseHTTPRequestHandler):
    runner: Runner
    limits: ServerLimits
    pages: Pages | None
    lanes: Lanes
    access: _Access
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
            if "update" in params:
                self._refuse_update()
            elif "query" in params:
                self._answer(params["query"][0])
            else:
                self._send_text(HTTPStatus.BAD_REQUEST, "give a query: /sparql?query=…")
        elif url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _query_page().encode("utf-8"))
        elif url.path == "/queries":
            body = json.dumps([_described(q) for q in named_queries().values()], ensure_ascii=False)
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

    # --- the body --------------------------------------------------------------------------

    def _body(self) -> str | None:
        """The request body, read within the limits; None when refused (and answered)."""
        refusal = self._length_refusal()
        if refusal is not None:
            self._end(*refusal)
            return None
        length = int(self.headers["Content-Length"])
        data = b""
        try:
            while len(data) < length and (chunk := self.rfile.read1(length - len(data))):
                data += chunk
        except TimeoutError:
            pass
        if len(data) < length:
            self._end(
                HTTPStatus.REQUEST_TIMEOUT,
                f"the body ended after {len(data)} of its {length} bytes "
                f"(nothing came for {self.limits.read_timeout:g} s)",
            )
            return None
        return data.decode("utf-8", errors="replace")

    def _length_refusal(self) -> tuple[HTTPStatus, str] | None:
        """Why the body is not read, from its headers (a body past the cap is dropped)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return HTTPStatus.LENGTH_REQUIRED, "send the query with a Content-Length"
        declared = self.headers.get_all("Content-Length") or []
        if not declared:
            return HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length header"
        if len(set(declared)) > 1 or not (declared[0].isascii() and declared[0].isdigit()):
            shown = ", ".join(declared)
            return (
                HTTPStatus.BAD_REQUEST,
                f"Content-Length must be one whole number of bytes, not {shown!r}",
            )
        length = int(declared[0])
        if length > self.limits.max_body:
            self._discard(length)
            return (
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the query is longer than {self.limits.max_body:,} bytes",
            )
        return None

    def _discard(self, length: int) -> None:
        """Read and drop a body of ``length`` bytes (up to _MAX_DISCARDED_BYTES)."""
        left = min(length, _MAX_DISCARDED_BYTES)
        try:
            while left > 0 and (chunk := self.rfile.read(min(left, _DISCARD_CHUNK))):
                left -= len(chunk)
        except TimeoutError:
            pass

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

    def _answer(self, query: str) -> None:
        runner, limits, accept = self.runner, self.limits, self.headers.get("Accept") or ""

        def work() -> Reply:
            return _work(lambda: runner(query, {}), accept, limits, "query")

        self._send(*self.lanes.run(work))

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
        runner, limits, accept = self.runner, self.limits, self.headers.get("Accept") or ""

        def answer() -> QueryResult:
            return _named_result(runner, chosen, given, bindings)

        def work() -> Reply:
            return _work(answer, accept, limits, name)

        self._send(*self.lanes.run(work))

    def _answer_names(self, kind_name: str) -> None:
        """Every name of a kind (office, task) in the graph, as a JSON list."""
        kind = NAME_KINDS.get(kind_name)
        if kind is None:
            self._send_text(HTTPStatus.NOT_FOUND, f"no kind of name {kind_name!r}")
            return
        runner, most = self.runner, self.limits.max_rows

        def work() -> Reply:
            try:
                names = kind_names(kind, runner)[:most]
            except Exception as exc:  # in the worker: answered, not raised
                return HTTPStatus.INTERNAL_SERVER_ERROR, _TEXT, f"{exc}\n".encode()
            body = json.dumps(names, ensure_ascii=False).encode("utf-8")
            return HTTPStatus.OK, "application/json", body

        self._send(*self.lanes.run(work))

    def _send_text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

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


_TEXT = "text/plain; charset=utf-8"
# The routes of the pages, and the reports of the plans of a build of several.
_PAGES = {"/map": "graph.html", "/report": "report.html"}
_PLAN_PAGE = re.compile(r"/report-[A-Za-z0-9._-]+\.html")


def _work(run: Callable[[], QueryResult], accept: str, limits: ServerLimits, title: str) -> Reply:
    """Run the query and put its answer in the media type asked for (in the worker)."""
    try:
        return _respond(run(), accept, limits, title)
    except InputError as exc:
        return HTTPStatus.BAD_REQUEST, _TEXT, f"{exc}\n".encode()
    except Exception as exc:
        message = f"the query failed: {exc}\n".encode()
        return HTTPStatus.INTERNAL_SERVER_ERROR, _TEXT, message


def _named_result(
    runner: Runner, query: NamedQuery, given: dict[str, str], bindings: Bindings
) -> QueryResult:
    """The rows of a named query; none because a parameter names nothing in the graph is an
    InputError with the closest names (没有处室“…”；是否指：…)."""
    result = runner(query.text, bindings)
    if not result.rows:
        hint = unknown_name(query, given, runner)
        if hint is not None:
            raise InputError(hint)
    return result


def _described(query: NamedQuery) -> dict[str, Any]:
    """A named query as the page and ``/queries`` show it."""
    kinds = dict(query.kinds)
    return {
        "name": query.name,
        "description": query.description,
        "zh": query.chinese,
        "params": [name for name, _ in query.params],
        "fields": [
            {"name": name, "meaning": meaning, "kind": kinds.get(name)}
            for name, meaning in query.params
        ],
        "query": query.text,
    }


def _respond(result: QueryResult, accept: str, limits: ServerLimits, title: str) -> Reply:
    offers = _GRAPH_MEDIA if result.graph is not None else _RESULT_MEDIA
    if result.boolean is not None:  # a yes or no has no rows for CSV, TSV or a sheet
        offers = {media: name for media, name in offers.items() if name in ASK_FORMATS}
    media = negotiate(accept, offers)
    if media is None:
        kind = "a graph (CONSTRUCT, DESCRIBE)" if result.graph is not None else "results"
        message = f"this query answers {kind}; ask for one of: {', '.join(offers)}\n"
        return HTTPStatus.NOT_ACCEPTABLE, "text/plain; charset=utf-8", message.encode()
    size = len(result.graph) if result.graph is not None else len(result.rows)
    if size > limits.max_rows:
        what = "triples" if result.graph is not None else "rows"
        message = (
            f"the result has {size} {what}, more than the limit of {limits.max_rows}; add a LIMIT\n"
        )
        return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain; charset=utf-8", message.encode()
    if result.graph is not None:
        body = serialize_graph(result.graph, offers[media])
    elif offers[media] == "xlsx":
        return HTTPStatus.OK, media, result_workbook(result, title)
    else:
        body = format_result(result, offers[media])
    return HTTPStatus.OK, f"{media}; charset=utf-8", body.encode("utf-8")


def negotiate(accept: str, offers: dict[str, str]) -> str | None:
    """The media type of ``offers`` that ``accept`` prefers (the first offer for ``*/*`` or
    no Accept at all), or None when it accepts none of them.

    >>> negotiate("text/turtle", _RESULT_MEDIA) is None
    True
    >>> negotiate("text/html,application/xml;q=0.9,*/*;q=0.8", _RESULT_MEDIA)
    'application/xml'
    >>> negotiate("", _GRAPH_MEDIA), negotiate("text/*", _RESULT_MEDIA)
    ('text/turtle', 'text/xml')
    """
    ranges: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media, *parameters = (piece.strip().lower() for piece in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, index, media))
    if not ranges:
        return next(iter(offers))
    for _, _, wanted in sorted(ranges):
        if wanted == "*/*":
            return next(iter(offers))
        if wanted.endswith("/*"):
            family = wanted[:-1]
            found = next((offer for offer in offers if offer.startswith(family)), None)
            if found is not None:
                return found
        elif wanted in offers:
            return wanted
    return None


def _query_page() -> str:
    """The query page: each named query a form, raw SPARQL a tab away (autoescaped)."""
    queries = [_described(q) for q in named_queries().values()]
    kinds = sorted({field["kind"] for q in queries for field in q["fields"] if field["kind"]})
    template = template_environment().get_template("query.html.j2")
    return template.render(queries=queries, kinds=kinds, terms=term_words())
