"""Every vocabulary the graph builder writes, as ``Terms``: each term made once.

rdflib's own namespaces check and build a URIRef on every attribute lookup; the builder looks
terms up some 80,000 times per plan, so it takes them from here.
"""

from __future__ import annotations

from rdflib.namespace import DCAT as _DCAT
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import ORG as _ORG
from rdflib.namespace import PROV as _PROV
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import XSD as _XSD

from .namespaces import OA, PK, SCHEMA, TIME, Terms

DCAT = Terms(str(_DCAT._NS))
DCTERMS = Terms(str(_DCTERMS._NS))
ORG = Terms(str(_ORG._NS))
PROV = Terms(str(_PROV._NS))
RDF = Terms(str(_RDF._NS))
SKOS = Terms(str(_SKOS._NS))
XSD = Terms(str(_XSD._NS))

__all__ = ["DCAT", "DCTERMS", "OA", "ORG", "PK", "PROV", "RDF", "SCHEMA", "SKOS", "TIME", "XSD"]
