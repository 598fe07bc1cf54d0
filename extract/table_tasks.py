"""What the rows of a task-division table mean: tasks, sections, and rows that continue a task.

The same for every shape a table comes in (``tables.py``):

- a row with one cell, in the first column and no row number (a cell merged across the
  table: 一、强化组织保障, 二(一)产业提升…), is a heading; a heading that carries two numbers
  (二(一)) sits in the part of the first; so is a row with a section number (一, (二)) in
  the number column and only a name beside it;
- a category cell (分类) opens a section for the rows under it, until the next;
- a row with a number or a name of its own is a task. Its title is its name cell (重点任务,
  事项, 项目名称), else the first sentence of its own content or target cell; its text cells
  are its fields (the targets are read from them); its 完成时限 cell its deadline;
- a row with neither number nor name of its own (both merged above it, or not printed)
  continues the task above: its content and offices are that task's too — in a table
  without a number column only a row with nothing to say of its own does (a name merged
  over several measures leaves each measure a task);
- a cell merged over several rows (〃, or a lead cell left empty below the first) belongs
  to each of them; the last row of a table cut off by the end of the text inherits nothing,
  and neither does an empty cell of a table whose reader marked every merge (a .docx or
  .xlsx table: there an empty cell is empty);
- offices take their role from their column: a lead column leads, a 配合/协办 column
  supports, a 责任单位 column states no role (the document's lead rule, 列第一位者为牵头单位,
  is applied to each cell's list like any other list: ``lead_rules.py``). Within a cell, a
  label (牵头单位:X;配合单位:Y) or a mark in brackets (X(牵头)) says the role too. Columns
  of people (分管领导) and of progress (推进情况) are never offices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from policykg.errors import InputError

from .grids import Cell, Row, Table
from .headers import ColumnKind, column_kind
from .labels import labelled_parts
from .numerals import NONZERO, SMALL_NUMERAL, number_value
from .parties import read_unit, read_units
from .records import Field, Role, Span, UnitRef
from .spans import heading_title

_ROW_NUMBER = re.compile(rf"[(\s]*(?P<num>\d{{1,4}}|[{SMALL_NUMERAL}]{{1,4}})[)、.\s]*")
_TWO_NUMBERS = re.compile(
    rf"(?P<num>[{NONZERO}][{SMALL_NUMERAL}]{{0,3}})(?=\s*\(\s*[{SMALL_NUMERAL}]+\s*\))"
)
# A section's number in the number column: 一, 二、, (三) — never a row's 1, 2.
_SECTION_NUMBER = re.compile(rf"\(?[{NONZERO}][{SMALL_NUMERAL}]{{0,2}}[)、.]?")
_INHERITED_WHEN_EMPTY = (ColumnKind.LEAD, ColumnKind.RESPONSIBLE)


@dataclass(frozen=True, slots=True)
class TableHeading:
    """A heading row: the cell, the number of the part it sits in where the heading carries
    two numbers (the 二 of 二(一)产业提升人才行动计划), and its own number where the number
    column prints it in a cell of its own (一 | 深化改革)."""

    cell: Span
    part_number: Span | None = None
    number: Span | None = None


@dataclass(frozen=True, slots=True)
class TableGroup:
    """A section without a number: a category cell (分类) or an unnumbered heading row."""

    cell: Span


@dataclass(frozen=True, slots=True)
class TableTask:
    """A task read from one row (and the rows that continue it); its units as one list per
    offices cell, with the cell."""

    number: str
    ordinal: int
    title: Span
    span: Span
    fields: tuple[Field, ...]
    unit_lists: tuple[tuple[Span, tuple[UnitRef, ...]], ...]


TablePart = TableHeading | TableGroup | TableTask


def table_parts(text: str, table: Table) -> list[TablePart]:
    """The headings, sections and tasks of ``table``, in order."""
    return _Reading(text, table).parts()


@dataclass(slots=True)
class _Task:
    """A task being read: its first row's facts, and the rows that continue it."""

    number: str
    ordinal: int
    title: Span
    start: int
    end: int
    fields: list[Field] = field(default_factory=list)
    unit_lists: list[tuple[Span, tuple[UnitRef, ...]]] = field(default_factory=list)


