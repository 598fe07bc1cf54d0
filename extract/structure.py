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
from collections.abc import Sequence

from policykg.errors import InputError

from .closing import closing_lines
from .headings import HEADINGS as _HEADINGS
from .headings import TABLE_GROUP_LEVEL as _TABLE_GROUP_LEVEL
from .headings import TABLE_ROW_LEVEL as _TABLE_ROW_LEVEL
from .headings import ordinal as _ordinal
from .headings import ordinal_or as _ordinal_or
from .headings import text_lines as _lines
from .identity import read_identity
from .labels import field_pattern, fields_of_line, label_kind
from .lexicon import any_of, boilerplate_markers, decimal_quantity_words
from .plan_records import plan_records
from .plan_tree import OpenField as _OpenField
from .plan_tree import PlanItem as _Item
from .reading import SourceText
from .records import Document, Field, Section, Span
from .spans import heading_title
from .spans import stripped as _stripped
from .table_tasks import TableHeading, TablePart, TableTask, table_parts
from .tables import find_table, may_start_table

log = logging.getLogger(__name__)


def parse_plan(text: str, merges_marked: bool = False) -> Document:
    """The structure of a normalised work-plan text; ``merges_marked``: its reader marked
    every merged cell of its tables (``SourceText.merges_marked``)."""
    return _Parser(text, merges_marked).run()


def parse_source(source: SourceText) -> Document:
    """The structure of a document as its reader gave it (``reading.read_document``)."""
    return parse_plan(source.text, source.merges_marked)


class _Parser:
    def __init__(self, text: str, merges_marked: bool = False) -> None:
        self.text = text
        self.merges_marked = merges_marked
        self.field_pattern = field_pattern()
        self.boilerplate = any_of(boilerplate_markers())
        self.roots: list[_Item] = []
        self.stack: list[_Item] = []
        self.open_field: _OpenField | None = None
        self.preamble_end: int | None = None
        self.trailing_start: int | None = None
        self.notes: list[str] = []
        self.table_sections = 0  # tables' unnumbered sections so far

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
                find_table(self.text, lines, index, self.merges_marked)
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
        preamble = Span.of(self.text, 0, self.preamble_end or 0)
        tasks, sections, goals = plan_records(self.text, self.roots, preamble)
        trailing = self._trailing()
        return Document(
            text=self.text,
            info=read_identity(self.text, preamble, trailing, _opening(self.text, sections)),
            sections=sections,
            tasks=tasks,
            trailing=trailing,
            goals=goals,
            notes=tuple(self.notes),
        )

    # --- reading lines ---------------------------------------------------------------------

    def _take_line(self, start: int, end: int, line: str) -> None:
        if self.boilerplate.search(line):
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


def _opening(text: str, sections: Sequence[Section]) -> Span:
    """The preamble and the first section of a plan: where it states its overall goal, and
    with it the years it gives itself (2012年起5年内) when its title names none."""
    tops = [s for s in sections if s.parent is None]
    end = tops[1].heading.start if len(tops) > 1 else len(text)
    return Span.of(text, 0, end)
