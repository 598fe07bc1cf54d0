"""Graphs written as they are made: N-Triples and Turtle files that take triples one by one.

These are the sinks (``graph.triples.TripleSink``) of large builds and of documents on their
way to a store. A triple becomes a line of text the moment it arrives, so a graph of any size
passes through in the memory of one batch; no rdflib term is ever made. The order of the
output is the order the builder adds triples in (document order), so the same input gives the
same bytes. Shared triples (an office's name, a programme's label) are written once per sink.

Oxigraph's parser reads at most 16 MiB of one line, and a plan's whole text is one literal: an
N-Triples file meant for a store sets such literals aside (``long_triples``), to be added
through the store's API instead.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from graph.census import Census
from graph.triples import Evidence, predicate_object_pairs, quoted
from ontology.namespaces import OA, PK, PREFIXES, XSD

from .atomic import staged_file
from .text_sink import BATCH, EVIDENCE_TRIPLES, Long, Shape, TextSink, braced

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# The terms of an evidence span, written by template (see graph.triples.Evidence).
_TEXT_SPAN, _POSITION, _QUOTE = (
    str(PK.TextSpan),
    str(OA.TextPositionSelector),
    str(OA.TextQuoteSelector),
)
_HAS_SOURCE, _HAS_SELECTOR = str(OA.hasSource), str(OA.hasSelector)
_START, _END, _EXACT, _INTEGER = str(OA.start), str(OA.end), str(OA.exact), str(XSD.integer)
# A local name Turtle may write after a prefix: a safe subset of PN_LOCAL.
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NAMESPACES = {str(namespace): prefix for prefix, namespace in PREFIXES.items()}
_VOCABULARIES = tuple(_NAMESPACES)
# Between two predicate-object pairs of one subject in Turtle, and its length (a subject's
# first pair follows the subject after a space instead).
_SEPARATOR = " ;\n    "
_SEPARATED = len(_SEPARATOR)


class NTriplesFile(TextSink):
    """A file that takes triples one by one and writes them as N-Triples.

    With ``long_limit`` (for a file a store will load), literals longer than that many
    characters are not written but kept in ``long_triples`` and, at ``close``, in a JSON file
    beside it (``long_path``). With ``graph``, every line names that graph: the file is
    N-Quads, as a new store's bulk loader takes many plans' graphs in one load. ``census``
    counts what passes. With ``shared`` (``IriMinter.shared_nodes``), what is said of a shared
    thing is not written but kept in ``shared_lines`` (N-Triples): a store states it once,
    in its default graph, however many plans name the thing.
    """

    def __init__(
        self,
        target: Path | IO[str],
        long_limit: int | None = None,
        *,
        graph: str | None = None,
        census: Census | None = None,
        shared: tuple[str, ...] = (),
    ) -> None:
        self.path = target if isinstance(target, Path) else None
        self.census = census
        self._shared_nodes = shared
        self.shared_lines: list[str] = []
        self.long_path: Path | None = None
        self._end = " .\n" if graph is None else "".join((" <", graph, "> .\n"))
        handle = target.open("w", encoding="utf-8") if isinstance(target, Path) else target
        super().__init__(handle, long_limit)
        if long_limit is not None:
            self.add = self._add_or_set_aside  # type: ignore[method-assign]

    def add(self, s: str, p: str, o: Any, /) -> None:
        # str.join takes rdflib's URIRefs as the strings they are; an f-string would call
        # their __format__ (far slower, on every triple: docs/performance.md).
        if self.census is not None:
            self.census.take(s, p, o)
        lines, end = self._lines, self._end
        if o[0] == '"':
            lines.append("".join(("<", s, "> <", p, "> ", o, end)))
        else:
            lines.append("".join(("<", s, "> <", p, "> <", o, ">", end)))
        self._pending += 1
        if len(lines) >= BATCH:
            self.flush()

    def add_node(self, s: str, pairs: Sequence[Any], /) -> None:
        if self._long_limit is not None and any(type(o) is Long for o in pairs[1::2]):
            for p, o in predicate_object_pairs(pairs):
                self.add(s, p, o)
            return
        if self.census is not None:
            self.census.take_node(s, pairs)
        subject, end = "".join(("<", s, "> <")), self._end
        parts: list[str] = []
        for p, o in predicate_object_pairs(pairs):
            parts += (subject, p, "> ", o, end) if o[0] == '"' else (subject, p, "> <", o, ">", end)
        self._lines.append("".join(parts))
        self._pending += len(pairs) >> 1
        if len(self._lines) >= BATCH:
            self.flush()

    def add_shared(self, s: str, p: str, o: object, /) -> None:
        if not (self._shared_nodes and s.startswith(self._shared_nodes)) or type(o) is Long:
            super().add_shared(s, p, o)
        elif (s, p, o) not in self._shared:
            self._shared.add((s, p, o))
            if self.census is not None:
                self.census.take(s, p, o)
            self.shared_lines.append(f"<{s}> <{p}> {self._fixed_object(o)} .\n")

    def add_evidence(self, span: Evidence, /) -> None:
        if self._long_limit is not None and len(span.exact) > self._long_limit:
            for s, p, o in span.triples(self):
                self.add(s, p, o)
            return
        if self.census is not None:
            self.census.take_evidence()
        s, pos, quote, end = span.span, span.position, span.quote, self._end
        self._lines += (  # the quote apart from the IRIs, as in TurtleFile.add_evidence
            f"<{s}> <{_RDF_TYPE}> <{_TEXT_SPAN}>{end}<{s}> <{_HAS_SOURCE}> <{span.source}>{end}"
            f"<{s}> <{_HAS_SELECTOR}> <{pos}>{end}<{s}> <{_HAS_SELECTOR}> <{quote}>{end}"
            f"<{pos}> <{_RDF_TYPE}> <{_POSITION}>{end}"
            f'<{pos}> <{_START}> "{span.start}"^^<{_INTEGER}>{end}'
            f'<{pos}> <{_END}> "{span.end}"^^<{_INTEGER}>{end}'
            f"<{quote}> <{_RDF_TYPE}> <{_QUOTE}>{end}<{quote}> <{_EXACT}> ",
            quoted(span.exact),
            end,
        )
        self._pending += EVIDENCE_TRIPLES
        if len(self._lines) >= BATCH:
            self.flush()

    def add_shaped(self, shape: Shape, owner: str, s: str, objects: Sequence[object], /) -> None:
        if self.census is not None or (
            self._long_limit is not None and any(type(o) is Long for o in objects)
        ):
            self._add_filled(shape, owner, s, objects)
            return
        self._lines.append(shape.started % shape.get_started(("", owner, s, *objects)))
        self._pending += shape.count
        if len(self._lines) >= BATCH:
            self.flush()

    def _templates(
        self, link: str, predicates: Sequence[object], objects: list[str]
    ) -> tuple[str, str]:
        end = braced(self._end)
        lines = [f"<{{1}}> <{braced(link)}> <{{2}}>{end}"]
        lines += (
            f"<{{2}}> <{braced(str(p))}> {o}{end}" for p, o in zip(predicates, objects, strict=True)
        )
        text = "".join(lines)
        return text, text

    def _fixed_object(self, o: object) -> str:
        text = str(o)
        return text if text[0] == '"' else f"<{text}>"

    def _add_or_set_aside(self, s: str, p: str, o: Any, /) -> None:
        if type(o) is Long:
            self.long_triples.append((s, p, o.value, o.language, o.datatype))
        else:
            NTriplesFile.add(self, s, p, o)

    def close(self) -> Path:
        """Write what is left and close the file (and the one of long literals); its path."""
        if self.path is None:
            raise TypeError("close() is for a file this sink opened; flush() a handle")
        self.flush()
        self._handle.close()
        if self.long_triples:
            self.long_path = self.path.with_suffix(".long.json")
            self.long_path.write_text(
                json.dumps(self.long_triples, ensure_ascii=False), encoding="utf-8"
            )
        return self.path


def read_long_triples(path: Path) -> list[tuple[str, str, str, str | None, str | None]]:
    """The literals an NTriplesFile set aside: (subject, predicate, value, language, datatype)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [(s, p, value, language, datatype) for s, p, value, language, datatype in rows]


