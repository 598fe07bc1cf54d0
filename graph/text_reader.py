"""The part of the model's readers every text shares (the inverse of ``graph.text_writer``):
the text itself, and the evidence span each fact was read from."""

from __future__ import annotations

from ontology.namespaces import OA, PK

from .model import DocumentView, SpanView
from .triple_index import Triples, int_of

__all__ = ["TextReader"]


class TextReader:
    """Reads what every text's facts share from a graph's triples: a text and its spans."""

    def __init__(self, graph: Triples) -> None:
        self.g = graph

    def document(self, text_iri: str) -> DocumentView:
        """The text at ``text_iri``: its content, hash and normalisation."""
        g = self.g
        return DocumentView(
            text_iri=text_iri,
            sha256=g.one(text_iri, str(PK.sha256)) or "",
            text=g.one(text_iri, str(PK.content)) or "",
            normalization=g.one(text_iri, str(PK.textNormalization)) or "",
        )

    def span(self, node: str) -> SpanView:
        """The span ``node`` was read from (an empty one where it has none)."""
        found = self.span_or_none(node)
        return found if found is not None else SpanView(0, 0, "")

    def span_or_none(self, node: str) -> SpanView | None:
        """The span ``node`` was read from, from its position and quote selectors."""
        g = self.g
        span = g.one(node, str(PK.evidence))
        if span is None:
            return None
        start = end = 0
        quote = ""
        for selector in g.all(span, str(OA.hasSelector)):
            types = g.types(selector)
            if str(OA.TextPositionSelector) in types:
                start = int_of(g.one(selector, str(OA.start))) or 0
                end = int_of(g.one(selector, str(OA.end))) or 0
            elif str(OA.TextQuoteSelector) in types:
                quote = g.one(selector, str(OA.exact)) or ""
        return SpanView(start, end, quote)
