"""Where triples go: the sink protocol, and the sink that fills an rdflib graph.

The writer (``graph.emit``) never makes an RDF term of its own: it hands IRIs (plain strings)
and asks its sink for literals. An rdflib graph (``GraphSink``) gets rdflib terms; a file
sink (``output.streams``) gets text it writes at once as N-Triples or Turtle, with no rdflib
term made at all (a third of a large build's time went into making and hashing them).

Every triple the writer adds is new by construction (its subject is minted from the document
key or a text position), except the descriptions of shared things (an office, a programme, a
place: ``add_shared``) and the shortcuts from a task to them, which the text may repeat: a sink
keeps one of each. So a file sink can stream a graph of any size without holding it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple, Protocol, TypeVar, cast

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ontology.namespaces import OA, PK, RDF, XSD

# A literal made by a sink for its own use: an rdflib Literal, or the text a file writes.
Lit = object
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# Triples as text (the form file sinks write and stores give back): subject and predicate
# are IRIs; an object is an IRI, or a literal as N-Triples writes it ('"教育处"@zh'). An IRI
# never starts with a quote mark, so one character tells the two apart.
TextTriple = tuple[str, str, str]
_Term = TypeVar("_Term")


def quoted(value: str) -> str:
    """A string as an N-Triples or Turtle quoted literal: ", \\, LF and CR escaped (the
    only characters STRING_LITERAL_QUOTE may not hold raw).

    >>> print(quoted('他说"好"\\n'))
    "他说\\"好\\"\\n"
    """
    # str.translate looks up every character of a Chinese text (docs/performance.md); these
    # four scans and replaces run at C speed.
    if '"' in value or "\\" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return "".join(('"', value, '"'))  # join: a URIRef's "+" would make a URIRef of it


@lru_cache(maxsize=1 << 12)  # plans repeat their numbers; equal decimals share one form
def decimal_lexical(value: Decimal) -> str:
    """An xsd:decimal in its canonical form (XSD 1.1: no exponent, no trailing zeros, no
    point for a whole number), the form stores such as Oxigraph keep: a graph read back from
    a store, or from its Turtle, holds the very same term as the one written.

    >>> [decimal_lexical(Decimal(v)) for v in ("12000", "12000.0", "0.3333", "1.50", "-0.0")]
    ['12000', '12000', '0.3333', '1.5', '0']
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def literal_text(lexical: str, language: str | None, datatype: str | None) -> str:
    """A literal as N-Triples writes it.

    >>> literal_text("12", None, "http://www.w3.org/2001/XMLSchema#integer")
    '"12"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if language:
        return f"{quoted(lexical)}@{language}"
    if datatype and datatype != _XSD_STRING:
        return f"{quoted(lexical)}^^<{datatype}>"
    return quoted(lexical)


def term_text(node: Node) -> str:
    """An rdflib IRI or literal in the text form of triples (see ``TextTriple``)."""
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else None
        return literal_text(str(node), node.language, datatype)
    return str(node)


def triples_as_text(graph: Graph) -> Iterator[TextTriple]:
    """The triples of an rdflib graph (with no blank node) in text form, as the graph gives
    them."""
    return ((str(s), str(p), term_text(o)) for s, p, o in graph)


_UNESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\r": "\r", "\\t": "\t"}


def lexical_of(text: str) -> str:
    """The lexical form of a literal in text form (IRIs come back as they are).

    >>> lexical_of(literal_text('他说"好"', "zh", None)), lexical_of("https://x/y")
    ('他说"好"', 'https://x/y')
    """
    if not text.startswith('"'):
        return text
    inner = text[1 : text.rindex('"')]
    if "\\" not in inner:
        return inner
    return re.sub(r"\\[\\\"nrt]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}", _unescape, inner)


def _unescape(match: re.Match[str]) -> str:
    escape = match.group(0)
    return _UNESCAPES.get(escape) or chr(int(escape[2:], 16))


def predicate_object_pairs(flat: Sequence[_Term]) -> zip[tuple[_Term, _Term]]:
    """The (predicate, object) pairs of a flat ``add_node`` sequence.

    >>> list(predicate_object_pairs(["p", "o", "q", "r"]))
    [('p', 'o'), ('q', 'r')]
    """
    return zip(flat[::2], flat[1::2], strict=True)


class Slot:
    """A varying object in a node's shape (``TripleSink.shape``): what each node of that shape
    gives there."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"Slot({self.kind!r})"


