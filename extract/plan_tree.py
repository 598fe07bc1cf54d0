"""The tree a plan is parsed into: items (numbered headings, table sections and rows,
paragraphs that close with their own units) with what each carries — labelled fields,
responsibility brackets, a table row's units — and the keys that name tasks and sections
uniquely in the document. Built line by line by ``structure.py``, turned into records by
``plan_records.py``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .records import Field, FieldKind, Span, UnitRef
from .responsibility import BracketReading

__all__ = ["OpenField", "PlanItem", "section_keys", "task_keys", "walk"]


@dataclass(slots=True)
class OpenField:
    """A labelled field being read: its kind, its label and where its content runs so far."""

    kind: FieldKind
    label: Span
    start: int
    end: int

    def accepts_continuation(self, text: str) -> bool:
        if not self.kind.names_units:
            return True
        content = text[self.start : self.end].rstrip()
        return not content or content[-1] in "、,;"


@dataclass(slots=True, eq=False)
class PlanItem:
    """An item of the tree: its level (``headings.py``), number, where it starts, its title
    and text, and what it carries; a task, a section or neither once the plan is read."""

    level: int
    number: str
    ordinal: int
    start: int
    body_start: int
    title: Span
    end: int
    parent: PlanItem | None
    children: list[PlanItem] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    readings: list[BracketReading] = field(default_factory=list)  # responsibility brackets
    measure: bool = False  # a measure of a plan that names no unit anywhere
    # A table row's units, a list per offices cell with the cell, roles by column.
    table_units: list[tuple[Span, list[UnitRef]]] = field(default_factory=list)

    @property
    def own_end(self) -> int:
        """Where the item's own text ends: at its first sub-item, or at its end."""
        return self.children[0].start if self.children else self.end

    @property
    def brackets(self) -> list[tuple[Span, list[UnitRef]]]:
        """Brackets whose clauses name units: (X牵头,A、B参与)."""
        return [(r.bracket.inner, list(r.units)) for r in self.readings if r.units]

    @property
    def inline(self) -> list[Field]:
        """Labelled fields inside brackets after the text: (牵头单位:X;完成时限:Y)."""
        return [f for r in self.readings for f in r.fields]

    @property
    def labelled(self) -> bool:
        return bool(self.fields)

    @property
    def carries(self) -> bool:
        """Whether the item is a task: it has labelled fields or names units (or is a measure
        of a plan that names no unit)."""
        return bool(self.fields or self.readings or self.measure or self.table_units)

    def ancestors(self) -> list[PlanItem]:
        chain, item = [], self.parent
        while item is not None:
            chain.append(item)
            item = item.parent
        return chain[::-1]


def task_keys(items: list[PlanItem]) -> dict[int, str]:
    """Keys unique in the document: the ordinal, or the ordinal path where numbers repeat,
    with .1, .2 for a number repeated under one parent."""
    unique = len({i.ordinal for i in items}) == len(items)
    keys = {id(i): str(i.ordinal) if unique else _ordinal_path(i, "-") for i in items}
    counts = Counter(keys.values())
    seen: Counter[str] = Counter()
    for item in items:
        key = keys[id(item)]
        if counts[key] > 1:
            seen[key] += 1
            keys[id(item)] = f"{key}.{seen[key]}"
    return keys


def section_keys(items: list[PlanItem]) -> dict[int, str]:
    """Keys of sections unique in the document: their ordinal paths, with -2, -3 for a path
    that repeats (a heading number printed twice)."""
    seen: Counter[str] = Counter()
    keys = {}
    for item in items:
        key = _ordinal_path(item)
        seen[key] += 1
        keys[id(item)] = key if seen[key] == 1 else f"{key}-{seen[key]}"
    return keys


def _ordinal_path(item: PlanItem, separator: str = ".") -> str:
    return separator.join(str(a.ordinal) for a in [*item.ancestors(), item])


def walk(items: list[PlanItem]) -> Iterator[PlanItem]:
    """Every item of the trees under ``items``, each before its children."""
    for item in items:
        yield item
        yield from walk(item.children)
