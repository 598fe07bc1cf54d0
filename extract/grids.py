"""The records every table reader hands over: a table's columns and rows of cells, each cell
a span of the normalised text (see ``tables.py`` for the shapes tables come in)."""

from __future__ import annotations

from dataclasses import dataclass

from .headers import Column
from .records import Span


@dataclass(frozen=True, slots=True)
class Office:
    """An office read from text whose delimiters were lost: where it stands, and its name as
    written when the span also holds something else (a page marker inside it)."""

    surface: Span
    written: str


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a row: its span, its text in ``parts`` (more than one where the cell runs
    across a page marker), whether it repeats the cell above (a merged cell, 〃), and the
    offices a run-together reader read in it."""

    span: Span
    parts: tuple[Span, ...]
    inherited: bool = False
    offices: tuple[Office, ...] = ()

    @classmethod
    def of(cls, span: Span) -> Cell:
        """A cell whose text is all of ``span``."""
        return cls(span, (span,))

    @property
    def text(self) -> str:
        """The cell's text without what is not part of it."""
        return "".join(part.text for part in self.parts)


@dataclass(frozen=True, slots=True)
class Row:
    """A row: its extent and one cell (or None) per column. ``cut_off`` marks a last row
    whose cells stop where the text does, so a missing cell is missing, not merged."""

    span: Span
    cells: tuple[Cell | None, ...]
    cut_off: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table found in the text: its columns, its rows, where its header starts and the
    index of the last line it covers. ``merges_marked``: every merged cell is marked (〃),
    as the .docx and .xlsx readers write them, so an empty cell is empty, never merged."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    start: int
    last_line: int
    merges_marked: bool = False
