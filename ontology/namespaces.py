"""The namespaces of the policykg vocabulary and of the W3C vocabularies it reuses: one object
per namespace, used by every package (and their prefixes, for Turtle and SPARQL)."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, Namespace, URIRef

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
    "SH",
    "SKOS",
    "TIME",
    "XSD",
    "Terms",
    "bind_prefixes",
    "sparql_prologue",
]


class Terms(Namespace):
    """A namespace whose terms are made once: after its first use ``PK.evidence`` is a plain
    attribute, not a new URIRef validated on every use (a build asks some 80,000 times per
    plan; rdflib's own namespaces check and build a URIRef on every lookup)."""

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
ORG = Terms("http://www.w3.org/ns/org#")
SKOS = Terms("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Terms("http://purl.org/dc/terms/")
PROV = Terms("http://www.w3.org/ns/prov#")
DCAT = Terms("http://www.w3.org/ns/dcat#")
RDF = Terms("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Terms("http://www.w3.org/2000/01/rdf-schema#")
OWL = Terms("http://www.w3.org/2002/07/owl#")
XSD = Terms("http://www.w3.org/2001/XMLSchema#")
SH = Terms("http://www.w3.org/ns/shacl#")

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


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the policykg prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX declarations for every namespace in ``PREFIXES``, for queries users write."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
