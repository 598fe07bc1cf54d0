"""Tables flattened with no delimiters at all: the header's words and the rows run together.

    …责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位1增加学位供给新建学校12个,…。
    何某平某区卫健局开发区各街道2促进就业…

Only the header tells the columns apart (``headers.run_together_header``); the cells are
found by what they are, column by column in the header's order:

- a number: the row's number, counting on from the first (1, 2, 3 …), never a quantity
  (12个) and never a year;
- a name (项目名称, 重点任务): up to where a statement opens (实施…, 新建…, 为…), the words in
  ``data/tables.toml`` [statements];
- text (主要内容, 年度目标 …): sentence by sentence, up to where the rest of the row can be
  read — a personal name followed by offices, offices, or the next row's number;
- a personal name (分管领导): a surname and one or two characters, followed by an office
  (``people.py``);
- offices: one after another (``offices.read_offices``); a lead column holds one of them,
  the other offices columns the rest;
- a deadline: a date.

After a row's offices, text that is no row number belongs to the same task: its number and
name were merged over several rows, each with content and offices of its own. Page markers
of a paged copy (each line after the first starting 2、, 3、 …) and the header printed again
on a later page are part of no cell (``page_stream.py``); a cell that runs across a page
marker keeps its text in two parts. Section headings may stand between rows (short text
right before the next row's number). A table without a number column cannot be cut into
rows and is not read as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .dates import find_deadline
from .grids import Cell, Office, Row, Table
from .headers import Column, ColumnKind, is_header, run_together_header
from .lexicon import load_data, party_rules, quantity_rules
from .offices import read_offices
from .page_stream import PageStream
from .parties import is_placeholder
from .people import name_lengths
from .records import Span

_ROW_NUMBER = re.compile(r"\d{1,3}(?![\d.%])")
_SENTENCE_ENDS = "。;!?"
_PUNCTUATION = "。,;:!?、()“”《》\"'"
_LONGEST_HEADING = 40
_HEAD_REACH = 4  # characters between an opening word inside a name and its head: 提升|项目


@dataclass(frozen=True, slots=True)
class StatementWords:
    """Where a name cell ends: the words that open a statement, and a name's length."""

    openers: tuple[str, ...]
    name_heads: tuple[str, ...]
    shortest_name: int
    longest_name: int


@cache
def statement_words() -> StatementWords:
    """The words of data/tables.toml [statements]."""
    data = load_data("tables.toml")["statements"]
    return StatementWords(
        openers=tuple(sorted(data["openers"], key=len, reverse=True)),
        name_heads=tuple(data["name_heads"]),
        shortest_name=int(data["shortest_name"]),
        longest_name=int(data["longest_name"]),
    )


def run_together_table(text: str, lines: list[tuple[int, int]], index: int) -> Table | None:
    """The table whose run-together header is on line ``index``, if one is."""
    start, end = lines[index]
    header = run_together_header(text, start, end)
    if header is None:
        return None
    # A first row's category can read as a header word too (分类…牵头单位发展目标1…): where the
    # table has categories, its first row is one, and the header ends before it.
    for width in range(len(header), 2, -1):
        columns = header[:width]
        if not is_header(columns) or not any(c.kind is ColumnKind.NUMBER for c in columns):
            continue
        stream = PageStream.after_header(text, lines, index, columns)
        rows = _Reader(stream, columns).rows()
        grouped = any(c.kind is ColumnKind.GROUP for c in columns)
        if rows and (not grouped or all(c is None for c in rows[0].cells[1:])):
            last_line = next(
                i for i in range(index, len(lines)) if lines[i][1] >= rows[-1].span.end
            )
            return Table(columns, tuple(rows), columns[0].header.start, last_line)
    return None


# Where a segment's cells end, and the cells by column.
_Found = tuple[int, list[tuple[int, Cell]]]


@dataclass(frozen=True, slots=True)
class _Segment:
    """Columns read together: a number, a name, text, a person, offices or a deadline."""

    kind: str
    columns: tuple[int, ...]


