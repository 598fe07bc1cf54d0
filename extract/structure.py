"""Find the sections, tasks and fields of a work plan, whatever its numbering.

Headings nest by their numbering: ``一、`` > ``(一)`` > ``1.`` > ``(1)`` > ``①``; a heading
closes every open item of its level or deeper. Under a heading come either labelled fields
(the 工作要点 layout)::

    一、促进基础教育优质均衡发展        ← a section
    1.推进学前教育普及普惠发展        ← a task
    问题描述:…                         ← a field: a label from data/fields.toml + colon
    责任处室:基础教育处、发展规划处      ← a field that lists responsible units

or a paragraph that ends with its units in brackets (the State Council layout)::

    (三)动员民营企业参与消费扶贫。将…纳入…。(水利部、应急管理部等和各省级人民政府负责)

An item is a task when it carries units (a unit field or a responsibility bracket) or
labelled fields; an item that carries nothing but holds tasks is a section (sections nest);
items that carry nothing and hold no task (指导思想, 基本原则) are neither. A field runs
until the next label or heading; a unit list runs on to the next line only when it ends with
a separator; a numbered line inside an open field is part of the field. Website boilerplate
(data/boilerplate.toml) and a closing signature and date (closing.py) are never part of a task.

What a bracket says is read by responsibility.py (labelled parts by labels.py), the document's
lead rule by lead_rules.py, rules for every task by global_units.py; unnumbered paragraphs
that close with their own units become tasks under their heading (paragraph_measures.py), and
a plan that names no unit anywhere has its measures as tasks (plan_parts.py).

A task-division table (found by ``tables.py``, its rows read by ``table_tasks.py``) gives a
task per row under the open heading; its heading rows and categories are sections.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from policykg.errors import InputError

from .brackets import outer_brackets
from .closing import closing_lines
from .global_units import GlobalUnits, read_global_units
from .identity import read_identity
from .labels import field_pattern, fields_of_line, label_kind
from .lead_rules import LeadRule, read_lead_rule
from .lexicon import boilerplate_markers, decimal_quantity_words, goal_rules
from .numerals import CIRCLED, NONZERO, SMALL_NUMERAL, number_value
from .paragraph_measures import paragraph_measures
from .plan_parts import commits_to_nothing, is_action_part
from .records import Document, Field, FieldKind, Section, Span, Task, UnitRef
from .responsibility import BracketReading, read_responsibility, task_units
from .spans import heading_title
from .spans import stripped as _stripped
from .spans import title_span as _title_span
from .table_tasks import TableHeading, TablePart, TableTask, table_parts
from .tables import find_table, may_start_table

log = logging.getLogger(__name__)

_CHINESE = SMALL_NUMERAL
# Nothing is numbered zero: 「0.」 or 「零、」 opening a line is text, not a heading.
_NONZERO = rf"(?=[{_CHINESE}]*[{NONZERO}])"
# A heading's text after its number, without the spaces that end the line: greedy up to the
# last non-space, so a line padded with 100,000 spaces is read in one pass (a lazy ``.*?``
# before ``\s*$`` tried the spaces again from every character: 37 s).
_REST = r"(?P<rest>\S(?:.*\S)?)\s*$"
# (level, pattern, how the number prints in a path)
_HEADINGS: tuple[tuple[int, re.Pattern[str], str], ...] = (
    (
        1,
        re.compile(rf"[ \t]*(?P<num>{_NONZERO}[{_CHINESE}]{{1,4}})[ \t]*[、.][ \t]*{_REST}"),
        "{}",
    ),
    (
        2,
        re.compile(
            rf"[ \t]*\([ \t]*(?P<num>{_NONZERO}[{_CHINESE}]{{1,4}})[ \t]*\)"
            rf"[ \t]*{_REST}"
        ),
        "({})",
    ),
    (
        3,
        re.compile(
            r"[ \t]*(?P<num>(?=\d*[1-9])\d{1,4})[ \t]*[.、](?P<glued>(?=\d))?[ \t]*" + _REST
        ),
        "{}",
    ),
    (
        4,
        re.compile(r"[ \t]*\([ \t]*(?P<num>(?=\d*[1-9])\d{1,3})[ \t]*\)[ \t]*" + _REST),
        "({})",
    ),
    (5, re.compile(rf"[ \t]*(?P<num>[{CIRCLED}])[ \t]*" + _REST), "{}"),
)
# Rows of a table sit below every numbered heading, and below the table's own unnumbered
# sections (a category column, a merged row without a number).
_TABLE_GROUP_LEVEL = 6
_TABLE_ROW_LEVEL = 7
_PARAGRAPH_LEVEL = 8  # unnumbered paragraphs that close with their own units, under a heading
_PATH_FORMATS = {level: fmt for level, _, fmt in _HEADINGS} | {
    _TABLE_GROUP_LEVEL: "",
    _TABLE_ROW_LEVEL: "[{}]",
    _PARAGRAPH_LEVEL: "[{}]",
}


@dataclass(slots=True)
class _OpenField:
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
class _Item:
    level: int
    number: str
    ordinal: int
    start: int
    body_start: int
    title: Span
    end: int
    parent: _Item | None
    children: list[_Item] = field(default_factory=list)
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

    def ancestors(self) -> list[_Item]:
        chain, item = [], self.parent
        while item is not None:
            chain.append(item)
            item = item.parent
        return chain[::-1]


def numbered_line(line: str) -> tuple[int, str, int] | None:
    """The heading level, number and the offset of the text after it, of a line that opens
    with a number as plans print them (一、, (一), 1., (1), ①), or None.

    >>> numbered_line("3.推进节水型社会建设"), numbered_line("(二)落实责任")
    ((3, '3', 2), (2, '二', 3))
    """
    for level, pattern, _ in _HEADINGS:
        match = pattern.match(line)
        if match is not None:
            return level, match["num"], match.start("rest")
    return None


def parse_plan(text: str) -> Document:
    """The structure of a normalised work-plan text."""
    return _Parser(text).run()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.field_pattern = field_pattern()
        self.boilerplate = boilerplate_markers()
        self.roots: list[_Item] = []
        self.stack: list[_Item] = []
        self.open_field: _OpenField | None = None
        self.preamble_end: int | None = None
        self.trailing_start: int | None = None
        self.notes: list[str] = []
        self.lead_rule = LeadRule()
        self.global_units: tuple[GlobalUnits, ...] = ()
        self.table_sections = 0  # tables' unnumbered sections so far
        self.section_keys: dict[int, str] = {}  # id of a section's item → its key

    def run(self) -> Document:
        lines = [(s, e) for s, e in _lines(self.text) if self.text[s:e].strip()]
        closing = closing_lines(self.text, lines)
        index = 0
        while index < len(lines):
            start, end = lines[index]
            if index in closing:
                self._close_field()
                self.trailing_start = self.trailing_start or start
                index += 1
                continue
            table = (
                find_table(self.text, lines, index)
                if may_start_table(self.text[start:end])
                else None
            )
            if table is not None:
                self._close_field()
                self._take_table(table_parts(self.text, table), table.start)
                index = table.last_line + 1
                continue
            self._take_line(start, end, self.text[start:end])
            index += 1
        self._close_field()
        for item in list(self._walk(self.roots)):
            self._read_brackets(item)
            self._split_paragraph_measures(item)
        items = list(self._walk(self.roots))
        self._mark_unassigned_measures(items)
        ends = [f.content.end for i in items for f in [*i.fields, *i.inline] if f.kind.names_units]
        ends += [inner.end for i in items for inner, _ in i.brackets]
        self.lead_rule = read_lead_rule(self.text).closing_note(max(ends, default=0))
        self.global_units = read_global_units(self.text)
        tasks, sections = self._tasks_and_sections(items)
        preamble = Span.of(self.text, 0, self.preamble_end or 0)
        trailing = self._trailing()
        return Document(
            text=self.text,
            info=read_identity(self.text, preamble, trailing),
            sections=sections,
            tasks=tasks,
            trailing=trailing,
            goals=self._goals(items, preamble),
            notes=tuple(self.notes),
        )

    def _goals(self, items: list[_Item], preamble: Span) -> tuple[Field, ...]:
        """Goal blocks: headed items about 目标/指标 that hold no task, and preamble lines
        that start with a goal label (具体指标:…)."""
        rules = goal_rules()
        goals = []
        for item in items:
            holds_tasks = item.carries or any(c.carries for c in self._walk(item.children))
            if not holds_tasks and any(w in item.title.text for w in rules.goal_words):
                body = _stripped(self.text, item.body_start, item.end)
                if body is not None:
                    goals.append(Field(FieldKind.OUTCOME, item.title, body))
        for start, end in _lines(preamble.text):
            line = preamble.text[start:end].lstrip()
            label = next((g for g in rules.goal_labels if line.startswith(g)), None)
            if label is not None:
                at = preamble.start + start + (end - start - len(line))
                content = _stripped(self.text, at + len(label), preamble.start + end)
                if content is not None:
                    content = (
                        _stripped(self.text, content.start + (content.text[0] in ":"), content.end)
                        or content
                    )
                    goals.append(
                        Field(FieldKind.OUTCOME, Span.of(self.text, at, at + len(label)), content)
                    )
        return tuple(sorted(goals, key=lambda f: f.content.start))

    # --- reading lines ---------------------------------------------------------------------

    def _take_line(self, start: int, end: int, line: str) -> None:
        if any(marker in line for marker in self.boilerplate):
            self._close_field()
            if self.roots:
                self.trailing_start = self.trailing_start or start
            return
        heading = self._heading(line)
        if heading is not None and not self._inside_open_field(heading[0]):
            level, match = heading
            self._close_field()
            self._open_item(level, match, start)
            self.trailing_start = None
            return
        if (m := self.field_pattern.match(line)) is not None and self.stack:
            self._close_field()
            group = "bracketed" if m["bracketed"] else "plain"
            label = Span.of(self.text, start + m.start(group), start + m.end(group))
            self.open_field = _OpenField(label_kind(label.text), label, start + m.end(), end)
            return
        if self.open_field is not None and self.open_field.accepts_continuation(self.text):
            self.open_field.end = end
            return
        self._close_field()
        if not self.stack:
            if not self.roots:
                self.preamble_end = end
            return
        item = self.stack[-1]
        if item.labelled:
            self.trailing_start = self.trailing_start or start
            log.debug("line %d is not part of any field", self.text.count("\n", 0, start) + 1)
            return
        for open_item in self.stack:
            open_item.end = max(open_item.end, end)

    def _take_table(self, parts: list[TablePart], start: int) -> None:
        """A table's headings, sections and tasks (table_tasks.py says which rows are which)
        under the open heading; the table's own sections end with it."""
        self.trailing_start = None
        if self.preamble_end is None and not self.roots:
            self.preamble_end = start
        for part in parts:
            if isinstance(part, TableTask):
                self._table_task(part)
                continue
            cell = part.cell
            if isinstance(part, TableHeading):
                if part.part_number is not None:
                    self._open_part(part.part_number)
                if part.number is not None:
                    self._open_numbered(part.number, cell)
                    continue
                found = self._heading(cell.text)
                if found is not None:
                    self._open_item(found[0], found[1], cell.start)
                    continue
            self.table_sections += 1  # numbered through the document: their keys stay unique
            self._open_section(cell, self.table_sections)
        while self.stack and self.stack[-1].level >= _TABLE_GROUP_LEVEL:
            self.stack.pop()

    def _open_numbered(self, number: Span, title: Span) -> None:
        """A heading whose number (一, (二)) and title stand in cells of their own."""
        numeral = number.text.strip("()、.")
        level = 2 if number.text.startswith("(") else 1
        self._open_section(title, _ordinal_or(numeral, 1), level=level, number=numeral)

    def _open_part(self, number: Span) -> None:
        """The part (二) a heading numbered 二(一) sits in: the open one, or a new one."""
        top = next((item for item in self.stack if item.level == 1), None)
        if top is not None and top.number == number.text:
            return
        self._open_section(number, _ordinal_or(number.text, 1), level=1, number=number.text)

    def _open_section(
        self,
        cell: Span,
        ordinal: int,
        level: int = _TABLE_GROUP_LEVEL,
        number: str | None = None,
    ) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        self._add_item(
            _Item(
                level=level,
                number=number or str(ordinal),
                ordinal=ordinal,
                start=cell.start,
                body_start=cell.start,
                title=heading_title(self.text, cell.start, cell.end),
                end=cell.end,
                parent=self.stack[-1] if self.stack else None,
            )
        )

    def _table_task(self, task: TableTask) -> None:
        while self.stack and self.stack[-1].level >= _TABLE_ROW_LEVEL:
            self.stack.pop()
        item = _Item(
            level=_TABLE_ROW_LEVEL,
            number=task.number,
            ordinal=task.ordinal,
            start=task.span.start,
            body_start=task.span.start,
            title=task.title,
            end=task.span.end,
            parent=self.stack[-1] if self.stack else None,
        )
        item.fields.extend(task.fields)
        item.table_units.extend((cell, list(units)) for cell, units in task.unit_lists)
        self._add_item(item, push=False)

    def _add_item(self, item: _Item, push: bool = True) -> None:
        (item.parent.children if item.parent else self.roots).append(item)
        for open_item in self.stack:
            open_item.end = max(open_item.end, item.end)
        if push:
            self.stack.append(item)

    def _heading(self, line: str) -> tuple[int, re.Match[str]] | None:
        for level, pattern, _ in _HEADINGS:
            if (match := pattern.match(line)) is not None:
                if level == 3 and self.field_pattern.match(line):
                    return None
                if not any(c.isalnum() for c in match["rest"]):
                    return None  # 一、: is no heading: nothing follows the number
                try:
                    _ordinal(match["num"])
                except InputError:
                    return None  # 十十、 is no number, so no heading
                if level == 3 and match["glued"] is not None and not self._continues(match):
                    return None
                return level, match
        return None

    def _continues(self, match: re.Match[str]) -> bool:
        """Whether a number glued to digits (11.121人才梯队项目) is a heading: it follows its
        open sibling (10.) and the digits after it are no decimal quantity (1.2万个, 3.5%)."""
        sibling = next((i for i in reversed(self.stack) if i.level == 3), None)
        if sibling is None or sibling.ordinal + 1 != int(match["num"]):
            return False
        digits = re.match(r"\d+", match["rest"])
        after = match["rest"][digits.end() if digits else 0 :]
        return not after.startswith(decimal_quantity_words())

    def _inside_open_field(self, level: int) -> bool:
        """A numbered line within an open field is part of it (措施:(1)…(2)…)."""
        field_ = self.open_field
        return (
            field_ is not None
            and not field_.kind.names_units
            and bool(self.stack)
            and level > self.stack[-1].level
        )

    def _open_item(self, level: int, match: re.Match[str], line_start: int) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        if self.preamble_end is None and not self.roots:
            self.preamble_end = line_start
        rest = line_start + match.start("rest")
        rest_end = line_start + match.end("rest")
        title = heading_title(self.text, rest, rest_end)
        parent = self.stack[-1] if self.stack else None
        item = _Item(
            level=level,
            number=match["num"],
            ordinal=_ordinal(match["num"]),
            start=line_start + match.start("num") - (1 if level in (2, 4) else 0),
            body_start=rest,
            title=title,
            end=line_start + match.end("rest"),
            parent=parent,
        )
        self._add_item(item)

    def _close_field(self) -> None:
        field_, self.open_field = self.open_field, None
        if field_ is None or not self.stack:
            return
        content = _stripped(self.text, field_.start, field_.end)
        if content is None:
            line_no = self.text.count("\n", 0, field_.label.start) + 1
            self.notes.append(f"line {line_no}: field {field_.label.text} has no content")
            return
        item = self.stack[-1]
        item.fields += fields_of_line(self.text, Field(field_.kind, field_.label, content))
        for open_item in self.stack:
            open_item.end = max(open_item.end, content.end)

    def _trailing(self) -> Span | None:
        if self.trailing_start is None:
            return None
        return _stripped(self.text, self.trailing_start, len(self.text))

    # --- from items to tasks and sections --------------------------------------------------

    def _walk(self, items: list[_Item]) -> Iterator[_Item]:
        for item in items:
            yield item
            yield from self._walk(item.children)

    def _read_brackets(self, item: _Item) -> None:
        """Responsibility brackets in the item's own text, outside its unit fields."""
        unit_fields = [f.content for f in item.fields if f.kind.names_units]
        for bracket in outer_brackets(self.text, item.body_start, item.own_end):
            if any(u.start <= bracket.inner.start < u.end for u in unit_fields):
                continue
            reading = read_responsibility(self.text, bracket)
            if reading is not None:
                item.readings.append(reading)

    def _split_paragraph_measures(self, item: _Item) -> None:
        """Unnumbered paragraphs under a heading line that each close with their own
        responsibility bracket are a task each, titled by their first sentence; the heading
        becomes their section."""
        paragraphs = paragraph_measures(
            self.text, item.body_start, item.own_end, [r.bracket for r in item.readings]
        )
        split = []
        for position, (start, end) in enumerate(paragraphs, start=1):
            readings = [r for r in item.readings if start <= r.bracket.inner.start < end]
            # The first sentence, and never past the bracket that closes the paragraph.
            title_end = min(end, readings[0].bracket.inner.start - 1)
            paragraph = _Item(
                level=_PARAGRAPH_LEVEL,
                number=str(position),
                ordinal=position,
                start=start,
                body_start=start,
                title=_title_span(self.text, start, title_end),
                end=end,
                parent=item,
                readings=readings,
            )
            split.append(paragraph)
        if split:
            item.readings = []
            item.children[0:0] = split

    def _mark_unassigned_measures(self, items: list[_Item]) -> None:
        """In a plan that names no unit anywhere, the numbered measures under the parts that
        commit to action are tasks with no unit (plan_parts.py)."""
        measures = [item for item in items if not item.children]
        # Numbered measures count from one: 2、 opening a line of a flattened table is not one.
        if any(item.carries for item in items) or not measures or measures[0].ordinal != 1:
            return
        in_action = [
            m for m in measures if any(is_action_part(a.title.text) for a in m.ancestors())
        ]
        for measure in in_action or measures:
            measure.measure = not commits_to_nothing(measure.title.text, False) and not any(
                commits_to_nothing(a.title.text, True) for a in measure.ancestors()
            )

    def _paragraph_before_fields(self, item: _Item, end: int) -> Span | None:
        """The item's text up to the line of its first labelled field, label-only lines
        (a field left empty) excluded."""
        if item.fields:
            first = min(f.label.start for f in item.fields)
            end = self.text.rfind("\n", item.body_start, first) + 1 or item.body_start
        last = item.body_start
        for start, stop in _lines(self.text[item.body_start : end]):
            line = self.text[item.body_start + start : item.body_start + stop]
            match = self.field_pattern.match(line)
            if match is not None and not line[match.end() :].strip():
                break
            last = item.body_start + stop
        return _stripped(self.text, item.body_start, last)

    def _tasks_and_sections(
        self, items: list[_Item]
    ) -> tuple[tuple[Task, ...], tuple[Section, ...]]:
        task_items = [item for item in items if item.carries]
        holding = {id(a) for t in task_items for a in t.ancestors() if not a.carries}
        heads = [item for item in items if id(item) in holding]  # in document order
        self.section_keys = _section_keys(heads)
        sections = {id(a): self._section(a) for a in heads}
        keys = _task_keys(task_items)
        tasks = tuple(self._task(item, keys[id(item)]) for item in task_items)
        ordered = sorted(sections.values(), key=lambda s: s.heading.start)
        return tasks, tuple(ordered)

    def _section(self, item: _Item) -> Section:
        parent = next((a for a in reversed(item.ancestors()) if not a.carries), None)
        return Section(
            key=self.section_keys[id(item)],
            number=item.number,
            ordinal=item.ordinal,
            title=item.title,
            heading=Span.of(self.text, item.start, item.title.end),
            parent=self.section_keys[id(parent)] if parent else None,
        )

    def _task(self, item: _Item, key: str) -> Task:
        nested_tasks = any(child.carries for child in self._walk(item.children))
        end = item.own_end if nested_tasks else item.end
        fields = list(item.fields) + item.inline
        # A numbered paragraph's text is the task's statement; where labelled lines follow
        # the paragraph (牵头单位:…), its text up to them is.
        body = self._paragraph_before_fields(item, end)
        if body is not None and (not item.fields or body.text != item.title.text):
            empty_label = Span.of(self.text, item.body_start, item.body_start)
            fields.insert(0, Field(FieldKind.BODY, empty_label, body))
        fields += [
            Field(FieldKind.BRACKET, Span.of(self.text, inner.start - 1, inner.start), inner)
            for inner, _ in item.brackets
        ]
        section = next((a for a in reversed(item.ancestors()) if not a.carries), None)
        return Task(
            key=key,
            number=item.number,
            ordinal=item.ordinal,
            title=item.title,
            span=_stripped(self.text, item.start, end) or item.title,
            section=self.section_keys[id(section)] if section else None,
            path="".join(
                _PATH_FORMATS[a.level].format(a.number) for a in [*item.ancestors(), item]
            ),
            fields=tuple(sorted(fields, key=lambda f: f.content.start)),
            units=task_units(
                self.text,
                [] if item.level == _TABLE_ROW_LEVEL else [*item.fields, *item.inline],
                [*item.brackets, *item.table_units],
                self.lead_rule,
                [u for rule in self.global_units if rule.statement.start < end for u in rule.units],
            ),
        )


def _task_keys(items: list[_Item]) -> dict[int, str]:
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


def _section_keys(items: list[_Item]) -> dict[int, str]:
    """Keys of sections unique in the document: their ordinal paths, with -2, -3 for a path
    that repeats (a heading number printed twice)."""
    seen: Counter[str] = Counter()
    keys = {}
    for item in items:
        key = _ordinal_path(item)
        seen[key] += 1
        keys[id(item)] = key if seen[key] == 1 else f"{key}-{seen[key]}"
    return keys


def _ordinal_path(item: _Item, separator: str = ".") -> str:
    return separator.join(str(a.ordinal) for a in [*item.ancestors(), item])


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        yield start, end
        start = end + 1


def _ordinal_or(numeral: str, fallback: int) -> int:
    """The value of a row's number, or its position when the number cannot be read."""
    try:
        return _ordinal(numeral)
    except (ValueError, TypeError, InputError):
        return fallback


def _ordinal(numeral: str) -> int:
    """The value of a heading's number (``numerals.number_value``)."""
    return number_value(numeral)
