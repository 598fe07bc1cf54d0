"""Push graphs to a SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph is replaced, streamed from where it is kept (a store's graph or a file,
never the whole store in memory) in batches of N-Triples lines:

- a graph that fits in one batch goes with one PUT, which replaces it on the server at once;
- a larger one, given an ``update`` endpoint (SPARQL 1.1 Update), is uploaded to a temporary
  graph (PUT, then POST for the further batches) and moved into place with ``MOVE``, so the
  graph is the old one or the new one, never a part; should a batch fail, the temporary graph
  is dropped and the error says the graph was left as it was;
- without one, it is written in place, and an error after the first batch says exactly how
  many of its triples the server now holds.

Transient failures (no connection, time-outs, 429, 5xx) are retried with growing pauses; any
other refusal is one clear error naming the graph and the server's answer. The server may ask
for Basic or Digest authentication (Virtuoso's ``/sparql-graph-crud-auth`` wants Digest):
with ``auth="auto"`` its challenge decides. Credentials never appear in a message: a URL's
``user:password@`` is taken out before any request is made.
"""

from __future__ import annotations

import logging
import re
import time
import urllib.parse
import uuid
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import httpx

from ontology.namespaces import sparql_prologue
from policykg.errors import InputError

__all__ = [
    "AUTH_SCHEMES",
    "PushResult",
    "PushTarget",
    "push_graphs",
    "query_prologue",
    "redacted",
    "split_credentials",
]

log = logging.getLogger(__name__)

AUTH_SCHEMES = ("auto", "basic", "digest")
_TRANSIENT = {429, 500, 502, 503, 504}
_N_TRIPLES = "application/n-triples; charset=utf-8"
_ANSWER_LIMIT = 200  # characters of a server's refusal quoted in an error
# The user:password@ of a URL (scheme://userinfo@host).
_CREDENTIALS = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]*@", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PushResult:
    """What a push sent."""

    graphs: int
    triples: int
    requests: int


