"""Tables flattened one cell per line, or one cell per paragraph (a blank line between cells).

Copied from a web page or a PDF, a table often comes out so::

    分类          ← the header, one word a cell
    序号
    事项
    责任单位
    牵头单位
    发展目标      ← a category merged over its rows: printed once, before its first row
    1
    地区生产总值增长6.5%以上。
    区统计局、区审计局
    区统计局
    2             ← the next row: a merged cell is simply missing
    …

Nothing marks where a row ends, so rows are found by their numbers: the number column's
cells count 1, 2, 3 …, and the cells between two numbers are the rest of one row and the
start of the next. Which column each of them belongs to is decided by what it looks like —
a list of offices (every item ends like an office, or is a placeholder such as 各乡镇), a
date, a personal name, a sentence, a short category — fitted to the header's columns in
order, best fit first, a merged (missing) cell leaving its column empty. A table without a
number column cannot be cut into rows this way and is not read as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from .brackets import split_outside_brackets
from .grids import Cell, Row, Table
from .headers import Column, ColumnKind, is_header_word, read_header
from .lexicon import load_data, party_rules
from .offices import office_rules
from .parties import is_placeholder
from .people import is_personal_name
from .records import Span
from .spans import stripped

_NUMBER = re.compile(r"\(?(\d{1,3})[.、)]?")
_MAX_HEADER = 16
_MAX_GROUP = 20
_MAX_HEADING = 40
_HEADINGS = 2  # section headings that may stand between two rows
_MAX_OFFICE = 30
_ITEM_SEPARATORS = "、,;/ "


@dataclass(frozen=True, slots=True)
class _Piece:
    """A cell of the stream: its span and the index of its last line."""

    span: Span
    last_line: int


def cell_stream_table(text: str, lines: list[tuple[int, int]], index: int) -> Table | None:
    """The table whose header's first word is line ``index``, one cell per line or paragraph."""
    start, end = lines[index]
    if not is_header_word(text[start:end].strip()):
        return None
    by_paragraph = index + 1 < len(lines) and _blank_between(text, lines[index], lines[index + 1])
    pieces = _Pieces(text, lines, index, by_paragraph)
    header: list[Span] = []
    while len(header) < _MAX_HEADER and (piece := pieces.get(len(header))) is not None:
        if not is_header_word(piece.span.text):
            break
        header.append(piece.span)
    # A first row's category can read as a header word too (发展目标): the first row prints
    # every column before its number, so the header that leaves it those cells is the one.
    for whole_first_row in (True, False):
        for width in range(len(header), 2, -1):
            columns = read_header(header[:width])
            numbers = [i for i, c in enumerate(columns or ()) if c.kind is ColumnKind.NUMBER]
            if columns is None or not numbers:
                continue
            found = _Rows(pieces, columns, numbers[0], width).read(whole_first_row)
            if found is not None:
                return Table(columns, found[0], start, found[1])
    return None


class _Pieces:
    """The stream of cells from line ``index`` on, read as they are asked for."""

    def __init__(
        self, text: str, lines: list[tuple[int, int]], index: int, by_paragraph: bool
    ) -> None:
        self.text, self.lines, self.next_line = text, lines, index
        self.by_paragraph = by_paragraph
        self.pieces: list[_Piece] = []

    def get(self, position: int) -> _Piece | None:
        while len(self.pieces) <= position and self.next_line < len(self.lines):
            first = last = self.next_line
            while (
                self.by_paragraph
                and last + 1 < len(self.lines)
                and not _blank_between(self.text, self.lines[last], self.lines[last + 1])
            ):
                last += 1
            self.next_line = last + 1
            span = stripped(self.text, self.lines[first][0], self.lines[last][1])
            if span is not None:
                self.pieces.append(_Piece(span, last))
        return self.pieces[position] if position < len(self.pieces) else None


