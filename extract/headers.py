"""The header of a task-division table, read by what its cells mean.

A header cell names a kind of column. An exact word of ``data/tables.toml`` gives its kind
(序号, 事项, 牵头单位 …); otherwise the head noun the cell ends with does, with a qualifier in
brackets set aside: 建设单位 and 责任单位(部门) are offices, 区政府分管领导 a person, 第一季度推进
情况 a status, 计划完成时间 a deadline. An offices column leads or supports by the words
before its head noun (主办单位 lead, 协作部门 supporting), else its role is not stated. So a
header in any column order and with any of the words governments use is read alike.

A row of cells is a table's header when it names a column of offices and a column that
says what the task is (a title, content or target), and no more than a third of its cells
are unknown. Header words may also run together with nothing between them
(序号项目名称主要内容区政府分管领导牵头单位配合单位): ``run_together_header`` finds them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from policykg.errors import InputError

from .lexicon import alternation, load_data
from .records import FieldKind, Role, Span

_QUALIFIER = re.compile(r"\([^()]*\)$")
_MAX_MODIFIER = 4  # characters before a header word that qualify it: 区政府|分管领导
_MIN_RUN = 3  # header words in a run-together header


class ColumnKind(StrEnum):
    """What the cells of a column say (see data/tables.toml)."""

    NUMBER = "number"
    GROUP = "group"
    TITLE = "title"
    CONTENT = "content"
    TARGET = "target"
    PROBLEM = "problem"
    LEAD = "lead"
    SUPPORTING = "supporting"
    RESPONSIBLE = "responsible"
    DEADLINE = "deadline"
    PERSON = "person"
    STATUS = "status"
    OTHER = "other"

    @property
    def field_kind(self) -> FieldKind | None:
        """The field a cell of this column is for a task, if any."""
        return _FIELDS.get(self)

    @property
    def role(self) -> Role | None:
        """The role an offices column gives its offices; None for other columns."""
        return _ROLES.get(self)

    @property
    def names_offices(self) -> bool:
        """Whether the cells list offices."""
        return self in _ROLES

    @property
    def is_text(self) -> bool:
        """Whether the cells say what the task is (its name, content or target)."""
        return self in (ColumnKind.TITLE, ColumnKind.CONTENT, ColumnKind.TARGET)


_FIELDS = {
    ColumnKind.TITLE: FieldKind.OBJECTIVE,
    ColumnKind.CONTENT: FieldKind.MEASURE,
    ColumnKind.TARGET: FieldKind.OUTCOME,
    ColumnKind.PROBLEM: FieldKind.PROBLEM,
    ColumnKind.LEAD: FieldKind.LEAD,
    ColumnKind.SUPPORTING: FieldKind.SUPPORTING,
    ColumnKind.RESPONSIBLE: FieldKind.RESPONSIBLE,
    ColumnKind.DEADLINE: FieldKind.TIMEFRAME,
}
_ROLES = {
    ColumnKind.LEAD: Role.LEAD,
    ColumnKind.SUPPORTING: Role.SUPPORTING,
    ColumnKind.RESPONSIBLE: Role.UNSPECIFIED,
}
_OFFICES = "offices"
# Kinds whose header words take no qualifier before them in a run-together header: what
# precedes 序号 or 项目名称 there is the table's title.
_UNQUALIFIED = (ColumnKind.NUMBER, ColumnKind.GROUP, ColumnKind.TITLE, ColumnKind.CONTENT)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table: what its cells say, and its header cell."""

    kind: ColumnKind
    header: Span


@dataclass(frozen=True, slots=True)
class HeaderWords:
    """The header vocabulary: exact words, head nouns and role words (data/tables.toml)."""

    exact: dict[str, str]
    head_nouns: tuple[tuple[str, str], ...]  # longest first
    roles: tuple[tuple[str, str], ...]
    pattern: re.Pattern[str]  # any exact word or head noun, longest first
    office_nouns: tuple[str, ...]  # the head nouns of offices columns


