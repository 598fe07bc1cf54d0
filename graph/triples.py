"""Adding triples for one document: minted IRIs, and evidence spans with their selectors."""

from __future__ import annotations

from typing import Protocol

from rdflib import Literal, URIRef

from extract.records import Span
from ontology.iris import IriMinter
from ontology.terms import OA, PK, RDF, XSD

_CONTEXT = 8  # characters of oa:prefix / oa:suffix around a quote


Triple = tuple[URIRef, URIRef, URIRef | Literal]


class TripleSink(Protocol):
    """Where a document's triples go: an rdflib Graph, a set, or a file of N-Triples."""

    def add(self, triple: Triple, /) -> object: ...


class TripleWriter:
    """Writes one document's triples into a sink; knows the text and how to mint IRIs.

    The sink may be an rdflib Graph, a plain set where no rdflib graph is wanted (adding to a
    set is some twenty times quicker than to rdflib's indexed memory store), or a file that
    takes N-Triples as they come (a document going into a store, in bounded memory).
    """

    def __init__(self, graph: TripleSink, mint: IriMinter, text: str, sha256: str) -> None:
        self.graph = graph
        self.mint = mint
        self.text = text
        self.sha = sha256

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        """Add one triple."""
        self.graph.add((s, p, o))

    def evidence(self, node: URIRef, span: Span) -> None:
        """Point ``node`` at the span it was read from, with position and quote selectors."""
        s, e, text = span.start, span.end, self.text
        span_node = self.mint.span(self.sha, s, e)
        position = self.mint.position_selector(self.sha, s, e)
        quote = self.mint.quote_selector(self.sha, s, e)
        self.add(node, PK.evidence, span_node)
        self.add(span_node, RDF.type, PK.TextSpan)
        self.add(span_node, OA.hasSource, self.mint.source_text(self.sha))
        self.add(span_node, OA.hasSelector, position)
        self.add(span_node, OA.hasSelector, quote)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(s, datatype=XSD.nonNegativeInteger))
        self.add(position, OA.end, Literal(e, datatype=XSD.nonNegativeInteger))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(span.text))
        if s > 0:
            self.add(quote, OA.prefix, Literal(text[max(0, s - _CONTEXT) : s]))
        if e < len(text):
            self.add(quote, OA.suffix, Literal(text[e : e + _CONTEXT]))
