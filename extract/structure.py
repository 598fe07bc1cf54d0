"""Find the sections, tasks and labelled fields of a work plan (the labelled-field layout).

    一、促进基础教育优质均衡发展        ← section: Chinese numeral + 、
    1.推进学前教育普及普惠发展        ← task: Arabic number + . or 、
    问题描述:…                         ← field: a label from data/fields.toml + colon
    责任处室:基础教育处、发展规划处      ← a field that lists responsible units

A field runs until the next label, task or section; a unit list runs on to the next line only
when it ends with a separator. Website boilerplate (data/boilerplate.toml) is never part of a
task. Sections that group no task are not kept.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import cn2an

from .identity import read_identity
from .lexicon import boilerplate_markers, field_labels
from .parties import read_units
from .records import Document, Field, FieldKind, Role, Section, Span, Task, UnitRef

log = logging.getLogger(__name__)

_SECTION = re.compile(
    r"[ \t]*(?P<num>[一二三四五六七八九十百零〇两]{1,4})[ \t]*[、.][ \t]*(?P<title>\S.*?)\s*$"
)
_TASK = re.compile(r"[ \t]*(?P<num>\d{1,3})[ \t]*[.、](?!\d)[ \t]*(?P<title>\S.*?)\s*$")
_TITLE_END = "。:;,.、 "
_ROLE_OF_FIELD = {
    FieldKind.RESPONSIBLE: Role.UNSPECIFIED,
    FieldKind.LEAD: Role.LEAD,
    FieldKind.SUPPORTING: Role.SUPPORTING,
}


def _field_pattern() -> re.Pattern[str]:
    labels = sorted(field_labels(), key=len, reverse=True)
    spaced = "|".join(r"[ \t]*".join(re.escape(c) for c in label) for label in labels)
    return re.compile(
        rf"[ \t]*(?:【(?P<bracketed>{spaced})】[ \t]*:?|(?P<plain>{spaced})[ \t]*:)[ \t]*"
    )


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


@dataclass(slots=True)
class _OpenTask:
    number: str
    title: Span
    start: int
    end: int
    section: Section | None
    fields: list[Field] = field(default_factory=list)


def parse_plan(text: str) -> Document:
    """The structure of a normalised work-plan text."""
    return _Parser(text).run()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.field_pattern = _field_pattern()
        self.labels = field_labels()
        self.boilerplate = boilerplate_markers()
        self.sections: list[Section] = []
        self.tasks: list[_OpenTask] = []
        self.section: Section | None = None
        self.task: _OpenTask | None = None
        self.open_field: _OpenField | None = None
        self.preamble_end: int | None = None
        self.trailing_start: int | None = None

    def run(self) -> Document:
        for start, end in _lines(self.text):
            line = self.text[start:end]
            if line.strip():
                self._take_line(start, end, line)
        self._close_task()
        tasks = _finish_tasks(self.text, self.tasks)
        grouping = {t.section for t in tasks}
        sections = tuple(s for s in self.sections if s.number in grouping)
        preamble = Span.of(self.text, 0, self.preamble_end or 0)
        return Document(
            text=self.text,
            info=read_identity(self.text, preamble),
            sections=sections,
            tasks=tasks,
            trailing=self._trailing(),
        )

    def _take_line(self, start: int, end: int, line: str) -> None:
        if any(marker in line for marker in self.boilerplate):
            self._close_field()
            if self.tasks or self.task:
                self.trailing_start = self.trailing_start or start
            return
        if (m := _SECTION.fullmatch(line)) is not None:
            self._close_task()
            self._mark_preamble_end(start)
            title = _title_span(self.text, start + m.start("title"), start + m.end("title"))
            self.section = Section(
                number=m["num"],
                ordinal=_chinese_ordinal(m["num"]),
                title=title,
                heading=Span.of(self.text, start + m.start("num"), title.end),
            )
            self.sections.append(self.section)
            return
        if (m := _TASK.fullmatch(line)) is not None and not self.field_pattern.match(line):
            self._close_task()
            self._mark_preamble_end(start)
            title = _title_span(self.text, start + m.start("title"), start + m.end("title"))
            self.task = _OpenTask(m["num"], title, start + m.start("num"), title.end, self.section)
            self.trailing_start = None
            return
        if (m := self.field_pattern.match(line)) is not None and self.task is not None:
            self._close_field()
            label_group = "bracketed" if m["bracketed"] else "plain"
            label = Span.of(self.text, start + m.start(label_group), start + m.end(label_group))
            kind = self.labels[re.sub(r"[ \t]", "", label.text)]
            self.open_field = _OpenField(kind, label, start + m.end(), end)
            return
        if self.open_field is not None and self.open_field.accepts_continuation(self.text):
            self.open_field.end = end
            return
        self._close_field()
        if self.task is None and not self.sections:
            self.preamble_end = end
        elif self.tasks or self.task:
            self.trailing_start = self.trailing_start or start
            log.debug("line %d is not part of any task field", self.text.count("\n", 0, start) + 1)

    def _mark_preamble_end(self, start: int) -> None:
        if self.preamble_end is None:
            self.preamble_end = start

    def _close_field(self) -> None:
        field_ = self.open_field
        self.open_field = None
        if field_ is None or self.task is None:
            return
        content = _stripped(self.text, field_.start, field_.end)
        if content is None:
            line_no = self.text.count("\n", 0, field_.label.start) + 1
            log.warning("line %d: field %s has no content", line_no, field_.label.text)
            return
        self.task.fields.append(Field(field_.kind, field_.label, content))
        self.task.end = max(self.task.end, content.end)

    def _close_task(self) -> None:
        self._close_field()
        if self.task is not None:
            self.tasks.append(self.task)
            self.task = None

    def _trailing(self) -> Span | None:
        if self.trailing_start is None:
            return None
        return _stripped(self.text, self.trailing_start, len(self.text))


def _finish_tasks(text: str, open_tasks: list[_OpenTask]) -> tuple[Task, ...]:
    """Close the tasks and give each a key that is unique within the document.

    The key is the task's number; where numbering restarts in each section it is prefixed by
    the section (``2-1``), and a number repeated within one section gets ``.1``, ``.2``.
    """
    sections_of: dict[str, set[str | None]] = {}
    for t in open_tasks:
        sections_of.setdefault(t.number, set()).add(t.section.number if t.section else None)
    paths = Counter((t.section.number if t.section else None, t.number) for t in open_tasks)
    seen: Counter[tuple[str | None, str]] = Counter()
    tasks = []
    for t in open_tasks:
        section = t.section.number if t.section else None
        key = t.number
        if len(sections_of[t.number]) > 1 and t.section is not None:
            key = f"{t.section.ordinal}-{t.number}"
        seen[(section, t.number)] += 1
        if paths[(section, t.number)] > 1:
            key = f"{key}.{seen[(section, t.number)]}"
        tasks.append(
            Task(
                key=key,
                number=t.number,
                ordinal=int(t.number),
                title=t.title,
                span=Span.of(text, t.start, t.end),
                section=section,
                fields=tuple(t.fields),
                units=_units(text, t.fields),
            )
        )
    return tuple(tasks)


def _units(text: str, fields: list[Field]) -> tuple[UnitRef, ...]:
    """The task's units across all its unit fields, each unit once, stated roles kept."""
    by_name: dict[str, UnitRef] = {}
    for f in fields:
        role = _ROLE_OF_FIELD.get(f.kind)
        if role is None:
            continue
        for unit in read_units(text, f.content, role, first_position=len(by_name) + 1):
            known = by_name.get(unit.name)
            if known is None:
                by_name[unit.name] = unit
            elif known.role is Role.UNSPECIFIED and unit.role is not Role.UNSPECIFIED:
                by_name[unit.name] = _with_role(known, unit.role)
    return tuple(by_name.values())


def _with_role(unit: UnitRef, role: Role) -> UnitRef:
    return UnitRef(unit.name, unit.surface, unit.alias, unit.generic, role, unit.position)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        yield start, end
        start = end + 1


def _title_span(text: str, start: int, end: int) -> Span:
    while end > start + 1 and text[end - 1] in _TITLE_END:
        end -= 1
    return Span.of(text, start, end)


def _stripped(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end) if start < end else None


def _chinese_ordinal(numeral: str) -> int:
    """The value of a Chinese section numeral.

    >>> _chinese_ordinal("十"), _chinese_ordinal("二十一")
    (10, 21)
    """
    return int(cn2an.cn2an(numeral, "smart"))
