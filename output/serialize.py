"""Write graphs as Turtle (and other RDF syntaxes), deterministically and atomically."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ontology.namespaces import PREFIXES
from policykg.errors import InputError

from .streams import quoted

RDF_FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def serialize_graph(graph: Graph, rdf_format: str = "ttl") -> str:
    """The graph in the given syntax (ttl, nt, jsonld, xml). Same graph, same text.

    N-Triples are written line by line here, each distinct term once, and sorted: the order
    is the text's, so the same graph gives the same bytes in any process. Turtle is those
    sorted lines read and written by Oxigraph (its parser and writer are Rust: a tenth of the
    time of converting rdflib's terms one by one, and some forty times quicker than rdflib's
    Turtle writer, which looks up every IRI against every namespace). Lines are split at
    ``\n`` only: ``str.splitlines`` would also split at U+2028 inside a literal.
    """
    if rdf_format not in RDF_FORMATS:
        choices = ", ".join(sorted(RDF_FORMATS))
        raise InputError(f"unknown format '{rdf_format}'; choose one of: {choices}")
    if rdf_format == "nt":
        return "".join(sorted(ntriples_lines(graph)))
    if rdf_format == "ttl":
        lines = sorted(ntriples_lines(graph))
        triples = ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        prefixes = {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}
        output = ox.serialize(
            (q.triple for q in triples), format=ox.RdfFormat.TURTLE, prefixes=prefixes
        )
        return output.decode("utf-8") if output is not None else ""
    return graph.serialize(format=RDF_FORMATS[rdf_format])


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """One N-Triples line per triple (with its newline); each distinct term written once."""
    written: dict[Node, str] = {}

    def term(node: Node) -> str:
        text = written.get(node)
        if text is None:
            text = written[node] = ntriples_term(node)
        return text

    return [f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples]


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def ntriples_term(node: Node) -> str:
    """A term as N-Triples writes it. IRIs are minted or vocabulary IRIs (rdflib has
    refused any with characters an IRIREF may not hold); literals are escaped."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = quoted(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype and str(node.datatype) != _XSD_STRING:
            return f"{text}^^<{node.datatype}>"
        return text
    if isinstance(node, BNode):
        return f"_:{node}"
    raise InputError(f"cannot write term {node!r}")
