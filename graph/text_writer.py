"""The part of the graph's writer every text shares: the text itself and the evidence spans of
the facts read from it (a plan's, a progress report's).

A node read from the text is written whole (``node``): its predicate–object pairs in one call
to the sink, its pointer to its span last, then the span's own three nodes if no other fact
described them yet.
"""

from __future__ import annotations

from ontology.iris import IriMinter
from ontology.namespaces import DCTERMS, PK, RDF, XSD

from .model import DocumentView, SpanView
from .triples import IRI, Evidence, Lit, TripleSink

__all__ = ["TextWriter"]

_EVIDENCE = PK.evidence


class TextWriter:
    """Writes what is read from one text into a sink: the text itself and the evidence spans
    of its facts."""

    def __init__(self, sink: TripleSink, document: DocumentView, mint: IriMinter) -> None:
        self.sink = sink
        self.mint = mint
        self.document = document
        self._source = document.text_iri
        self._spans_of = mint.spans(document.sha256)
        # Bound once: called some 10,000 times per plan.
        self.add, self.add_shared, self.add_node = sink.add, sink.add_shared, sink.add_node
        self._add_shaped, self._add_evidence = sink.add_shaped, sink.add_evidence
        self.plain, self.lang, self.typed = sink.plain, sink.lang, sink.typed
        # Spans described so far, as start << 32 | end: one span may be the evidence of
        # several nodes (a table row's 〃 repeats the cell above), described once.
        self._spans: set[int] = set()
        self._integers: dict[int, Lit] = {}

    def zh(self, value: str) -> Lit:
        """A literal in Chinese, as every name and title is stored."""
        return self.lang(value, "zh")

    def count(self, value: int) -> Lit:
        """An integer literal: a count, an offset, a place in a sequence.

        Always ``xsd:integer`` (the shapes bound its range): stores such as Oxigraph keep
        ``xsd:nonNegativeInteger`` and ``xsd:positiveInteger`` as ``xsd:integer``, and a graph
        must read back from a store as it was written."""
        made = self._integers.get(value)
        if made is None:  # the same few positions and counts come again and again
            made = self._integers[value] = self.typed(str(value), XSD.integer)
        return made

    def source_text(self) -> None:
        """The text every span points into, whole."""
        document, plain = self.document, self.plain
        self.add_node(
            document.text_iri,
            (
                RDF.type, PK.SourceText,
                PK.sha256, plain(document.sha256),
                PK.charCount, self.count(len(document.text)),
                PK.content, plain(document.text),
                PK.textNormalization, plain(document.normalization),
                DCTERMS.language, plain("zh"),
                DCTERMS["format"], plain("text/plain; charset=utf-8"),
            ),
        )  # fmt: skip

    def node(self, node: str, pairs: list[object], span: SpanView | None) -> None:
        """Write ``node``'s ``pairs`` (predicate, object, predicate, object…) and its pointer
        to the ``span`` it was read from, then the span itself if it is new. ``pairs`` is
        consumed."""
        if span is None:
            if pairs:
                self.add_node(node, pairs)
            return
        span_node = self._spans_of.span(span.start, span.end)
        pairs += (_EVIDENCE, span_node)
        self.add_node(node, pairs)
        self._span(span_node, span)

    def shape(self, link: str, *flat: object) -> object:
        """The shape of nodes read from the text that an owner points to by ``link``
        (``TripleSink.shape``), their pointer to their span last: give it to ``shaped``."""
        return self.sink.shape(link, (*flat, _EVIDENCE, IRI))

    def shaped(
        self, shape: object, owner: str, node: str, span: SpanView, *objects: object
    ) -> None:
        """Write ``owner``'s link to ``node`` of ``shape`` (from ``self.shape``), the node with
        ``objects`` in its slots and its pointer to ``span``, then the span if it is new."""
        start, end = span.start, span.end
        span_node = self._spans_of.span(start, end)
        self._add_shaped(shape, owner, node, (*objects, span_node))
        packed = start << 32 | end  # as in _span, inline: this runs for most spans
        if packed not in self._spans:
            self._spans.add(packed)
            position, quote = self._spans_of.selectors(start, end)
            self._add_evidence(
                Evidence(span_node, self._source, position, quote, start, end, span.quote)
            )

    def _span(self, span_node: str, span: SpanView) -> None:
        """The evidence span ``span_node`` of ``span``, unless it was described already."""
        start, end = span.start, span.end
        packed = start << 32 | end
        if packed in self._spans:
            return
        self._spans.add(packed)
        position, quote = self._spans_of.selectors(start, end)
        self._add_evidence(
            Evidence(span_node, self._source, position, quote, start, end, span.quote)
        )

    def evidence(self, node: str, span: SpanView) -> None:
        """Point ``node`` at the span it was read from, with position and quote selectors."""
        self.node(node, [], span)

    def flush_node(self, node: str, pairs: list[object]) -> None:
        """Write the ``pairs`` of ``node`` taken so far (before a shared thing is described
        in the middle of it), leaving ``pairs`` empty for the rest."""
        if pairs:
            self.add_node(node, pairs)
            pairs.clear()