@dataclass(frozen=True, slots=True)
class PushTarget:
    """Where graphs go and how: the Graph Store URL (no credentials in it), the SPARQL Update
    URL that moves an uploaded graph into place (None: write in place), credentials and the
    scheme to send them by, triples per request, seconds per request, retries."""

    endpoint: str
    update: str | None = None
    credentials: tuple[str, str] | None = None
    auth: str = "auto"
    batch: int = 50_000
    timeout: float = 60.0
    retries: int = 4
    pause: float = 0.5


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """A URL without its ``user:password@``, and those credentials (None if it has none).

    >>> split_credentials("http://dba:s%40cret@127.0.0.1:8890/sparql-graph-crud-auth")
    ('http://127.0.0.1:8890/sparql-graph-crud-auth', ('dba', 's@cret'))
    >>> split_credentials("http://127.0.0.1:7878/store")
    ('http://127.0.0.1:7878/store', None)
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    clean = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    user = urllib.parse.unquote(parts.username or "")
    return clean, (user, urllib.parse.unquote(parts.password or ""))


def redacted(text: str) -> str:
    """``text`` with the credentials of any URL in it replaced by ``***``.

    >>> redacted("cannot reach http://dba:dba@127.0.0.1:8890/x (refused)")
    'cannot reach http://***@127.0.0.1:8890/x (refused)'
    """
    return _CREDENTIALS.sub(r"\1***@", text)


def query_prologue(endpoint: str) -> str:
    """What a query sent to the server needs: the policykg prefixes, and a note that the plans
    are named graphs (match inside ``GRAPH ?g { … }``, or use the server's union default
    graph)."""
    return (
        f"# Prologue for SPARQL queries to {redacted(endpoint)}: each plan is a named graph, so\n"
        "# match inside GRAPH ?g { … } unless the server queries the union of its graphs by\n"
        "# default (oxigraph serve --union-default-graph; Virtuoso does).\n" + sparql_prologue()
    )


def push_graphs(graphs: Iterable[tuple[str, Iterator[str]]], target: PushTarget) -> PushResult:
    """Replace each ``(graph IRI, N-Triples lines)`` on the Graph Store of ``target``."""
    for url in (target.endpoint, target.update):
        if url is not None and not url.startswith(("http://", "https://")):
            raise InputError(f"--endpoint and --update-endpoint take an http(s) URL, not {url!r}")
    if target.batch < 1:
        raise InputError("--batch must be at least 1")
    if target.auth not in AUTH_SCHEMES:
        raise InputError(
            f"unknown --auth '{target.auth}'; choose one of: {', '.join(AUTH_SCHEMES)}"
        )
    with httpx.Client(auth=_auth(target), timeout=target.timeout) as client:
        session = _Session(client, target)
        graph_count = triples = 0
        for iri, lines in graphs:
            triples += session.replace(iri, lines)
            graph_count += 1
    return PushResult(graphs=graph_count, triples=triples, requests=session.requests)


class _Session:
    """Requests to one server, counted, retried and turned into clear errors."""

    def __init__(self, client: httpx.Client, target: PushTarget) -> None:
        self.client, self.target = client, target
        self.requests = 0

    def replace(self, iri: str, lines: Iterator[str]) -> int:
        """Replace the graph ``iri`` by ``lines``; how many triples went."""
        batches = _batches(lines, self.target.batch)
        first = next(batches, [])
        second = next(batches, None)
        if second is None:  # one request: the server swaps the graph itself
            self._store("PUT", iri, first)
            log.info("pushed %s (%d triples)", iri, len(first))
            return len(first)
        rest = _chain(second, batches)
        if self.target.update is None:
            return self._in_place(iri, first, rest)
        return self._moved(iri, first, rest)

    def _in_place(self, iri: str, first: list[str], rest: Iterator[list[str]]) -> int:
        sent = 0
        for number, batch in enumerate(_chain(first, rest), start=1):
            try:
                self._store("PUT" if number == 1 else "POST", iri, batch)
            except InputError as exc:
                if number == 1:
                    raise
                raise InputError(
                    f"{exc}; the server's graph {iri} now holds only the first {sent} triples "
                    f"of this push (batches 1–{number - 1}): push again to replace it whole, "
                    "or give --update-endpoint so that graphs are uploaded aside and moved "
                    "into place"
                ) from exc
            sent += len(batch)
        log.info("pushed %s (%d triples, written in place)", iri, sent)
        return sent

    def _moved(self, iri: str, first: list[str], rest: Iterator[list[str]]) -> int:
        staging = f"urn:uuid:{uuid.uuid4()}"
        sent = 0
        try:
            for number, batch in enumerate(_chain(first, rest), start=1):
                self._store("PUT" if number == 1 else "POST", staging, batch)
                sent += len(batch)
        except InputError as exc:
            raise InputError(f"{exc}; {iri} is unchanged; {self._drop(staging)}") from exc
        try:
            self._update(f"MOVE <{staging}> TO <{iri}>")
        except InputError as exc:
            raise InputError(
                f"{exc}; {iri} is unchanged; its new triples are in {staging}: "
                f"{self._drop(staging)}"
            ) from exc
        log.info("pushed %s (%d triples, moved into place)", iri, sent)
        return sent

    def _drop(self, staging: str) -> str:
        try:
            self._update(f"DROP SILENT GRAPH <{staging}>")
        except InputError:
            return f"the partial upload stays in {staging}: remove it with DROP GRAPH <{staging}>"
        return f"the partial upload to {staging} was dropped"

    def _store(self, method: str, graph: str, lines: list[str]) -> None:
        separator = "&" if "?" in self.target.endpoint else "?"
        url = f"{self.target.endpoint}{separator}{urllib.parse.urlencode({'graph': graph})}"
        body = "".join(lines).encode("utf-8")
        self._send(method, url, body, _N_TRIPLES, f"graph {graph}")

    def _update(self, update: str) -> None:
        assert self.target.update is not None
        body = update.encode("utf-8")
        self._send("POST", self.target.update, body, "application/sparql-update", update)

    def _send(self, method: str, url: str, body: bytes, content_type: str, what: str) -> None:
        target = self.target
        headers = {"Content-Type": content_type}
        for attempt in range(target.retries + 1):
            self.requests += 1
            try:
                response = self.client.request(method, url, content=body, headers=headers)
            except httpx.TransportError as error:
                if attempt == target.retries:
                    raise InputError(
                        f"cannot reach {_where(url)} ({_reason(error, target.timeout)}); check "
                        "the URL and that the server runs"
                    ) from error
            else:
                if response.is_success:
                    return
                if response.status_code not in _TRANSIENT or attempt == target.retries:
                    raise InputError(_refusal(url, what, response))
            wait = target.pause * 2**attempt
            log.warning("%s %s failed; retrying in %.1f s", method, _where(url), wait)
            time.sleep(wait)


def _refusal(url: str, what: str, response: httpx.Response) -> str:
    answer = _printable(response.text)[:_ANSWER_LIMIT] or response.reason_phrase
    hint = ""
    if response.status_code == 401:
        hint = (
            "; give the user and password in POLICYKG_PUSH_USER and POLICYKG_PUSH_PASSWORD "
            "(Basic or Digest, as the server asks)"
        )
    return f"{_where(url)} refused {what}: HTTP {response.status_code} {answer}{hint}"


def _where(url: str) -> str:
    """A request's URL without its query (the graph is named beside it)."""
    return redacted(url.split("?", 1)[0])


def _reason(error: httpx.TransportError, timeout: float) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"no answer within --timeout {timeout:g} s"
    return _printable(str(error)) or type(error).__name__


def _printable(text: str) -> str:
    """A server's words on one line, control characters (terminal escapes) made spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _auth(target: PushTarget) -> httpx.Auth | None:
    if target.credentials is None:
        return None
    user, password = target.credentials
    if target.auth == "basic":
        return httpx.BasicAuth(user, password)
    if target.auth == "digest":
        return httpx.DigestAuth(user, password)
    return _ChallengedAuth(user, password)


class _ChallengedAuth(httpx.Auth):
    """Basic or Digest authentication, whichever the server's first challenge asks for; the
    choice is kept for the requests after it."""

    def __init__(self, user: str, password: str) -> None:
        self._schemes: dict[str, httpx.Auth] = {
            "basic": httpx.BasicAuth(user, password),
            "digest": httpx.DigestAuth(user, password),
        }
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        challenge = response.headers.get("www-authenticate", "")
        if response.status_code != 401 or not challenge:
            return
        scheme = challenge.split(None, 1)[0].lower()
        self._chosen = self._schemes.get(scheme, self._schemes["basic"])
        yield from self._chosen.auth_flow(request)


def _batches(lines: Iterator[str], size: int) -> Iterator[list[str]]:
    while batch := list(islice(lines, size)):
        yield batch


def _chain(first: list[str], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest
