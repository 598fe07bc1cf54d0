"""Adding triples for one document: where they go, how their literals are made, and evidence.

The writer never makes an RDF term of its own: it hands IRIs (minted ``URIRef``s, which are
strings) and asks its sink for literals. An rdflib graph (``GraphSink``) gets rdflib terms; a
file sink (``output.streams``) gets text it writes at once as N-Triples or Turtle, with no
rdflib term made at all (a third of a large build's time went into making and hashing them).

Every triple the writer adds is new by construction (its subject is minted from the document
key or a text position), except the descriptions of shared things (an office, a programme, a
place: ``add_shared``) and the shortcuts from a task to them, which the text may repeat: a sink
keeps one of each. So a file sink can stream a graph of any size without holding it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, cast

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from extract.records import Span
from ontology.iris import IriMinter
from ontology.terms import OA, PK, RDF, XSD

_CONTEXT = 8  # characters of oa:prefix / oa:suffix around a quote

# A literal made by a sink for its own use: an rdflib Literal, or the text a file writes.
Lit = object


class TripleSink(Protocol):
    """Where a document's triples go, and the maker of their literals.

    Subjects and predicates are IRIs; an object is an IRI or a literal this sink made.
    """

    def add(self, s: str, p: str, o: object, /) -> None:
        """Take a triple no other call gives again."""

    def add_shared(self, s: str, p: str, o: object, /) -> None:
        """Take a triple that may come again (a shared entity's description): keep one."""

    def add_node(self, s: str, pairs: Sequence[tuple[str, object]], /) -> None:
        """Take several new triples of one subject (predicate, object pairs) at once."""

    def plain(self, value: str, /) -> Lit:
        """A plain literal (xsd:string)."""

    def lang(self, value: str, language: str, /) -> Lit:
        """A literal in a language (``"教育处"@zh``)."""

    def typed(self, lexical: str, datatype: str, /) -> Lit:
        """A typed literal from its lexical form (``"12"^^xsd:integer``)."""


class GraphSink:
    """Triples into an rdflib graph, with rdflib literals (a graph keeps one of each)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._add = graph.add

    def add(self, s: str, p: str, o: object, /) -> None:
        self._add((cast(URIRef, s), cast(URIRef, p), cast(Node, o)))

    add_shared = add

    def add_node(self, s: str, pairs: Sequence[tuple[str, object]], /) -> None:
        for p, o in pairs:
            self.add(s, p, o)

    def plain(self, value: str, /) -> Lit:
        return Literal(value)

    def lang(self, value: str, language: str, /) -> Lit:
        return Literal(value, lang=language)

    def typed(self, lexical: str, datatype: str, /) -> Lit:
        return Literal(lexical, datatype=URIRef(datatype))


def as_sink(target: Graph | TripleSink) -> TripleSink:
    """``target`` as a sink: an rdflib graph is wrapped, a sink is itself."""
    return GraphSink(target) if isinstance(target, Graph) else target


class TripleWriter:
    """Writes one document's triples into a sink; knows the text and how to mint IRIs."""

    def __init__(self, sink: TripleSink, mint: IriMinter, text: str, sha256: str) -> None:
        self.sink = sink
        self.mint = mint
        self.text = text
        self.sha = sha256
        # Bound once: the writer calls them some 10,000 times per plan.
        self.add = sink.add
        self.add_shared = sink.add_shared
        self.plain = sink.plain
        self.lang = sink.lang
        self.typed = sink.typed
        self.add_node = sink.add_node
        self._source = mint.source_text(sha256)
        # Spans described so far, as start << 32 | end: one span may be the evidence of
        # several nodes (a table row's 〃 repeats the cell above), described once.
        self._spans: set[int] = set()

    def zh(self, value: str) -> Lit:
        """A literal in Chinese, as every name and title is stored."""
        return self.lang(value, "zh")

    def count(self, value: int) -> Lit:
        """An integer literal: a count, an offset, a place in a sequence.

        Always ``xsd:integer`` (the shapes bound its range): stores such as Oxigraph keep
        ``xsd:nonNegativeInteger`` and ``xsd:positiveInteger`` as ``xsd:integer``, and a graph
        must read back from a store as it was written."""
        return self.typed(str(value), XSD.integer)

    def evidence(self, node: str, span: Span) -> None:
        """Point ``node`` at the span it was read from, with position and quote selectors."""
        s, e, text = span.start, span.end, self.text
        span_node = self.mint.span(self.sha, s, e)
        self.add(node, PK.evidence, span_node)
        key = s << 32 | e
        if key in self._spans:
            return
        self._spans.add(key)
        position = self.mint.position_selector(self.sha, s, e)
        quote = self.mint.quote_selector(self.sha, s, e)
        add_node, typed = self.add_node, self.typed
        # Three nodes of fixed shape, each handed over whole: three in five triples of a plan
        # are evidence, and a file sink writes a node in one go.
        add_node(
            span_node,
            (
                (RDF.type, PK.TextSpan),
                (OA.hasSource, self._source),
                (OA.hasSelector, position),
                (OA.hasSelector, quote),
            ),
        )
        add_node(
            position,
            (
                (RDF.type, OA.TextPositionSelector),
                (OA.start, typed(str(s), XSD.integer)),
                (OA.end, typed(str(e), XSD.integer)),
            ),
        )
        quote_pairs = [(RDF.type, OA.TextQuoteSelector), (OA.exact, self.plain(span.text))]
        if s > 0:
            quote_pairs.append((OA.prefix, self.plain(text[max(0, s - _CONTEXT) : s])))
        if e < len(text):
            quote_pairs.append((OA.suffix, self.plain(text[e : e + _CONTEXT])))
        add_node(quote, quote_pairs)
