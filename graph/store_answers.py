"""Oxigraph's answer to a query as ``graph.query.QueryResult``: rdflib terms, each made once.

The store's side of what ``graph.query.run_query`` is for an rdflib graph: the union of the
graphs is the default graph, the prefixes are ours, a query's parameters come as bindings.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from policykg.errors import InputError

from .query import PREFIXES_TEXT, Bindings, Param, QueryResult

__all__ = ["answer"]

_MISSING = object()


def answer(store: ox.Store, sparql: str, bindings: Bindings) -> QueryResult:
    """The answer of ``store`` to ``sparql`` over the union of its graphs, read whole."""
    result = store.query(
        sparql,
        prefixes=PREFIXES_TEXT,
        use_default_graph_as_union=True,
        substitutions={ox.Variable(k): _literal(v) for k, v in bindings.items()},
    )
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(columns=(), rows=(), boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        graph = Graph()
        for triple in result:
            graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
        return QueryResult(columns=(), rows=(), graph=graph)
    columns = tuple(v.value for v in result.variables)
    # Answers repeat their terms (an office's name in every row, a role, a unit), and an
    # rdflib Literal is dear to make (docs/performance.md): each distinct term once.
    converted: dict[object, Node | None] = {None: None}

    def term(value: object) -> Node | None:
        node = converted.get(value, _MISSING)
        if node is _MISSING:
            node = converted[value] = _term(value)
        return node  # type: ignore[return-value]

    # A solution iterated gives its values in the order of the variables (None where
    # unbound): looking each value up by its name was the dearer part of reading an
    # answer (docs/performance.md).
    return QueryResult(columns=columns, rows=tuple(tuple(map(term, row)) for row in result))


def _term(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise InputError(f"unsupported term in the store: {term!r}")


def _literal(value: str | Param) -> ox.Literal:
    """A parameter's value as the store's literal: plain, in a language or of a datatype."""
    if not isinstance(value, Param):
        return ox.Literal(value)
    if value.datatype is not None:
        return ox.Literal(value.value, datatype=ox.NamedNode(value.datatype))
    return ox.Literal(value.value, language=value.language)
