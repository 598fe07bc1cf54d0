"""Tables written one row per line, cells separated by tabs, by ``|`` or by runs of spaces.

The .docx, .html and .pdf readers write tables so (a cell merged down from the row above as
the ditto mark 〃, a cell merged across columns once, followed by empty cells), and so do
spreadsheet exports and Markdown (``| a | b |`` or ``a | b``, with its ``|---|`` rule). The
header is the first line whose cells ``headers.read_header`` accepts — with the line below
it where the header takes two rows (责任单位 merged over 牵头单位 | 配合单位); every following
line with cells is a row, until a line without the separator — unless it is a short line between
two rows, a row merged across the table that lost its empty cells (a section heading). A
cell written 〃 or 同上 repeats the cell above; a line that repeats the header (a table
continued over a page) is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .grids import Cell, Row, Table
from .headers import is_header_word, read_header
from .lexicon import load_data
from .records import Span
from .spans import stripped

_TAB, _PIPE, _SPACES = re.compile(r"\t"), re.compile(r"\|"), re.compile(r" {2,}|\u3000+")
_SEPARATORS = (_TAB, _PIPE, _SPACES)
_MARKDOWN_RULE = re.compile(r"\s*\|?[\s|:-]*-[\s|:-]*\|?\s*")
_LONGEST_HEADING = 40


@cache
def ditto_marks() -> frozenset[str]:
    """Cells that repeat the cell above them (data/tables.toml, [cells])."""
    return frozenset(load_data("tables.toml")["cells"]["ditto"])


def delimited_table(
    text: str, lines: list[tuple[int, int]], index: int, merges_marked: bool = False
) -> Table | None:
    """The table whose header is line ``index``, cells separated by one separator; with
    ``merges_marked``, a tab-separated table's merged cells are all marked (its reader wrote
    them so)."""
    start, end = lines[index]
    # | a | b | or a | b: the header says whether rows have outer pipes.
    outer = text[start:end].lstrip().startswith("|")
    for separator in _SEPARATORS:
        if not separator.search(text, start, end):
            continue
        header = _cells(text, start, end, separator, outer)
        below = _cells(text, *lines[index + 1], separator, outer) if index + 1 < len(lines) else []
        two_rows = _two_row_header(header, below)
        columns = read_header(two_rows) if two_rows is not None else None
        first_row = index + 2
        if columns is None:
            columns, first_row = read_header(header), index + 1
        if columns is None:
            continue
        header_words = [c.text if c else "" for c in header]
        rows: list[Row] = []
        above: list[Cell | None] = [None] * len(columns)
        last = first_row - 1
        for row_index in range(first_row, len(lines)):
            row_start, row_end = lines[row_index]
            if separator is _PIPE and _MARKDOWN_RULE.fullmatch(text[row_start:row_end]):
                last = row_index
                continue  # the |---|---| line under a Markdown header
            cells = _cells(text, row_start, row_end, separator, outer)
            if len(cells) < 2:
                heading = _heading_line(text, lines, row_index, separator, outer)
                if heading is None:
                    break
                cells = [heading]
            last = row_index
            if [c.text if c else "" for c in cells] == header_words:
                continue  # the header again, where the table goes on over a page
            aligned = _aligned(cells, len(columns), above)
            above = aligned
            rows.append(Row(Span.of(text, row_start, row_end), tuple(aligned)))
        if rows:
            marked = merges_marked and separator is _TAB
            return Table(columns, tuple(rows), start, last, marked)
    return None


def _two_row_header(upper: list[Span | None], lower: list[Span | None]) -> list[Span | None] | None:
    """A header over two rows: a cell of the upper row merged across two columns (责任单位)
    over the lower row's words for them (牵头单位 | 配合单位), the other upper cells merged
    down (〃 below them). None unless the lower row is such a row."""
    ditto = ditto_marks()
    words = [c for c in lower if c is not None and c.text not in ditto]
    # The cell merged across names two columns at least; one word alone is a row merged
    # across the table (二、工作任务: a section heading that ends in a header word).
    if len(words) < 2 or not all(is_header_word(c.text) for c in words):
        return None
    if [c.text if c else "" for c in lower] == [c.text if c else "" for c in upper]:
        return None  # the header again, not a second row of it
    combined: list[Span | None] = []
    from_upper = 0
    for column in range(max(len(upper), len(lower))):
        below = lower[column] if column < len(lower) else None
        over = upper[column] if column < len(upper) else None
        if below is not None and below.text not in ditto:
            combined.append(below)
        elif over is not None:
            combined.append(over)
            from_upper += 1
        else:
            return None
    # A lower row that names every column is a header alone: the row above it is no part
    # of it (a title merged across the sheet: 某市2026年重点工作任务分工表).
    return combined if from_upper else None


def _heading_line(
    text: str,
    lines: list[tuple[int, int]],
    index: int,
    separator: re.Pattern[str],
    outer: bool,
) -> Span | None:
    """A short line without separators between two rows of the table: a row merged across
    all columns that lost its empty cells (二、强化保障) — unless a header follows it."""
    start, end = lines[index]
    line = stripped(text, start, end)
    if line is None or len(line.text) > _LONGEST_HEADING or index + 1 >= len(lines):
        return None
    following = _cells(text, *lines[index + 1], separator, outer)
    if len(following) < 2 or read_header(following) is not None:
        return None
    return line


def _aligned(cells: list[Span | None], width: int, above: list[Cell | None]) -> list[Cell | None]:
    """The row's cells, one per column: ditto marks resolved, missing cells empty."""
    ditto = ditto_marks()
    aligned: list[Cell | None] = []
    for column in range(width):
        span = cells[column] if column < len(cells) else None
        if span is None:
            aligned.append(None)
        elif span.text in ditto:
            repeated = above[column]
            aligned.append(
                None
                if repeated is None
                else Cell(repeated.span, repeated.parts, True, repeated.offices)
            )
        else:
            aligned.append(Cell.of(span))
    return aligned


def _cells(
    text: str, start: int, end: int, separator: re.Pattern[str], outer: bool
) -> list[Span | None]:
    """The cells of a line split by ``separator``, trimmed; empty cells are None. A line
    without the separator has no cells; with ``outer`` pipes, the first and last are none."""
    line = text[start:end]
    if separator is _PIPE:
        if "|" not in line or set(line.strip()) <= set("|-: "):
            return []
        lead = len(line) - len(line.lstrip())
        body_start = start + lead + (outer and line.lstrip().startswith("|"))
        body = text[body_start:end].rstrip()
        if outer and body.endswith("|"):
            body = body[:-1]
        return [stripped(text, body_start + a, body_start + b) for a, b in _pieces(body, separator)]
    # Leading spaces are indentation; a leading tab is an empty first cell, trailing tabs
    # are empty last cells (a row merged across all columns).
    lead = len(line) - len(line.lstrip(" "))
    body = line[lead:].rstrip(" " if separator is _TAB else None)
    if not separator.search(body):
        return []
    base = start + lead
    return [stripped(text, base + a, base + b) for a, b in _pieces(body, separator)]


def _pieces(line: str, separator: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    position = 0
    for match in separator.finditer(line):
        yield position, match.start()
        position = match.end()
    yield position, len(line)