# An instance IRI as ``ontology.iris`` mints it: never written as a prefixed name (what comes
# before its last "/" is the base and at least one segment more, never one of our vocabulary
# namespaces, so Turtle writes it in brackets as it would any other instance IRI).
IRI = Slot("iri")
# A literal the sink made (``plain``, ``lang``, ``typed``).
LITERAL = Slot("literal")


def filled(shape: Sequence[object], objects: Sequence[object]) -> list[object]:
    """A node's flat pairs (as ``add_node`` takes them): ``shape`` with its slots filled by
    ``objects`` in order.

    >>> filled(["p", IRI, "q", "fixed", "r", LITERAL], ["o", '"x"'])
    ['p', 'o', 'q', 'fixed', 'r', '"x"']
    """
    given = iter(objects)
    return [next(given) if type(item) is Slot else item for item in shape]


class TripleSink(Protocol):
    """Where a document's triples go, and the maker of their literals.

    Subjects and predicates are IRIs; an object is an IRI or a literal this sink made.
    """

    def add(self, s: str, p: str, o: object, /) -> None:
        """Take a triple no other call gives again."""

    def add_shared(self, s: str, p: str, o: object, /) -> None:
        """Take a triple that may come again (a shared entity's description): keep one."""

    def add_node(self, s: str, pairs: Sequence[object], /) -> None:
        """Take several new triples of one subject at once: ``pairs`` is flat (predicate,
        object, predicate, object…), read during the call and not kept."""

    def add_evidence(self, span: Evidence, /) -> None:
        """Take the three nodes of one evidence span: the span, its position and its quote."""

    def shape(self, link: str, flat: Sequence[object], /) -> Any:
        """What this sink makes of the nodes of one shape, made once: nodes an owner points to
        by ``link``, each with the triples ``flat`` (as ``add_node`` takes them) where a
        ``Slot`` stands for each object that varies from node to node."""

    def add_shaped(self, shape: Any, owner: str, s: str, objects: Sequence[object], /) -> None:
        """Take ``owner``'s link to a new node ``s`` of ``shape`` (from ``self.shape``), then
        the node's own triples, ``objects`` filling its slots in order."""

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
        obj = o if isinstance(o, (Literal, URIRef)) else URIRef(cast(str, o))
        self._add((URIRef(s), URIRef(p), cast(Node, obj)))

    add_shared = add

    def add_node(self, s: str, pairs: Sequence[object], /) -> None:
        for p, o in predicate_object_pairs(pairs):
            self.add(s, cast(str, p), o)

    def add_evidence(self, span: Evidence, /) -> None:
        for s, p, o in span.triples(self):
            self.add(s, p, o)

    def shape(self, link: str, flat: Sequence[object], /) -> tuple[str, Sequence[object]]:
        return link, tuple(flat)

    def add_shaped(
        self, shape: tuple[str, Sequence[object]], owner: str, s: str, objects: Sequence[object], /
    ) -> None:
        link, flat = shape
        self.add(owner, link, s)
        self.add_node(s, filled(flat, objects))

    def plain(self, value: str, /) -> Lit:
        return Literal(value)

    def lang(self, value: str, language: str, /) -> Lit:
        return Literal(value, lang=language)

    def typed(self, lexical: str, datatype: str, /) -> Lit:
        return Literal(lexical, datatype=URIRef(datatype))


class Evidence(NamedTuple):
    """One evidence span as the graph holds it: a ``pk:TextSpan`` of the source text with an
    ``oa:TextPositionSelector`` (``start``, ``end``) and an ``oa:TextQuoteSelector`` (``exact``):
    nine triples of fixed shape (half a plan's), which file sinks write whole. A named tuple,
    not a frozen dataclass: one is made per span, and a tuple is made at a fifth of the cost."""

    span: str
    source: str
    position: str
    quote: str
    start: int
    end: int
    exact: str

    def triples(self, sink: TripleSink) -> list[tuple[str, str, object]]:
        """The nine triples, with literals made by ``sink``."""
        span, position, quote = self.span, self.position, self.quote
        return [
            (span, RDF.type, PK.TextSpan),
            (span, OA.hasSource, self.source),
            (span, OA.hasSelector, position),
            (span, OA.hasSelector, quote),
            (position, RDF.type, OA.TextPositionSelector),
            (position, OA.start, sink.typed(str(self.start), XSD.integer)),
            (position, OA.end, sink.typed(str(self.end), XSD.integer)),
            (quote, RDF.type, OA.TextQuoteSelector),
            (quote, OA.exact, sink.plain(self.exact)),
        ]


def as_sink(target: Graph | TripleSink) -> TripleSink:
    """``target`` as a sink: an rdflib graph is wrapped, a sink is itself."""
    return GraphSink(target) if isinstance(target, Graph) else target