class _Rows:
    """Rows cut from the stream by their numbers and fitted to the columns."""

    def __init__(self, pieces: _Pieces, columns: Sequence[Column], number: int, at: int) -> None:
        self.pieces, self.at = pieces, at
        self.before = [c.kind for c in columns[:number]]  # printed before the number
        self.after = [c.kind for c in columns[number + 1 :]]

    def read(self, whole_first_row: bool) -> tuple[tuple[Row, ...], int] | None:
        """The rows, and the index of the last line they cover; None when no row follows
        (or, with ``whole_first_row``, when the first row lacks a cell before its number)."""
        position = self.at
        leading: list[_Piece] = []
        while (piece := self.pieces.get(position)) is not None and _number_of(piece) is None:
            if len(leading) == len(self.before) + _HEADINGS:
                return None
            leading.append(piece)
            position += 1
        placement = _fit(leading, [*[None] * _HEADINGS, *self.before])
        if piece is None or placement is None:
            return None
        placed = list(zip(leading, placement, strict=True))
        rows = [self._heading(p) for p, s in placed if s < _HEADINGS]
        before_pairs = [(p, s - _HEADINGS) for p, s in placed if s >= _HEADINGS]
        if whole_first_row and len(before_pairs) < len(self.before):
            return None
        value = _number_of(piece)
        before = _cells(before_pairs, len(self.before))
        last_line = piece.last_line
        split, theirs = len(self.after), len(self.after) + _HEADINGS
        while value is not None:
            number = self.pieces.get(position)
            assert number is not None  # found by the step before
            position += 1
            window = len(self.after) + _HEADINGS + len(self.before) + 1
            following = self._upto_next_number(position, value + 1, window)
            slots = [*self.after, *[None] * _HEADINGS, *self.before]
            placement = _fit(following, slots) if following is not None else None
            if following is None or placement is None:
                rest = self._rest(position)
                fitted, placement = _longest_fit(rest, self.after)
                after = _cells(zip(fitted, placement, strict=True), split)
                rows.append(self._row([*before, Cell.of(number.span), *after], len(fitted) < split))
                return tuple(rows), max(
                    [last_line, number.last_line, *(p.last_line for p in fitted)]
                )
            pairs = list(zip(following, placement, strict=True))
            after = _cells(((p, s) for p, s in pairs if s < split), split)
            rows.append(self._row([*before, Cell.of(number.span), *after], False))
            rows += [self._heading(p) for p, s in pairs if split <= s < theirs]
            before = _cells(((p, s - theirs) for p, s in pairs if s >= theirs), len(self.before))
            last_line = max(p.last_line for p in [number, *following])
            position += len(following)
            value += 1
        return None

    def _heading(self, piece: _Piece) -> Row:
        """A row merged across the table (a section heading), printed as one cell."""
        width = len(self.before) + 1 + len(self.after)
        return Row(piece.span, (Cell.of(piece.span), *[None] * (width - 1)))

    def _rest(self, position: int) -> list[_Piece]:
        """The cells that may still belong to the last row: up to its width, before a number."""
        rest = []
        for offset in range(len(self.after)):
            piece = self.pieces.get(position + offset)
            if piece is None or _number_of(piece) is not None:
                break
            rest.append(piece)
        return rest

    def _upto_next_number(self, position: int, wanted: int, window: int) -> list[_Piece] | None:
        """The cells from ``position`` up to the cell numbered ``wanted``, if it comes soon."""
        found: list[_Piece] = []
        for offset in range(window):
            piece = self.pieces.get(position + offset)
            if piece is None:
                return None
            if _number_of(piece) == wanted:
                return found
            found.append(piece)
        return None

    def _row(self, cells: list[Cell | None], cut_off: bool) -> Row:
        placed = [c for c in cells if c is not None]
        text = self.pieces.text
        span = Span.of(text, placed[0].span.start, placed[-1].span.end)
        return Row(span, tuple(cells), cut_off)


def _cells(pairs: Iterable[tuple[_Piece, int]], width: int) -> list[Cell | None]:
    """Cells for ``width`` columns: each piece in its column, the others empty."""
    cells: list[Cell | None] = [None] * width
    for piece, slot in pairs:
        cells[slot] = Cell.of(piece.span)
    return cells


def _longest_fit(
    pieces: list[_Piece], kinds: Sequence[ColumnKind | None]
) -> tuple[list[_Piece], tuple[int, ...]]:
    """The longest run of ``pieces`` from the first that fits ``kinds``, with its columns."""
    for count in range(len(pieces), 0, -1):
        placement = _fit(pieces[:count], kinds)
        if placement is not None:
            return pieces[:count], placement
    return [], ()