class _Reading:
    def __init__(self, text: str, table: Table) -> None:
        self.text, self.table = text, table
        self.kinds = [c.kind for c in table.columns]
        self.numbered = ColumnKind.NUMBER in self.kinds
        self.result: list[TablePart] = []
        self.task: _Task | None = None
        self.count = 0
        self.above: list[Cell | None] = [None] * len(self.kinds)

    def parts(self) -> list[TablePart]:
        for row in self.table.rows:
            self._row(row)
        self._finish()
        return self.result

    def _row(self, row: Row) -> None:
        own = [c if c is not None and not c.inherited else None for c in row.cells]
        heading = self._heading(row)
        if heading is not None:
            self._finish()
            self.result.append(heading)
            self.above = [None] * len(self.kinds)
            return
        for kind, cell in zip(self.kinds, own, strict=True):
            if kind is ColumnKind.GROUP and cell is not None:
                self._finish()
                self.result.append(TableGroup(cell.parts[0]))
        if self.task is not None and self._continues(own):
            self._continue(row, own)
            return
        number = self._own(own, ColumnKind.NUMBER)
        self._finish()
        self.count += 1
        cells = self._with_merged(row)
        written = _number_text(number) if number is not None else None
        self.task = _Task(
            number=written or str(self.count),
            ordinal=_ordinal(written, self.count) if written else self.count,
            title=self._title(row, own),
            start=row.span.start,
            end=row.span.end,
        )
        self._take(cells)
        self.above = cells

    def _continues(self, own: list[Cell | None]) -> bool:
        """Whether a row continues the task above: it has no number and no name of its own,
        and either the table numbers its rows (the number merged over this row) or the row
        says nothing of its own (offices only)."""
        if self._own(own, ColumnKind.NUMBER) or self._own(own, ColumnKind.TITLE):
            return False
        return self.numbered or not any(
            k.is_text and c is not None for k, c in zip(self.kinds, own, strict=True)
        )

    def _heading(self, row: Row) -> TablePart | None:
        """A heading row: one cell across the table (一、…), or a section number in the
        number column with only a name beside it (一 | 深化改革)."""
        filled = [(i, c) for i, c in enumerate(row.cells) if c is not None]
        if not filled or any(c.inherited for _, c in filled):
            return None
        columns = [i for i, _ in filled]
        cells = [c.parts[0] for _, c in filled]
        if len(filled) == 2 and self.kinds[columns[0]] is ColumnKind.NUMBER:
            number = _SECTION_NUMBER.fullmatch(cells[0].text)
            if number is not None and self.kinds[columns[1]].is_text:
                return TableHeading(cells[1], number=cells[0])
        if columns != [0]:
            return None
        cell = cells[0]
        if self.kinds[0] is ColumnKind.NUMBER and _ROW_NUMBER.fullmatch(cell.text):
            return None
        two = _TWO_NUMBERS.match(cell.text)
        if two is not None:
            part = Span.of(self.text, cell.start, cell.start + two.end())
            rest = Span.of(self.text, part.end, cell.end)
            return TableHeading(rest, part)
        return TableHeading(cell)

    def _continue(self, row: Row, own: list[Cell | None]) -> None:
        """A row whose number and name are merged above it: more of the task above."""
        assert self.task is not None
        self.task.end = max(self.task.end, row.span.end)
        self._take(own)
        self.above = [o or a for o, a in zip(own, self.above, strict=True)]

    def _with_merged(self, row: Row) -> list[Cell | None]:
        """The row's cells, a lead cell left empty below a merged one filled from above
        (unless the table marks its merges: then an empty cell is empty)."""
        cells = list(row.cells)
        if row.cut_off or self.table.merges_marked:
            return cells
        for index, kind in enumerate(self.kinds):
            if cells[index] is None and kind in _INHERITED_WHEN_EMPTY:
                above = self.above[index]
                if above is not None:
                    cells[index] = Cell(above.span, above.parts, True, above.offices)
        return cells

    def _take(self, cells: list[Cell | None]) -> None:
        """The cells' fields and offices into the task; a text cell merged from above is the
        first row's text, not this row's."""
        assert self.task is not None
        for column, cell in zip(self.table.columns, cells, strict=True):
            kind = column.kind.field_kind
            if cell is None or kind is None:
                continue
            if cell.inherited and not (kind.names_units or column.kind is ColumnKind.DEADLINE):
                continue
            self.task.fields.extend(Field(kind, column.header, part) for part in cell.parts)
            role = column.kind.role
            if role is not None:
                units = self._units(cell, role)  # numbered again with the task's others
                if units:
                    self.task.unit_lists.append((cell.span, tuple(units)))

    def _units(self, cell: Cell, role: Role) -> list[UnitRef]:
        if cell.offices:
            found = [
                read_unit(office.surface, role, i, office.written)
                for i, office in enumerate(cell.offices, start=1)
            ]
            return [u for u in found if u is not None]
        units: list[UnitRef] = []
        for part in cell.parts:
            for content, part_role in _labelled_lists(self.text, part, role):
                units += read_units(self.text, content, part_role, len(units) + 1)
        return [_with_marked_role(u) for u in units]

    def _title(self, row: Row, own: list[Cell | None]) -> Span:
        """The row's name cell, else the first sentence of its own text, else what it repeats."""
        name = self._own(own, ColumnKind.TITLE)
        if name is not None:
            return _titled(self.text, name)
        for kind, cell in zip(self.kinds, own, strict=True):
            if kind.is_text and cell is not None:
                return _titled(self.text, cell)
        for kind, cell in zip(self.kinds, row.cells, strict=True):
            if kind.is_text and cell is not None:
                return _titled(self.text, cell)
        return row.span

    def _own(self, own: list[Cell | None], kind: ColumnKind) -> Cell | None:
        return next((c for k, c in zip(self.kinds, own, strict=True) if k is kind and c), None)

    def _finish(self) -> None:
        task, self.task = self.task, None
        if task is None:
            return
        self.result.append(
            TableTask(
                number=task.number,
                ordinal=task.ordinal,
                title=task.title,
                span=Span.of(self.text, task.start, task.end),
                fields=tuple(task.fields),
                unit_lists=tuple(task.unit_lists),
            )
        )


