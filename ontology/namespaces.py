"""The namespaces of the policykg vocabulary and the W3C vocabularies it reuses."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD


class Terms(Namespace):
    """A namespace whose terms are made once: after its first use ``PK.evidence`` is a plain
    attribute, not a new URIRef validated on every use (the graph builder asks some 80,000
    times per plan)."""

    def term(self, name: str) -> URIRef:
        return _term(str(self), name)

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):  # not a term: Python's own protocols
            raise AttributeError(name)
        term = self.term(name)
        setattr(self, name, term)  # found by ordinary lookup from now on
        return term


@cache
def _term(base: str, name: str) -> URIRef:
    return URIRef(base + name)


PK = Terms("https://w3id.org/policykg/ns#")
OA = Terms("http://www.w3.org/ns/oa#")
SCHEMA = Terms("https://schema.org/")
TIME = Terms("http://www.w3.org/2006/time#")

PREFIXES: dict[str, Namespace] = {
    "pk": PK,
    "org": Namespace(str(ORG._NS)),
    "skos": Namespace(str(SKOS._NS)),
    "dcterms": Namespace(str(DCTERMS._NS)),
    "schema": SCHEMA,
    "oa": OA,
    "prov": Namespace(str(PROV._NS)),
    "dcat": Namespace(str(DCAT._NS)),
    "time": TIME,
    "rdf": Namespace(str(RDF._NS)),
    "rdfs": Namespace(str(RDFS._NS)),
    "owl": Namespace(str(OWL._NS)),
    "xsd": Namespace(str(XSD._NS)),
}

__all__ = [
    "DCAT",
    "DCTERMS",
    "OA",
    "ORG",
    "OWL",
    "PK",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "TIME",
    "XSD",
    "bind_prefixes",
    "sparql_prologue",
]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the policykg prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX declarations for every namespace in ``PREFIXES``, for queries users write."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
