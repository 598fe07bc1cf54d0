"""Progress reports (进展情况, 推进情况, 完成情况) read into records: one entry per row of a
progress table or per numbered paragraph, each with the task it names (its number and title
as printed), what it says (its progress text), the status that text states and the words that
state it, and the quantities it reports (read as targets are: 已新增学位8000个).

A table is any delimited table (tabs: what the .docx, .html and .xlsx readers write; or ``|``)
whose header has a progress column (推进情况, 1-11月进展情况, 是否达序: headers read by meaning,
``headers.column_kind``) and a column of the task's number or name; a cell that repeats the
one above (〃, a merged cell) is that cell again. Outside tables, each numbered paragraph (1.,
(一) …, with the unnumbered lines below it) that says anything beyond a heading is an entry.
The status words are data: ``extract/data/progress.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from ontology.concepts import ProgressStatus

from .delimited_tables import ditto_marks
from .headers import ColumnKind, column_kind
from .headings import numbered_line
from .lexicon import alternation, load_data, longest_first
from .periods import ReportPeriod, report_period
from .records import Field, FieldKind, Span, Target
from .segmentation import Segmenter
from .targets import find_targets

__all__ = ["ProgressDocument", "ProgressEntry", "read_progress", "status_of"]

_TITLE_ENDS = re.compile(r"[。:;,!?]")
_SENTENCE = re.compile(r"[。:;,]")
_DELIMITERS = ("\t", "|")
_TITLE_LINES = 3  # lines at the top a report's title and period are looked for in
_ANSWER_SIDES = (
    (ProgressStatus.ON_SCHEDULE, ProgressStatus.COMPLETED),
    (ProgressStatus.BEHIND, ProgressStatus.NOT_STARTED),
)


@dataclass(frozen=True, slots=True)
class ProgressEntry:
    """One row or paragraph of a report: where it stands (``span``), the task's number and
    title as it prints them, its progress text, the status read from it (``status_words``:
    the words that state it, None for unknown) and the quantities it reports."""

    span: Span
    number: str | None
    title: Span | None
    text: Span
    status: ProgressStatus
    status_words: Span | None
    values: tuple[Target, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgressDocument:
    """A progress report: its text, title line and period, and its entries in order."""

    text: str
    title: Span | None
    period: ReportPeriod | None
    entries: tuple[ProgressEntry, ...]


@dataclass(frozen=True, slots=True)
class _Words:
    pattern: re.Pattern[str]  # every status word, longest first
    status: dict[str, ProgressStatus]
    precedence: tuple[ProgressStatus, ...]
    label: re.Pattern[str]  # a progress label and its colon: 进展情况:
    yes: frozenset[str]
    no: frozenset[str]
    yes_no: dict[str, tuple[ProgressStatus, ProgressStatus]]


@cache
def _words() -> _Words:
    data = load_data("progress.toml")
    status = data["status"]
    by_word = {word: ProgressStatus(kind) for kind in status["precedence"] for word in status[kind]}
    pattern = re.compile(alternation(longest_first(by_word)))
    yes_no = data["yes_no"]
    labels = alternation(longest_first(data["paragraphs"]["labels"]))
    return _Words(
        pattern=pattern,
        status=by_word,
        precedence=tuple(ProgressStatus(kind) for kind in status["precedence"]),
        label=re.compile(rf"(?:{labels})\s*:"),
        yes=frozenset(yes_no["yes"]),
        no=frozenset(yes_no["no"]),
        yes_no={
            header: (ProgressStatus(yes), ProgressStatus(no))
            for header, (yes, no) in yes_no["headers"].items()
        },
    )


def status_of(text: str, start: int, end: int) -> tuple[ProgressStatus, Span | None]:
    """The status ``text[start:end]`` states and the words that state it: of the kinds of
    status words it holds, the first in precedence (behind before completed).

    >>> status, words = status_of("一期已完成,二期尚未启动", 0, 12)
    >>> status.value, words.text
    ('not_started', '尚未启动')
    >>> status_of("正在编制方案", 0, 6)
    (<ProgressStatus.UNKNOWN: 'unknown'>, None)
    """
    words = _words()
    found: dict[ProgressStatus, Span] = {}
    for match in words.pattern.finditer(text, start, end):
        kind = words.status[match.group()]
        found.setdefault(kind, Span.of(text, match.start(), match.end()))
    for kind in words.precedence:
        if kind in found:
            return kind, found[kind]
    return ProgressStatus.UNKNOWN, None


def read_progress(text: str, year: int | None, segmenter: Segmenter) -> ProgressDocument:
    """The entries of a progress report's normalised ``text``; a period written without its
    year (第一季度) is in ``year`` (the plan's)."""
    lines = list(_lines(text))
    reader = _Reader(text, segmenter)
    entries: list[ProgressEntry] = []
    headers: list[Span] = []
    index = 0
    while index < len(lines):
        table = reader.table(lines, index)
        if table is not None:
            found, header, index = table
            entries += found
            headers += header
            continue
        index += 1
    entries += reader.paragraphs([line for line in lines if not reader.in_table(line)])
    entries.sort(key=lambda entry: entry.span.start)
    title = _title(text, lines)
    return ProgressDocument(text, title, _period(text, lines, headers, year), tuple(entries))


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """The non-blank lines of ``text`` as (start, end): a row's leading tab (its first cell
    empty) is kept."""
    position = 0
    for raw in text.split("\n"):
        if raw.strip():
            yield position, position + len(raw.rstrip(" "))
        position += len(raw) + 1


def _title(text: str, lines: Sequence[tuple[int, int]]) -> Span | None:
    """The first line when it is no table row and no numbered entry: the report's title."""
    if not lines:
        return None
    start, end = lines[0]
    line = text[start:end]
    if any(d in line for d in _DELIMITERS) or numbered_line(line) is not None:
        return None
    start += len(line) - len(line.lstrip())
    return Span.of(text, start, end)


def _period(
    text: str, lines: Sequence[tuple[int, int]], headers: Sequence[Span], year: int | None
) -> ReportPeriod | None:
    """The period the top lines name (2024年1-11月…推进情况), else a progress header
    (第一季度推进情况)."""
    for start, end in [*lines[:_TITLE_LINES], *((h.start, h.end) for h in headers)]:
        found = report_period(text, start, end, year)
        if found is not None:
            return found
    return None


class _Reader:
    """Reads tables and paragraphs of one report's text."""

    def __init__(self, text: str, segmenter: Segmenter) -> None:
        self.text = text
        self.segmenter = segmenter
        self.words = _words()
        self.table_lines: set[int] = set()

    def in_table(self, line: tuple[int, int]) -> bool:
        """Whether a line was read as part of a table."""
        return line[0] in self.table_lines

    def table(
        self, lines: Sequence[tuple[int, int]], index: int
    ) -> tuple[list[ProgressEntry], list[Span], int] | None:
        """The entries of the table whose header is line ``index``, its progress headers and
        the index of the line after it; None when no progress table starts there."""
        start, end = lines[index]
        delimiter = next((d for d in _DELIMITERS if d in self.text[start:end]), None)
        if delimiter is None:
            return None
        header = self._cells(start, end, delimiter)
        kinds = [self._kind(cell) for cell in header]
        progress = [i for i, k in enumerate(kinds) if k is ColumnKind.STATUS]
        named = [i for i, k in enumerate(kinds) if k in (ColumnKind.NUMBER, ColumnKind.TITLE)]
        if not progress or not named:
            return None
        self.table_lines.add(start)
        entries: list[ProgressEntry] = []
        above: list[Span | None] = [None] * len(header)
        index += 1
        while index < len(lines):
            row_start, row_end = lines[index]
            if delimiter not in self.text[row_start:row_end]:
                break
            self.table_lines.add(row_start)
            cells = self._merged(self._cells(row_start, row_end, delimiter), above)
            above = cells
            entry = self._row(Span.of(self.text, row_start, row_end), cells, header, kinds)
            if entry is not None:
                entries.append(entry)
            index += 1
        headers = [cell for i in progress if (cell := header[i]) is not None]
        return entries, headers, index

    def _kind(self, cell: Span | None) -> ColumnKind | None:
        if cell is None:
            return None
        if cell.text in self.words.yes_no:
            return ColumnKind.STATUS
        kind = column_kind(cell.text)
        return ColumnKind.TITLE if kind is ColumnKind.CONTENT else kind

    def _cells(self, start: int, end: int, delimiter: str) -> list[Span | None]:
        """The cells of a row, each stripped (None when empty); outer pipes dropped."""
        line = self.text[start:end]
        if delimiter == "|":
            line = line.removeprefix("|")
            start += len(self.text[start:end]) - len(line)
            line = line.removesuffix("|")
        cells: list[Span | None] = []
        position = start
        for piece in line.split(delimiter):
            stripped = piece.strip()
            if stripped:
                at = position + piece.index(stripped)
                cells.append(Span.of(self.text, at, at + len(stripped)))
            else:
                cells.append(None)
            position += len(piece) + 1
        return cells

    def _merged(self, cells: list[Span | None], above: list[Span | None]) -> list[Span | None]:
        """The row's cells, one that repeats the cell above (〃) replaced by that cell."""
        width = max(len(cells), len(above))
        cells = cells + [None] * (width - len(cells))
        dittos = ditto_marks()
        return [
            (above[i] if i < len(above) else None)
            if cell is not None and cell.text in dittos
            else cell
            for i, cell in enumerate(cells)
        ]

    def _row(
        self,
        span: Span,
        cells: list[Span | None],
        header: list[Span | None],
        kinds: list[ColumnKind | None],
    ) -> ProgressEntry | None:
        def first(kind: ColumnKind) -> Span | None:
            return next((c for c, k in zip(cells, kinds, strict=False) if k is kind and c), None)

        number, title = first(ColumnKind.NUMBER), first(ColumnKind.TITLE)
        status_cells = [
            (cell, head)
            for cell, head, kind in zip(cells, header, kinds, strict=False)
            if kind is ColumnKind.STATUS and cell is not None
        ]
        texts = [c for c, h in status_cells if h is None or h.text not in self.words.yes_no]
        if title is None or not status_cells:
            return None  # a section heading across the table, or a row saying nothing
        status, words = self._answer(status_cells)
        said, said_words = self._said(texts)
        # A yes or no (是否达序) decides, the text's own words saying more within it: 是 with
        # 全年任务已完成 is completed, 否 with 尚未启动 not started; no answer leaves the text's.
        if status is ProgressStatus.UNKNOWN or any(
            status in side and said in side for side in _ANSWER_SIDES
        ):
            status, words = said, said_words
        text = max(texts, key=lambda c: c.end - c.start) if texts else status_cells[0][0]
        return ProgressEntry(
            span=span,
            number=number.text if number is not None else None,
            title=title,
            text=text,
            status=status,
            status_words=words,
            values=self._values(text),
        )

    def _said(self, cells: list[Span]) -> tuple[ProgressStatus, Span | None]:
        """The status the first progress cell that states one states."""
        for cell in cells:
            status, words = status_of(self.text, cell.start, cell.end)
            if words is not None:
                return status, words
        return ProgressStatus.UNKNOWN, None

    def _answer(self, cells: list[tuple[Span, Span | None]]) -> tuple[ProgressStatus, Span | None]:
        """The status a yes/no column (是否达序) answers."""
        for cell, head in cells:
            if head is None or head.text not in self.words.yes_no:
                continue
            yes, no = self.words.yes_no[head.text]
            if cell.text in self.words.yes:
                return yes, cell
            if cell.text in self.words.no:
                return no, cell
        return ProgressStatus.UNKNOWN, None

    def paragraphs(self, lines: Sequence[tuple[int, int]]) -> list[ProgressEntry]:
        """An entry for each numbered paragraph (with the unnumbered lines below it) that
        says more than a heading."""
        entries = []
        block: list[tuple[int, int]] = []
        for line in lines:
            if numbered_line(self.text[line[0] : line[1]]) is not None:
                entries.append(self._paragraph(block))
                block = [line]
            elif block:
                block.append(line)
        entries.append(self._paragraph(block))
        return [entry for entry in entries if entry is not None]

    def _paragraph(self, block: list[tuple[int, int]]) -> ProgressEntry | None:
        if not block:
            return None
        text = self.text
        start, end = block[0][0], block[-1][1]
        numbered = numbered_line(text[start : block[0][1]])
        assert numbered is not None  # a block opens with its numbered line
        _, number, offset = numbered
        body = start + offset
        label = self._label(body, end)
        title_end = _TITLE_ENDS.search(text, body, block[0][1])
        title = Span.of(text, body, title_end.start() if title_end else block[0][1])
        after = label if label is not None else (title.end if title_end else block[0][1])
        after += len(text[after:end]) - len(text[after:end].lstrip("。:;, \n"))
        if after >= end:
            return None  # a heading: nothing said of it
        progress = Span.of(text, after, end)
        if label is None and not _SENTENCE.search(progress.text + text[title.end : after]):
            return None
        status, words = status_of(text, after, end)
        return ProgressEntry(
            span=Span.of(text, start, end),
            number=number,
            title=title if title.text else None,
            text=progress,
            status=status,
            status_words=words,
            values=self._values(progress),
        )

    def _label(self, start: int, end: int) -> int | None:
        """Where the text after a progress label (进展情况:) starts, if the block has one."""
        match = self.words.label.search(self.text, start, end)
        return match.end() if match else None

    def _values(self, text: Span) -> tuple[Target, ...]:
        """The quantities a progress text reports, read as targets are."""
        field = Field(FieldKind.BODY, Span(text.start, text.start, ""), text)
        return tuple(find_targets(self.text, [field], self.segmenter))