class _Reader:
    """Rows read from a stream, column by column."""

    def __init__(self, stream: PageStream, columns: tuple[Column, ...]) -> None:
        self.stream, self.text, self.columns = stream, stream.text, columns
        self.segments = tuple(_segments(columns))
        self.words = statement_words()
        self.expected: int | None = None  # the next row's number
        self.cell_end = -1  # where the last run of offices or the last heading ends

    def rows(self) -> list[Row]:
        rows: list[Row] = []
        position = self._skip_space(0)
        while position < len(self.text):
            heading = self._heading_end(position)
            if heading is not None:
                cell = self.stream.cell(position, heading)
                rows.append(Row(cell.span, (cell, *[None] * (len(self.columns) - 1))))
                self.cell_end = position = self._skip_space(heading)
                continue
            starts_row = self._row_number_at(position) is not None
            if not starts_row and not self._has_task(rows):
                break  # text that continues a task needs a task before it
            cells, end = self._row(position, continued=not starts_row)
            if end == position:
                break
            filled = [c for c in cells if c is not None]
            row_span = Span.of(self.stream.document, filled[0].span.start, filled[-1].span.end)
            rows.append(Row(row_span, tuple(cells), cut_off=end >= len(self.text)))
            position = self._skip_space(end)
        return rows if self._has_task(rows) else []

    def _has_task(self, rows: list[Row]) -> bool:
        """Whether a row read so far is a task (a heading row holds only its first cell)."""
        return any(any(c is not None for c in r.cells[1:]) for r in rows)

    def _heading_end(self, at: int) -> int | None:
        """The end of a section heading at ``at``, a row merged across the table: short text
        without sentence punctuation, right before the next row's number."""
        if self._row_number_at(at) is not None:
            return None
        for end in range(at + 2, min(len(self.text), at + _LONGEST_HEADING) + 1):
            if self.text[end - 1] in _SENTENCE_ENDS or self.text[end - 1].isdigit():
                return None
            if self._row_number_at(end, after_cell=True) is not None:
                return end
        return None

    def _row(self, position: int, continued: bool) -> tuple[list[Cell | None], int]:
        """The cells of one row from ``position``; a continued row (its number and name merged
        above it) starts at its text."""
        cells: list[Cell | None] = [None] * len(self.columns)
        for index, segment in enumerate(self.segments):
            if continued and segment.kind in ("number", "name"):
                continue
            rest = self.segments[index + 1 :]
            found = self._read(segment, position, rest)
            if found is None:
                continue
            end, placed = found
            for column, cell in placed:
                cells[column] = cell
            position = end
        return cells, position

    def _read(self, segment: _Segment, at: int, rest: tuple[_Segment, ...]) -> _Found | None:
        """The cells of ``segment`` read at ``at``, and where they end; None if it has none."""
        if segment.kind == "offices":
            return self._offices(segment, at)
        if segment.kind == "number":
            number = self._row_number_at(at)
            if number is not None:
                self.expected = number + 1
            end = None if number is None else at + len(str(number))
        elif segment.kind == "name":
            end = self._name_end(at)
        elif segment.kind == "text":
            end = self._text_end(at, rest)
        elif segment.kind == "person":
            end = self._person(at)
        else:
            end = self._deadline_end(at)
        if end is None or end == at:
            return None
        return end, [(segment.columns[0], self.stream.cell(at, end))]

    # --- what ends a cell --------------------------------------------------------------

    def _row_number_at(self, at: int, after_cell: bool = False) -> int | None:
        """The number of a row starting at ``at``: the next in order, no quantity or year.
        Right after a cell (offices, a heading) the number may run into a name that opens
        with digits (11 and 121人才…), or with a measure word (37人才资源…): there the next
        number is read off the front."""
        expected = self.expected
        after_cell = after_cell or at == self.cell_end
        if after_cell and expected and self.text.startswith(str(expected), at):
            return expected
        match = _ROW_NUMBER.match(self.text, at)
        if match is None:
            return None
        value = int(match.group())
        if expected is not None and value != expected:
            return None
        rules = quantity_rules()
        if self.text.startswith((*rules.units, *rules.date_words), match.end()):
            return None
        return value

    def _name_end(self, at: int) -> int | None:
        """Where a name cell starting at ``at`` ends: at a statement opening (实施…), or
        after the name head (…项目, …工程) before it. An opening word a name head soon
        follows is the name's own (素质提升项目); quoted words are never the end."""
        words, text = self.words, self.text
        shortest = at + words.shortest_name
        name_end = None  # after the last name head so far
        quoted = False
        for i in range(at, min(len(text), at + words.longest_name)):
            if i >= shortest and not quoted:
                if text.endswith(words.name_heads, at, i):
                    name_end = i
                if text[i].isdigit() or text[i] in _PUNCTUATION:
                    return name_end
                opener = next((o for o in words.openers if text.startswith(o, i)), None)
                if opener is not None and not self._head_follows(i + len(opener)):
                    return name_end if name_end is not None else i
            quoted = (quoted or text[i] == "“") and text[i] != "”"
        return name_end

    def _head_follows(self, at: int) -> bool:
        """Whether a name head starts within a few characters of ``at`` (提升|项目)."""
        for i in range(at, min(len(self.text), at + _HEAD_REACH + 1)):
            if self.text.startswith(self.words.name_heads, i):
                return True
            if self.text[i] in _PUNCTUATION or self.text[i].isdigit():
                return False
        return False

    def _text_end(self, at: int, rest: tuple[_Segment, ...]) -> int:
        """Where text starting at ``at`` ends: after the sentence that the rest of the row
        (or the next row) follows."""
        position = at
        while position < len(self.text):
            ends = [self.text.find(c, position) for c in _SENTENCE_ENDS]
            found = [e for e in ends if e != -1]
            if not found:
                return len(self.text)
            position = min(found) + 1
            if (
                position >= len(self.text)
                or self._row_number_at(position) is not None
                or (rest and self._rest_follows(position, rest))
            ):
                return position
        return position

    def _rest_follows(self, at: int, rest: tuple[_Segment, ...]) -> bool:
        """Whether the rest of a row (a person and offices, offices) can be read at ``at``.
        Offices alone must end the row; after a person's name they may also be followed by
        the content of a row merged under the same name (a statement opening)."""
        first = rest[0]
        if first.kind == "person":
            return self._person(at) is not None
        if first.kind == "offices":
            found = self._office_run(at)
            return bool(found) and self._boundary(found[-1][1], statements=False)
        return False

    def _boundary(self, at: int, statements: bool) -> bool:
        """Whether offices may end at ``at``: the end, the next row, a deadline, a section
        heading, or (with ``statements``) a statement opening."""
        return (
            at >= len(self.text)
            or self._row_number_at(at, after_cell=True) is not None
            or (statements and self.text.startswith(self.words.openers, at))
            or self._deadline_end(at) is not None
            or self._heading_end(at) is not None
        )

    def _deadline_end(self, at: int) -> int | None:
        found = find_deadline(self.text, at, min(len(self.text), at + 16), marked_only=False)
        return found[0].end if found is not None and found[0].start == at else None

    def _person(self, at: int) -> int | None:
        """The end of a personal name at ``at`` that offices follow, the reading that leaves
        most offices first."""
        best: tuple[int, int] | None = None
        for length in name_lengths(self.text, at):
            offices = self._office_run(at + length)
            ends_row = bool(offices) and self._boundary(offices[-1][1], statements=True)
            if ends_row and (best is None or len(offices) > best[1]):
                best = (at + length, len(offices))
        return None if best is None else best[0]

    def _offices(self, segment: _Segment, at: int) -> _Found | None:
        """The offices at ``at``, shared among the segment's columns: a lead column holds one,
        the first other column the rest."""
        found = self._office_run(at)
        if not found:
            return None
        self.cell_end = found[-1][1]
        groups = _shared(found, [self.columns[c].kind for c in segment.columns])
        placed = []
        for column, offices in zip(segment.columns, groups, strict=True):
            if offices:
                cell = self.stream.cell(offices[0][0], offices[-1][1])
                named = tuple(Office(self.stream.span(s, e), self.text[s:e]) for s, e in offices)
                placed.append((column, Cell(cell.span, cell.parts, offices=named)))
        return found[-1][1], placed

    def _office_run(self, at: int) -> list[tuple[int, int]]:
        """The offices that run on from ``at``, a placeholder's levels joined to it."""
        return _joined(self.text, read_offices(self.text, at, len(self.text), self.words.openers))

    def _skip_space(self, at: int) -> int:
        while at < len(self.text) and self.text[at].isspace():
            at += 1
        return at


