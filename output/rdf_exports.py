"""Plans as RDF in the syntax other tools load: Turtle, N-Triples, N-Quads and TriG (one named
graph per plan, as a store keeps them), JSON-LD with the shipped compact context (keys read
``title``, ``responsibleParty``, not IRIs) and RDF/XML.

Every export is written from the model by the graph's one writer (``graph.emit``), plan by
plan, so the same plans give the same triples whatever they were read from; parsed back, each
is isomorphic to its source (quads for N-Quads and TriG).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources

import pyoxigraph as ox
from rdflib import Graph

from graph.emit import write_plan
from graph.model import PlanView
from graph.triples import GraphSink
from ontology.iris import IriMinter
from ontology.namespaces import PREFIXES, bind_prefixes

from .serialize import serialize_graph

__all__ = ["RDF_EXPORTS", "json_ld_context", "plan_graphs", "rdf_export"]

# Export format → what it is.
RDF_EXPORTS = {
    "ttl": "Turtle",
    "nt": "N-Triples",
    "nq": "N-Quads, one named graph per plan",
    "trig": "TriG, one named graph per plan",
    "jsonld": "JSON-LD with the policykg context",
    "rdfxml": "RDF/XML",
}


@cache
def json_ld_context() -> dict[str, object]:
    """The compact JSON-LD context shipped with the ontology (``ontology/context.jsonld``)."""
    text = resources.files("ontology").joinpath("context.jsonld").read_text(encoding="utf-8")
    context: dict[str, object] = json.loads(text)["@context"]
    return context


def plan_graphs(plans: Sequence[PlanView]) -> list[tuple[str, Graph]]:
    """Each plan's triples, with the IRI of its named graph (under the plan's own base)."""
    graphs = []
    for plan in plans:
        mint = IriMinter(plan.iri.removesuffix(f"doc/{plan.key}"))
        graph = Graph()
        write_plan(GraphSink(graph), plan, mint)
        graphs.append((mint.document_graph(plan.key), graph))
    return graphs


def rdf_export(plans: Sequence[PlanView], export_format: str) -> str:
    """The plans in one of ``RDF_EXPORTS``."""
    graphs = plan_graphs(plans)
    if export_format == "nq":
        return _n_quads(graphs)
    if export_format == "trig":
        # Oxigraph's TriG writer, fed the sorted N-Quads: the same bytes each time.
        quads = ox.parse(_n_quads(graphs), format=ox.RdfFormat.N_QUADS)
        prefixes = {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}
        written = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
        assert written is not None  # bytes, when no output is given
        return written.decode("utf-8")
    union = bind_prefixes(Graph())
    for _, graph in graphs:
        union += graph
    if export_format == "jsonld":
        return union.serialize(format="json-ld", context=json_ld_context(), auto_compact=True)
    return serialize_graph(union, {"rdfxml": "xml"}.get(export_format, export_format))


def _n_quads(graphs: list[tuple[str, Graph]]) -> str:
    """N-Quads, each plan's triples in sorted order under its graph: the same bytes each time."""
    quads = []
    for iri, graph in graphs:
        ending = f" <{iri}> .\n"
        for line in serialize_graph(graph, "nt").splitlines(keepends=True):
            quads.append(line.removesuffix(" .\n") + ending)
    return "".join(quads)
