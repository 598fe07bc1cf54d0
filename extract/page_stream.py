"""The text after a table's header as one stream: what a paged copy printed between its
cells left out, and where each character stands in the document.

A page of a paged copy starts with its marker (a line 2、, 3、 … after the line marked 1、)
and may print the table's header again; line breaks fall anywhere, inside a cell too. The
stream is the text with those left out, so that the table can be read as if it had been
printed in one piece; every span it gives is a span of the document (a cell that runs across
a page marker comes in two parts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grids import Cell
from .headers import Column
from .records import Span

_PAGE_MARKER = re.compile(r"[ \t]*(\d{1,3})[ \t]*、")


@dataclass(slots=True)
class PageStream:
    """The text after the header with page markers, line breaks and repeated headers left
    out, and where each of its characters stands in the document."""

    document: str
    text: str = ""
    offsets: list[int] = field(default_factory=list)

    @classmethod
    def after_header(
        cls, document: str, lines: list[tuple[int, int]], index: int, columns: tuple[Column, ...]
    ) -> PageStream:
        start, end = lines[index]
        pieces = [(columns[-1].header.end, end)]
        marker = _PAGE_MARKER.match(document, start, end)
        expected = int(marker.group(1)) + 1 if marker else None
        for line_start, line_end in lines[index + 1 :]:
            found = _PAGE_MARKER.match(document, line_start, line_end)
            if expected is not None and found and int(found.group(1)) == expected:
                pieces.append((found.end(), line_end))
                expected += 1
            elif expected is None and document[line_start:line_end].lstrip()[:1].isdigit():
                pieces.append((line_start, line_end))  # one row per line, no delimiters
            else:
                break
        header = document[columns[0].header.start : columns[-1].header.end]
        stream = cls(document)
        chars: list[str] = []
        for piece_start, piece_end in pieces:
            chars.extend(document[piece_start:piece_end])
            stream.offsets.extend(range(piece_start, piece_end))
        stream.text = "".join(chars)
        stream._drop(header)
        return stream

    def _drop(self, header: str) -> None:
        """Leave out the header where a later page prints it again."""
        at = self.text.find(header)
        while at != -1:
            self.text = self.text[:at] + self.text[at + len(header) :]
            del self.offsets[at : at + len(header)]
            at = self.text.find(header, at)

    def span(self, start: int, end: int) -> Span:
        """The document span from stream position ``start`` to ``end``."""
        return Span.of(self.document, self.offsets[start], self.offsets[end - 1] + 1)

    def parts(self, start: int, end: int) -> tuple[Span, ...]:
        """The document spans of ``[start, end)``, one for each run without a gap."""
        parts = []
        first = start
        for i in range(start + 1, end + 1):
            if i == end or self.offsets[i] != self.offsets[i - 1] + 1:
                parts.append(Span.of(self.document, self.offsets[first], self.offsets[i - 1] + 1))
                first = i
        return tuple(parts)

    def cell(self, start: int, end: int) -> Cell:
        return Cell(self.span(start, end), self.parts(start, end))