def _segments(columns: tuple[Column, ...]) -> Iterator[_Segment]:
    """The columns in the order they are read, text columns and offices columns together.
    A category column (分类) is printed as a heading between rows, so read as one; a name
    column that is the only text column holds whole sentences (事项), so is read as text."""
    kinds = [
        (_segment_kind(column.kind), index)
        for index, column in enumerate(columns)
        if column.kind is not ColumnKind.GROUP
    ]
    if not any(kind == "text" for kind, _ in kinds):
        kinds = [("text" if kind == "name" else kind, index) for kind, index in kinds]
    group: list[int] = []
    for position, (kind, index) in enumerate(kinds):
        group.append(index)
        following = kinds[position + 1][0] if position + 1 < len(kinds) else None
        if following != kind or kind not in ("text", "offices"):
            yield _Segment(kind, tuple(group))
            group = []


def _segment_kind(kind: ColumnKind) -> str:
    if kind.names_offices:
        return "offices"
    return _SEGMENT_KINDS.get(kind, "text")


_SEGMENT_KINDS = {
    ColumnKind.NUMBER: "number",
    ColumnKind.TITLE: "name",
    ColumnKind.PERSON: "person",
    ColumnKind.DEADLINE: "deadline",
}


def _joined(text: str, offices: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Offices with a placeholder's list of levels joined, as ``parties`` joins them in a
    list: 各区、县级市 is one placeholder."""
    levels = party_rules().admin_levels
    joined: list[tuple[int, int]] = []
    for start, end in offices:
        previous = text[joined[-1][0] : joined[-1][1]] if joined else ""
        if (
            is_placeholder(previous)
            and previous.endswith(levels)
            and text.startswith(levels, start)
            and text[joined[-1][1] : start] == "、"
        ):
            joined[-1] = (joined[-1][0], end)
            continue
        joined.append((start, end))
    return joined


def _shared(offices: list[tuple[int, int]], kinds: list[ColumnKind]) -> list[list[tuple[int, int]]]:
    """Offices read as one run, shared among offices columns: a lead column holds one (the
    first, or the last where it comes last), the first other column the rest."""
    groups: list[list[tuple[int, int]]] = [[] for _ in kinds]
    rest = list(offices)
    if ColumnKind.LEAD in kinds and len(kinds) > 1:
        lead = kinds.index(ColumnKind.LEAD)
        groups[lead] = [rest.pop(-1 if lead == len(kinds) - 1 else 0)]
        others = [i for i in range(len(kinds)) if i != lead]
        groups[others[0]] = rest
    else:
        groups[0] = rest
    return groups
