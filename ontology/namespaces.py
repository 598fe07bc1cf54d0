"""The namespaces of the policykg vocabulary and the W3C vocabularies it reuses."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

PK = Namespace("https://w3id.org/policykg/ns#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES: dict[str, Namespace] = {
    "pk": PK,
    "org": ORG,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "oa": OA,
    "prov": PROV,
    "dcat": DCAT,
    "time": TIME,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}

__all__ = ["DCAT", "DCTERMS", "OA", "ORG", "OWL", "PK", "PREFIXES", "PROV", "RDF", "RDFS",
           "SCHEMA", "SKOS", "TIME", "XSD", "bind_prefixes", "sparql_prologue"]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the policykg prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX declarations for every namespace in ``PREFIXES``, for queries users write."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