@cache
def header_words() -> HeaderWords:
    """The words header cells are read by."""
    data = load_data("tables.toml")
    kinds = {k.value for k in ColumnKind} | {_OFFICES}
    for table in ("headers", "head_nouns"):
        for word, kind in data[table].items():
            if kind not in kinds:
                raise InputError(
                    f"extract/data/tables.toml: [{table}] {word} = {kind!r}; choose one of: "
                    + ", ".join(sorted(kinds))
                )
    exact = {_bare(word): kind for word, kind in data["headers"].items()}
    nouns = tuple(sorted(data["head_nouns"].items(), key=lambda item: -len(item[0])))
    words = sorted({*exact, *(noun for noun, _ in nouns)}, key=len, reverse=True)
    return HeaderWords(
        exact=exact,
        head_nouns=nouns,
        roles=tuple(data["roles"].items()),
        pattern=re.compile(alternation(words)),
        office_nouns=tuple(noun for noun, kind in nouns if kind == _OFFICES),
    )


def column_kind(cell: str) -> ColumnKind | None:
    """What a header cell says its column holds, or None when its words are unknown.

    >>> [str(column_kind(c)) for c in ("牵头 单位", "区政府分管领导", "协作部门", "建设单位")]
    ['lead', 'person', 'supporting', 'responsible']
    >>> [str(column_kind(c)) for c in ("第一季度推进情况", "责任单位(部门)", "说法")]
    ['status', 'responsible', 'None']
    """
    words = header_words()
    name = _bare(cell)
    kind = words.exact.get(name)
    if kind is None:
        name = _QUALIFIER.sub("", name) or name
        kind = words.exact.get(name)
    if kind is None:
        kind = next((k for noun, k in words.head_nouns if name.endswith(noun)), None)
    if kind is None:
        return None
    if kind != _OFFICES:
        return ColumnKind(kind)
    role = next((r for word, r in words.roles if word in name), ColumnKind.RESPONSIBLE.value)
    return ColumnKind(role)


def read_header(cells: Sequence[Span | None]) -> tuple[Column, ...] | None:
    """The columns a row of header cells names, or None when the row is no table header."""
    if len(cells) < 2 or any(cell is None for cell in cells):
        return None
    columns = []
    unknown = 0
    for cell in cells:
        assert cell is not None  # checked above
        kind = column_kind(cell.text)
        if kind is None:
            unknown += 1
        columns.append(Column(kind or ColumnKind.OTHER, cell))
    return tuple(columns) if is_header(columns, unknown) else None


def run_together_header(text: str, start: int, end: int) -> tuple[Column, ...] | None:
    """The header in ``text[start:end]`` whose words run together with nothing between them
    (序号项目名称…牵头单位配合单位), or None. A few characters before a word of people,
    offices, status or time qualify it (区政府分管领导); a run ends at anything else."""
    run: list[Span] = []
    for match in header_words().pattern.finditer(text, start, end):
        gap = text[run[-1].end : match.start()] if run else ""
        if gap and not _qualifies(gap, match.group()):
            columns = _run_columns(run)
            if columns is not None:
                return columns
            run = []
            gap = ""
        run.append(Span.of(text, match.start() - len(gap), match.end()))
    return _run_columns(run)


def _qualifies(gap: str, word: str) -> bool:
    """Whether the characters between two header words qualify the second one."""
    if len(gap) > _MAX_MODIFIER or not all(_is_han(c) for c in gap):
        return False
    return column_kind(gap + word) not in (None, *_UNQUALIFIED)


def may_hold_run_together_header(line: str) -> bool:
    """A cheap test before looking for a run-together header in a line: it holds the head
    noun of an offices column (单位, 部门 …), and neither a separator nor the colon of a
    label line (责任单位:…)."""
    if "\t" in line or ":" in line:
        return False
    return any(noun in line for noun in header_words().office_nouns)


def is_header_word(cell: str) -> bool:
    """Whether a cell on a line or paragraph of its own is a header word (for tables
    flattened one cell per line)."""
    return len(cell) <= 12 and column_kind(cell) is not None


def _run_columns(run: list[Span]) -> tuple[Column, ...] | None:
    if len(run) < _MIN_RUN:
        return None
    columns = [Column(column_kind(s.text) or ColumnKind.OTHER, s) for s in run]
    return tuple(columns) if is_header(columns, 0) else None


def is_header(columns: Sequence[Column], unknown: int = 0) -> bool:
    """Whether columns make a table's header: a column of offices, a column that says what
    the task is, and no more than a third of them unknown."""
    kinds = {c.kind for c in columns}
    return (
        any(k.names_offices for k in kinds)
        and any(k.is_text for k in kinds)
        and unknown * 3 <= len(columns)
    )


def _bare(word: str) -> str:
    return re.sub(r"\s", "", word)


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"
