"""Write graphs as Turtle (and other RDF syntaxes), deterministically and atomically."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from policykg.errors import InputError

from .files import write_atomic

RDF_FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def serialize_graph(graph: Graph, rdf_format: str = "ttl") -> str:
    """The graph in the given syntax (ttl, nt, jsonld, xml). Same graph, same text.

    N-Triples lines are sorted, since rdflib writes them in hash order. Lines are split at
    ``\n`` only: ``str.splitlines`` would also split at U+2028 inside a literal.
    """
    if rdf_format not in RDF_FORMATS:
        choices = ", ".join(sorted(RDF_FORMATS))
        raise InputError(f"unknown format '{rdf_format}'; choose one of: {choices}")
    text = graph.serialize(format=RDF_FORMATS[rdf_format])
    if rdf_format == "nt":
        text = "".join(sorted(line + "\n" for line in text.split("\n") if line))
    return text


def write_graph(graph: Graph, path: Path, rdf_format: str = "ttl") -> Path:
    """Write ``graph`` to ``path`` in the given syntax, atomically."""
    return write_atomic(path, serialize_graph(graph, rdf_format))
