"""Task-division tables (重点工作任务分解表) in text: a header row of known labels, then rows.

Tables reach the text as one line per row: cells separated by tabs (as the .docx, .html and
.pdf readers write them, and as spreadsheets export), by '|' (Markdown), or by runs of two
or more spaces. A header row names at least one unit column (牵头单位, 责任单位 …) and one
text column (重点任务, 具体措施 …), all labels from data/fields.toml. Each following row with
cells is a task; a cell holding only a ditto mark (〃, 同上) repeats the cell above it, which
is how readers write a cell merged over several rows; a row whose only text is in its first
cell (一、强化组织保障) is a section heading inside the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import field_labels, table_rules
from .records import FieldKind, Span

_SEPARATORS = (re.compile(r"\t"), re.compile(r"\|"), re.compile(r" {2,}|\u3000+"))
_MARKDOWN_RULE = re.compile(r"\s*\|[\s|:-]*-[\s|:-]*\|?\s*")
_TEXT_KINDS = frozenset(
    {FieldKind.OBJECTIVE, FieldKind.MEASURE, FieldKind.OUTCOME, FieldKind.PROBLEM}
)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table: what its cells say, and its header cell."""

    kind: FieldKind | None  # None: the number column (序号)
    header: Span


@dataclass(frozen=True, slots=True)
class Row:
    """A row: its line, and for each column the span of its cell (the cell above for 〃)."""

    line: Span
    cells: tuple[Span | None, ...]

    def heading(self) -> Span | None:
        """The text of a row that holds only its first cell: a section heading."""
        filled = [c for c in self.cells if c is not None]
        if len(filled) == 1 and self.cells[0] is not None:
            return self.cells[0]
        return None


@dataclass(frozen=True, slots=True)
class Table:
    """A table found in the text: its columns, its rows, and the lines it covers."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    first_line: int
    last_line: int


def find_table(text: str, lines: list[tuple[int, int]], index: int) -> Table | None:
    """The table whose header is line ``index``, if that line is a table header."""
    start, end = lines[index]
    for separator in _SEPARATORS:
        header = _cells(text, start, end, separator)
        columns = _columns(text, header)
        if columns is None:
            continue
        rows: list[Row] = []
        above: list[Span | None] = [None] * len(columns)
        last = index
        for row_index in range(index + 1, len(lines)):
            row_start, row_end = lines[row_index]
            if _MARKDOWN_RULE.fullmatch(text[row_start:row_end]):
                continue  # the |---|---| line under a Markdown header
            cells = _cells(text, row_start, row_end, separator)
            if len(cells) < 2:
                break
            spans = _aligned(text, cells, len(columns), above)
            above = list(spans)
            rows.append(Row(Span.of(text, row_start, row_end), tuple(spans)))
            last = row_index
        if rows:
            return Table(tuple(columns), tuple(rows), index, last)
    return None


def _columns(text: str, header: list[Span | None]) -> list[Column] | None:
    labels = field_labels()
    numbers = table_rules().number_headers
    columns: list[Column] = []
    for cell in header:
        if cell is None:
            return None
        name = re.sub(r"\s", "", cell.text)
        if cell.text in numbers or name in numbers:
            columns.append(Column(None, cell))
        elif name in labels:
            columns.append(Column(labels[name], cell))
        else:
            return None
    kinds = {c.kind for c in columns}
    if not any(k is not None and k.names_units for k in kinds) or not kinds & _TEXT_KINDS:
        return None
    return columns


def _aligned(
    text: str, cells: list[Span | None], width: int, above: list[Span | None]
) -> list[Span | None]:
    """The row's cells, one per column: ditto marks resolved, missing cells empty."""
    ditto = table_rules().ditto
    aligned: list[Span | None] = []
    for column in range(width):
        cell = cells[column] if column < len(cells) else None
        if cell is not None and cell.text in ditto:
            cell = above[column]
        aligned.append(cell)
    return aligned


def _cells(text: str, start: int, end: int, separator: re.Pattern[str]) -> list[Span | None]:
    """The cells of a line split by ``separator``, trimmed; empty cells are None."""
    line = text[start:end]
    if separator.pattern == r"\|":
        inner = line.strip()
        if not (inner.startswith("|") and inner.endswith("|")) or set(inner) <= set("|-: "):
            return []
        offset = start + line.index("|") + 1
        line = inner[1:-1]
        return [_trim(text, offset + a, offset + b) for a, b in _pieces(line, separator)]
    # Leading spaces are indentation; a leading tab is an empty first cell.
    lead = len(line) - len(line.lstrip(" "))
    body = line[lead:].rstrip()
    if not separator.search(body):
        return []
    base = start + lead
    return [_trim(text, base + a, base + b) for a, b in _pieces(body, separator)]


def _pieces(line: str, separator: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    position = 0
    for match in separator.finditer(line):
        yield position, match.start()
        position = match.end()
    yield position, len(line)


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end) if start < end else None
