"""Write graphs as Turtle (and other RDF syntaxes), deterministically.

Turtle and N-Triples go through the one writer of each (``output.streams``) that every build
path uses, fed the graph's triples as text in sorted order: the same graph gives the same
bytes in any process. JSON-LD and RDF/XML are rdflib's.
"""

from __future__ import annotations

import io

from rdflib import BNode, Graph

from graph.triples import TextTriple, triples_as_text
from policykg.errors import InputError

from .streams import NTriplesFile, TurtleFile

__all__ = ["RDF_FORMATS", "serialize_graph", "text_triples"]

RDF_FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def serialize_graph(graph: Graph, rdf_format: str = "ttl") -> str:
    """The graph in the given syntax (ttl, nt, jsonld, xml). Same graph, same text."""
    if rdf_format not in RDF_FORMATS:
        choices = ", ".join(sorted(RDF_FORMATS))
        raise InputError(f"unknown format '{rdf_format}'; choose one of: {choices}")
    if rdf_format not in ("ttl", "nt") or _has_blank_nodes(graph):
        # Blank nodes come only from a user's CONSTRUCT (builds make none): rdflib's writer.
        return graph.serialize(format=RDF_FORMATS[rdf_format])
    text = io.StringIO()
    sink = TurtleFile(text) if rdf_format == "ttl" else NTriplesFile(text)
    for s, p, o in text_triples(graph):
        sink.add(s, p, o)
    if isinstance(sink, TurtleFile):
        sink.close()
    else:
        sink.flush()
    return text.getvalue()


def text_triples(graph: Graph) -> list[TextTriple]:
    """The triples of an rdflib graph (with no blank node) as text, sorted."""
    return sorted(triples_as_text(graph))


def _has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph)
