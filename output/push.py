"""Push graphs to a SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph is replaced: its first batch of N-Triples goes with PUT (which replaces the
graph), the following batches with POST (which adds to it), so a large graph never travels
as one request. Transient failures (no connection, 429, 5xx) are retried with growing pauses;
any other refusal is one clear error naming the graph and the server's answer.
"""

from __future__ import annotations

import base64
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph

from policykg.errors import InputError

from .serialize import serialize_graph

log = logging.getLogger(__name__)

_TRANSIENT = {429, 500, 502, 503, 504}


@dataclass(frozen=True, slots=True)
class PushResult:
    """What a push sent."""

    graphs: int
    triples: int
    requests: int


def push_graphs(
    graphs: Iterable[tuple[str, Graph]],
    endpoint: str,
    *,
    credentials: tuple[str, str] | None = None,
    batch: int = 50_000,
    retries: int = 4,
    pause: float = 0.5,
) -> PushResult:
    """Replace each ``(graph IRI, triples)`` on the Graph Store at ``endpoint``."""
    if not endpoint.startswith(("http://", "https://")):
        raise InputError(f"--endpoint must be an http(s) URL, not {endpoint!r}")
    sent_graphs = sent_triples = requests = 0
    for iri, graph in graphs:
        lines = serialize_graph(graph, "nt").splitlines(keepends=True)
        chunks = [lines[i : i + batch] for i in range(0, len(lines), batch)] or [[]]
        for index, chunk in enumerate(chunks):
            method = "PUT" if index == 0 else "POST"
            payload = "".join(chunk).encode("utf-8")
            _send(endpoint, iri, method, payload, credentials, retries=retries, pause=pause)
            requests += 1
        sent_graphs += 1
        sent_triples += len(lines)
        log.info("pushed %s (%d triples)", iri, len(lines))
    return PushResult(graphs=sent_graphs, triples=sent_triples, requests=requests)


def _send(
    endpoint: str,
    iri: str,
    method: str,
    body: bytes,
    credentials: tuple[str, str] | None,
    *,
    retries: int,
    pause: float,
) -> None:
    separator = "&" if "?" in endpoint else "?"
    url = f"{endpoint}{separator}{urllib.parse.urlencode({'graph': iri})}"
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    if credentials is not None:
        token = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                return
        except urllib.error.HTTPError as error:
            answer = error.read().decode("utf-8", errors="replace").strip()[:200]
            if error.code not in _TRANSIENT or attempt == retries:
                raise InputError(
                    f"{endpoint} refused graph {iri}: HTTP {error.code} {answer or error.reason}"
                ) from error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            if attempt == retries:
                reason = getattr(error, "reason", error)
                raise InputError(
                    f"cannot reach {endpoint} ({reason}); check the URL and that the server runs"
                ) from error
        wait = pause * 2**attempt
        log.warning("%s %s failed; retrying in %.1f s", method, iri, wait)
        time.sleep(wait)
