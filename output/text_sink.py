"""What the N-Triples and Turtle files (``output.streams``) share: literals as text, shared
triples kept once, lines written in batches, and node shapes made into templates once.

A shape (``graph.triples.TripleSink.shape``) is the fixed part of many nodes (a mention's
predicates and class); each sink makes it into one ``str.format`` template of its own text,
so a node of that shape is one call to ``format`` with only its varying objects.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import IO, Any

from graph.triples import IRI, Evidence, Slot, filled, quoted

EVIDENCE_TRIPLES = 9  # of one span (graph.triples.Evidence)
BATCH = 4096  # lines written at a time
# Literals longer than this keep their batch from being joined into one string to write.
_JOINED = 1 << 16

# Literals are plain strings as the file writes them, quoted: '"教育处"@zh'. An IRI never
# starts with a quote mark, so one character tells the two apart.


class Long:
    """A literal too long for Oxigraph's N-Triples parser, kept as its parts."""

    __slots__ = ("datatype", "language", "value")

    def __init__(self, value: str, language: str | None, datatype: str | None) -> None:
        self.value, self.language, self.datatype = value, language, datatype


class Shape:
    """A node shape made into a sink's text: templates of an owner's link and the node
    (``started`` after another subject's triples, ``continued`` after the owner's), and the
    shape itself. Each template is ``%`` text and the getter of its arguments from the text
    before the owner, the owner, the node, then the slots' objects: ``text % get(values)``
    (``str.format`` took half as long again over text that holds Chinese)."""

    __slots__ = ("continued", "count", "flat", "get_continued", "get_started", "link", "started")

    def __init__(self, link: str, flat: tuple[object, ...], started: str, continued: str) -> None:
        self.link, self.flat = link, flat
        self.started, self.get_started = _percent(started)
        self.continued, self.get_continued = _percent(continued)
        self.count = 1 + (len(flat) >> 1)  # the link and the node's triples


def _percent(template: str) -> tuple[str, Callable[[Sequence[object]], Sequence[object]]]:
    """A ``str.format`` template of numbered fields as ``%`` text and the getter of its
    arguments in order.

    >>> text, get = _percent("<{1}> p <{2}> .\\n<{2}> q {3}% {{x}}")
    >>> text % get(("", "s", "o", "1"))
    '<s> p <o> .\\n<o> q 1% {x}'
    """
    text, order = [], []
    for literal, field, _, _ in string.Formatter().parse(template):
        text.append(literal.replace("%", "%%"))
        if field is not None:
            text.append("%s")
            order.append(int(field))
    if len(order) < 2:  # itemgetter of one item gives the item, not a tuple of it
        raise ValueError(f"a shape's template has the owner and the node at least: {template!r}")
    return "".join(text), itemgetter(*order)


class TextSink:
    """What the N-Triples and Turtle files share: literals as text, shared triples kept once,
    lines written in batches."""

    def __init__(self, handle: IO[str], long_limit: int | None) -> None:
        self._handle = handle
        self._lines: list[str] = []
        self._written = 0  # triples written to the file
        self._pending = 0  # triples in _lines
        self._shared: set[tuple[str, str, object]] = set()
        self._long_limit = long_limit
        self.long_triples: list[tuple[str, str, str, str | None, str | None]] = []
        self._shapes: dict[tuple[object, ...], Shape] = {}
        self._joined = True  # whether the batch may be joined before it is written

    @property
    def count(self) -> int:
        """Triples taken so far."""
        return self._written + self._pending + len(self.long_triples)

    def add(self, s: str, p: str, o: Any, /) -> None:
        raise NotImplementedError

    def add_node(self, s: str, pairs: Sequence[Any], /) -> None:
        raise NotImplementedError

    def add_evidence(self, span: Evidence, /) -> None:
        raise NotImplementedError

    def shape(self, link: str, flat: Sequence[object], /) -> Shape:
        key = (link, *flat)
        known = self._shapes.get(key)
        if known is None:
            node = tuple(flat)
            objects = self._slotted(node[1::2])
            known = self._shapes[key] = Shape(
                link, node, *self._templates(link, node[::2], objects)
            )
        return known

    def _slotted(self, objects: Sequence[object]) -> list[str]:
        """A shape's objects as its templates write them: ``{3}``, ``{4}``… for its slots (an
        IRI's in brackets), the others as this sink writes them."""
        texts, slot = [], 3
        for o in objects:
            if type(o) is Slot:
                texts.append(("<{%d}>" if o is IRI else "{%d}") % slot)
                slot += 1
            else:
                texts.append(braced(self._fixed_object(o)))
        return texts

    def _templates(
        self, link: str, predicates: Sequence[object], objects: list[str]
    ) -> tuple[str, str]:
        """The ``started`` and ``continued`` templates of a shape (see ``Shape``)."""
        raise NotImplementedError

    def _fixed_object(self, o: object) -> str:
        """An object a shape holds as it is, as this sink writes it."""
        raise NotImplementedError

    def _add_filled(self, shape: Shape, owner: str, s: str, objects: Sequence[object]) -> None:
        """A shaped node the general way (to be counted, or holding a long literal)."""
        self.add(owner, shape.link, s)
        self.add_node(s, filled(shape.flat, objects))

    def add_shared(self, s: str, p: str, o: object, /) -> None:
        key = (s, p, o)
        if key not in self._shared:
            self._shared.add(key)
            self.add(s, p, o)

    def plain(self, value: str, /) -> object:
        if self._long_limit is not None and len(value) > self._long_limit:
            return Long(value, None, None)
        if len(value) > _JOINED:
            self._joined = False
        return quoted(value)

    def lang(self, value: str, language: str, /) -> object:
        if self._long_limit is not None and len(value) > self._long_limit:
            return Long(value, language, None)
        if len(value) > _JOINED:
            self._joined = False
        return quoted(value) + "@" + language

    def typed(self, lexical: str, datatype: str, /) -> object:
        return quoted(lexical) + "^^" + self._datatype(datatype)

    def _datatype(self, iri: str) -> str:
        return "".join(("<", iri, ">"))

    # Whether a batch is joined into one write: a third faster for Turtle's short lines;
    # no faster for N-Triples' (their ASCII IRIs, joined to Chinese text, lose ASCII's
    # fast encoding).
    _join_batches = False

    def flush(self) -> None:
        """Write the lines taken so far: joined, in one write, where this sink's lines gain
        by it, unless a batch holds a long literal (a plan's whole text), not to be copied."""
        if self._joined and self._join_batches:
            self._handle.write("".join(self._lines))
        else:
            self._handle.writelines(self._lines)
            self._joined = True
        self._written += self._pending
        self._pending = 0
        self._lines.clear()


def braced(text: str) -> str:
    """``text`` as it stands in a ``str.format`` template."""
    return text.replace("{", "{{").replace("}", "}}")