class TurtleFile(TextSink):
    """A file that takes triples one by one and writes them as Turtle: the policykg prefixes,
    vocabulary terms as prefixed names, and a subject's consecutive triples under it. A
    ``census`` counts what passes."""

    _join_batches = True

    def __init__(self, handle: IO[str], census: Census | None = None) -> None:
        super().__init__(handle, None)
        self.census = census
        self._subject = ""  # of the statement being written (no IRI is empty)
        self._names: dict[object, str] = {}  # vocabulary IRI (str or URIRef) → prefixed name
        self._predicates: dict[object, str] = {}  # the same, with rdf:type written "a"
        self._leads: dict[object, str] = {}  # predicate → " ;\n    name "
        handle.writelines(
            f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(PREFIXES.items())
        )
        handle.write("\n")

    def add(self, s: str, p: str, o: Any, /) -> None:
        if self.census is not None:
            self.census.take(s, p, o)
        term = self._names.get(o) or (o if o[0] == '"' else self._object(o))
        lead = self._leads.get(p) or self._lead(p)
        # str's own comparison: rdflib's URIRef.__eq__ is Python code, and this runs for
        # every triple (consecutive triples usually pass the very same subject object).
        if s is self._subject or str.__eq__(s, self._subject):
            self._lines.append(lead + term)
        else:
            start = " .\n<" if self._subject else "<"
            self._lines.append("".join((start, s, "> ", lead[_SEPARATED:], term)))
            self._subject = s
        self._pending += 1
        if len(self._lines) >= BATCH:
            self.flush()

    def add_node(self, s: str, pairs: Sequence[Any], /) -> None:
        leads, names = self._leads, self._names
        if self.census is not None:
            self.census.take_node(s, pairs)
        parts: list[str] = []
        for p, o in predicate_object_pairs(pairs):
            term = names.get(o) or (o if o[0] == '"' else self._object(o))  # a literal as made
            parts += (leads.get(p) or self._lead(p), term)
        if not parts:
            return
        if not (s is self._subject or str.__eq__(s, self._subject)):
            start = " .\n<" if self._subject else "<"
            parts[0] = "".join((start, s, "> ", parts[0][_SEPARATED:]))
            self._subject = s
        self._lines.append("".join(parts))
        self._pending += len(pairs) >> 1
        if len(self._lines) >= BATCH:
            self.flush()

    def add_evidence(self, span: Evidence, /) -> None:
        if self.census is not None:
            self.census.take_evidence()
        s, pos, quote = span.span, span.position, span.quote
        lead = " .\n<" if self._subject else "<"
        self._subject = quote
        # The quote apart from the IRIs: text made of ASCII alone is made, joined and encoded
        # at a third of the cost of the same text with Chinese in it (docs/performance.md).
        self._lines += (
            f"{lead}{s}> a pk:TextSpan ;\n    oa:hasSource <{span.source}> ;\n"
            f"    oa:hasSelector <{pos}> ;\n    oa:hasSelector <{quote}> .\n"
            f"<{pos}> a oa:TextPositionSelector ;\n"
            f'    oa:start "{span.start}"^^xsd:integer ;\n    oa:end "{span.end}"^^xsd:integer .\n'
            f"<{quote}> a oa:TextQuoteSelector ;\n    oa:exact ",
            quoted(span.exact),
        )
        self._pending += EVIDENCE_TRIPLES
        if len(self._lines) >= BATCH:
            self.flush()

    def add_shaped(self, shape: Shape, owner: str, s: str, objects: Sequence[object], /) -> None:
        if self.census is not None:
            self._add_filled(shape, owner, s, objects)
            return
        current = self._subject
        if owner is current or str.__eq__(owner, current):
            values = ("", owner, s, *objects)
            self._lines.append(shape.continued % shape.get_continued(values))
        else:
            values = (" .\n<" if current else "<", owner, s, *objects)
            self._lines.append(shape.started % shape.get_started(values))
        self._subject = s
        self._pending += shape.count
        if len(self._lines) >= BATCH:
            self.flush()

    def _templates(
        self, link: str, predicates: Sequence[object], objects: list[str]
    ) -> tuple[str, str]:
        leads = [braced(self._leads.get(p) or self._lead(p)) for p in predicates]
        node = " .\n<{2}> " + "".join(map(str.__add__, leads, objects))[_SEPARATED:]
        to_node = braced(self._leads.get(link) or self._lead(link)) + "<{2}>" + node
        return "{0}{1}> " + to_node[_SEPARATED:], to_node

    def _fixed_object(self, o: object) -> str:
        return self._names.get(o) or self._object(o)

    def close(self) -> None:
        """End the last statement and write what is left (the caller closes the handle)."""
        self.flush()
        if self._subject:
            self._handle.write(" .\n")
            self._subject = ""

    def _object(self, o: Any) -> str:
        """An object as Turtle writes it: a literal as made, a vocabulary term prefixed, an
        instance IRI in brackets (not remembered: most are written once)."""
        if o[0] == '"':
            return o  # type: ignore[no-any-return]
        if str.startswith(o, _VOCABULARIES):  # URIRef.startswith takes no tuple
            return self._name(o)
        return "".join(("<", o, ">"))

    def _lead(self, predicate: object) -> str:
        """What comes before an object of ``predicate`` in a statement that goes on: the
        separator and the predicate's name (remembered)."""
        name = self._predicates.get(predicate) or self._predicate(predicate)
        lead = self._leads[predicate] = "".join((_SEPARATOR, name, " "))
        return lead

    def _datatype(self, iri: str) -> str:
        return self._names.get(iri) or self._name(iri)

    def _predicate(self, term: object) -> str:
        name = "a" if str(term) == _RDF_TYPE else self._name(term)
        self._predicates[term] = name
        return name

    def _name(self, term: object) -> str:
        """A vocabulary IRI as a prefixed name (remembered), any other as ``<iri>``."""
        iri = str(term)
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        prefix = _NAMESPACES.get(iri[:cut])
        if prefix is None or not _LOCAL_NAME.fullmatch(iri[cut:]):
            return f"<{iri}>"
        name = self._names[term] = f"{prefix}:{iri[cut:]}"
        return name