def _fit(pieces: Sequence[_Piece], kinds: Sequence[ColumnKind | None]) -> tuple[int, ...] | None:
    """The columns (indices into ``kinds``, rising) the pieces belong to, the best fit by
    what each piece looks like (None: a heading between rows); None when some piece fits
    nowhere. Of equal fits, the one that puts pieces in earlier columns."""
    scores = []
    for piece in pieces:
        offices = looks_like_offices(piece.span.text)
        scores.append([_score(piece.span.text, kind, offices) for kind in kinds])
    memo: dict[tuple[int, int], tuple[float, tuple[int, ...]] | None] = {}

    def best(piece: int, slot: int) -> tuple[float, tuple[int, ...]] | None:
        if piece == len(pieces):
            return 0.0, ()
        key = (piece, slot)
        if key not in memo:
            found: tuple[float, tuple[int, ...]] | None = None
            for s in range(slot, len(kinds) - (len(pieces) - piece - 1)):
                if scores[piece][s] <= 0:
                    continue
                rest = best(piece + 1, s + 1)
                if rest is not None and (found is None or scores[piece][s] + rest[0] > found[0]):
                    found = (scores[piece][s] + rest[0], (s, *rest[1]))
            memo[key] = found
        return memo[key]

    result = best(0, 0)
    return None if result is None else result[1]


def _score(text: str, kind: ColumnKind | None, offices: bool) -> float:
    """How well a cell's text fits a column kind (``offices``: it lists offices); at most 0
    where it cannot be one. A heading between rows (kind None) is taken only where no
    column can take the cell."""
    if kind is None:
        heading = len(text) <= _MAX_HEADING and "。" not in text and not offices
        return 0.2 if heading else -6
    if kind.names_offices:
        fits = offices
    elif kind is ColumnKind.PERSON:
        fits = is_personal_name(text) and not offices
    elif kind is ColumnKind.DEADLINE:
        fits = any(w in text for w in _deadline_words())
    elif kind is ColumnKind.GROUP:
        fits = len(text) <= _MAX_GROUP and "。" not in text and not offices
    else:  # text, status and other columns take what is no list of offices more readily
        return (0.1 if offices else 0.5) if kind in _LOOSE else (0.5 if offices else 1)
    fitting, failing = _SCORES.get(kind, _SCORES[ColumnKind.LEAD])
    return fitting if fits else failing


_LOOSE = (ColumnKind.STATUS, ColumnKind.OTHER)
# (score of a cell that fits the kind, of one that does not); offices kinds share LEAD's.
_SCORES = {
    ColumnKind.LEAD: (3, -6),
    ColumnKind.PERSON: (2, -6),
    ColumnKind.DEADLINE: (3, -6),
    # A category opens a new group of rows: it is read so only when the row before has
    # taken every cell it can (its score is below that of any cell of the row).
    ColumnKind.GROUP: (0.3, -3),
}


def looks_like_offices(text: str) -> bool:
    """Whether a cell is a list of offices: every item ends like an office or is a
    placeholder (各乡镇(街道)), and none is a sentence.

    >>> looks_like_offices("区统计局、各乡镇(街道)"), looks_like_offices("新建学校10所。")
    (True, False)
    >>> looks_like_offices("市审计局,各区、县级市")
    True
    """
    if "。" in text or len(text) > 400:
        return False
    endings = office_rules().endings
    items = [
        text[s:e].strip()
        for s, e in split_outside_brackets(
            text, 0, len(text), lambda i: text[i] in _ITEM_SEPARATORS
        )
    ]
    items = [i for i in items if i]
    if not items:
        return False
    levels = party_rules().admin_levels
    placeholder = False  # whether the item before was one: 各区、县级市 is one placeholder
    for item in items:
        name = re.sub(r"\([^()]*\)$", "", item)
        if len(item) > _MAX_OFFICE or any(c.isdigit() for c in name):
            return False
        continues = placeholder and item.startswith(levels)
        if not (continues or is_placeholder(item) or name.endswith(endings)):
            return False
        placeholder = continues or is_placeholder(item)
    return True


@cache
def _deadline_words() -> tuple[str, ...]:
    return tuple(load_data("tables.toml")["cells"]["deadline_words"])


def _number_of(piece: _Piece) -> int | None:
    match = _NUMBER.fullmatch(piece.span.text)
    return int(match.group(1)) if match else None


def _blank_between(text: str, line: tuple[int, int], following: tuple[int, int]) -> bool:
    return text.count("\n", line[1], following[0]) > 1
