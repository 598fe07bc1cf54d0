"""A query's answer as an HTTP reply, made in the query worker: the query run, its result put
in the media type the request accepts (content negotiation), refused past the row cap
(triples for CONSTRUCT), and a failure said in one line of text.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from graph.named import NamedQuery, QueryRunner, unknown_name
from graph.query import Bindings, QueryResult
from policykg.errors import InputError

from .lanes import Reply
from .results import ASK_FORMATS, format_result, result_workbook
from .serialize import serialize_graph

__all__ = ["TEXT", "described", "named_result", "negotiate", "work"]

TEXT = "text/plain; charset=utf-8"

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


def work(run: Callable[[], QueryResult], accept: str, max_rows: int, title: str) -> Reply:
    """Run the query and put its answer in the media type asked for (in the worker)."""
    try:
        return _respond(run(), accept, max_rows, title)
    except InputError as exc:
        return HTTPStatus.BAD_REQUEST, TEXT, f"{exc}\n".encode()
    except Exception as exc:
        message = f"the query failed: {exc}\n".encode()
        return HTTPStatus.INTERNAL_SERVER_ERROR, TEXT, message


def named_result(
    runner: QueryRunner, query: NamedQuery, given: dict[str, str], bindings: Bindings
) -> QueryResult:
    """The rows of a named query; none because a parameter names nothing in the graph is an
    InputError with the closest names (没有处室“…”；是否指：…)."""
    result = runner(query.text, bindings)
    if not result.rows:
        hint = unknown_name(query, given, runner)
        if hint is not None:
            raise InputError(hint)
    return result


def described(query: NamedQuery) -> dict[str, Any]:
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


def _respond(result: QueryResult, accept: str, max_rows: int, title: str) -> Reply:
    offers = _GRAPH_MEDIA if result.graph is not None else _RESULT_MEDIA
    if result.boolean is not None:  # a yes or no has no rows for CSV, TSV or a sheet
        offers = {media: name for media, name in offers.items() if name in ASK_FORMATS}
    media = negotiate(accept, offers)
    if media is None:
        kind = "a graph (CONSTRUCT, DESCRIBE)" if result.graph is not None else "results"
        message = f"this query answers {kind}; ask for one of: {', '.join(offers)}\n"
        return HTTPStatus.NOT_ACCEPTABLE, TEXT, message.encode()
    size = len(result.graph) if result.graph is not None else len(result.rows)
    if size > max_rows:
        what = "triples" if result.graph is not None else "rows"
        message = f"the result has {size} {what}, more than the limit of {max_rows}; add a LIMIT\n"
        return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, TEXT, message.encode()
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