class StagedTurtle:
    """An output Turtle file written as the documents come: a staged file in the output
    directory (``output.atomic.staged_file``), made when the first document arrives, so a
    build that reads nothing writes nothing; ``write_together`` puts it in place."""

    def __init__(self, directory: Path, name: str, census: Census | None = None) -> None:
        self.directory, self.name, self.census = directory, name, census
        self.path: Path | None = None
        self._made: list[Path] = []  # directories made for the file, innermost first
        self._handle: IO[str] | None = None
        self._sink: TurtleFile | None = None

    def sink(self) -> TurtleFile:
        """The file's sink (the file is made on the first call)."""
        if self._sink is None:
            self._made = _missing_directories(self.directory)
            self.path = staged_file(self.directory, self.name)
            self._handle = self.path.open("w", encoding="utf-8")
            self._sink = TurtleFile(self._handle, self.census)
        return self._sink

    @property
    def count(self) -> int:
        """Triples written so far."""
        return 0 if self._sink is None else self._sink.count

    def finish(self) -> Path:
        """Close the file; its staged path."""
        sink = self.sink()
        sink.close()
        assert self._handle is not None
        assert self.path is not None
        self._handle.close()
        return self.path

    def discard(self) -> None:
        """Close and remove the file, and the directories made for it (a build that failed
        leaves nothing behind)."""
        if self._handle is not None:
            with contextlib.suppress(OSError):  # what it still held may not fit (a full disk)
                self._handle.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        for directory in self._made:
            with contextlib.suppress(OSError):  # not empty: something else lives there now
                directory.rmdir()


def _missing_directories(directory: Path) -> list[Path]:
    """``directory`` and those of its parents that do not exist, innermost first."""
    missing = []
    while not directory.exists() and directory.parent != directory:
        missing.append(directory)
        directory = directory.parent
    return missing
