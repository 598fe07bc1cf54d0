"""A graph file's triples as a stream, read by Oxigraph's parsers: what ``push`` sends from a
file, in the memory of one triple at a time (rdflib would hold the whole graph, some 2 kB a
triple)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ontology.namespaces import DCTERMS, PK, RDF
from policykg.errors import InputError

from .query import GRAPH_FILE, GRAPH_FORMATS

__all__ = ["ntriples_lines", "plan_keys", "text_triples"]

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "n3": ox.RdfFormat.N3,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


def ntriples_lines(path: Path) -> Iterator[str]:
    """Every triple of the graph file at ``path`` (or ``DIR/graph.ttl``) as an N-Triples line;
    the quads of a dataset file lose their graph names."""
    for quad in _parsed(path):
        yield f"{quad.subject} {quad.predicate} {quad.object} .\n"


def plan_keys(path: Path) -> list[str]:
    """The document keys (dcterms:identifier) of the plans a graph file holds, sorted."""
    plans: set[str] = set()
    identifiers: dict[str, str] = {}
    work_plan, rdf_type, identifier = str(PK.WorkPlan), str(RDF.type), str(DCTERMS.identifier)
    for quad in _parsed(path):
        predicate, subject, value = quad.predicate.value, quad.subject, quad.object
        if isinstance(subject, ox.Triple) or isinstance(value, ox.Triple):
            continue  # RDF-star: nothing of a plan's identity
        if predicate == rdf_type and value.value == work_plan:
            plans.add(subject.value)
        elif predicate == identifier:
            identifiers[subject.value] = value.value
    return sorted(identifiers[p] for p in plans if p in identifiers)


def _parsed(path: Path) -> Iterator[ox.Quad]:
    if path.is_dir():
        path = path / GRAPH_FILE
    rdf_format = GRAPH_FORMATS.get(path.suffix.lower())
    if not path.is_file() or rdf_format is None:
        choices = ", ".join(sorted(GRAPH_FORMATS))
        raise InputError(f"{path}: not a graph file; give a build's out/ or a file of: {choices}")
    try:
        yield from ox.parse(path=str(path), format=_OX_FORMATS[rdf_format])
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: not valid {rdf_format}: {' '.join(str(exc).split())}") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read the graph ({exc.strerror or exc})") from exc


def text_triples(path: Path) -> Iterator[tuple[str, str, str]]:
    """Every triple of the graph file at ``path`` in the text form of ``graph.triples``
    (what ``graph.readback`` reads), the quads of a dataset file without their graphs."""
    for quad in _parsed(path):
        value = quad.object
        yield (
            _iri_text(quad.subject),
            quad.predicate.value,
            value.value if isinstance(value, ox.NamedNode) else str(value),
        )


def _iri_text(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)