def _labelled_lists(text: str, part: Span, role: Role) -> list[tuple[Span, Role]]:
    """The lists of an offices cell with their roles: each labelled part (牵头单位:X;配合单位:Y,
    read by ``labels.labelled_parts`` as in a bracket) in its label's role, else the whole
    cell in its column's."""
    lists = []
    for found in labelled_parts(text, part.start, part.end):
        kind = column_kind(found.label.text)
        if found.kind.names_units and kind is not None and kind.role is not None:
            lists.append((found.content, kind.role))
    return lists or [(part, role)]


def _with_marked_role(unit: UnitRef) -> UnitRef:
    """A unit marked with its role in brackets, 县林业局(牵头), leads (or supports)."""
    kind = column_kind(unit.alias) if unit.alias else None
    if kind is None or kind.role is None or kind.role is Role.UNSPECIFIED:
        return unit
    return replace(unit, alias=None, role=kind.role)


def _titled(text: str, cell: Cell) -> Span:
    """A cell's first sentence, on its first line (a cell wrapped over lines)."""
    part = cell.parts[0]
    line_end = text.find("\n", part.start, part.end)
    return heading_title(text, part.start, part.end if line_end == -1 else line_end)


def _number_text(cell: Cell) -> str:
    match = _ROW_NUMBER.fullmatch(cell.text)
    return match["num"] if match else cell.text.strip("().、 ")


def _ordinal(number: str, place: int) -> int:
    """The value of a row's number, or its place among the table's tasks."""
    try:
        return number_value(number)
    except InputError:
        return place
