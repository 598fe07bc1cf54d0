"""From the tree a plan is parsed into to the document's records: each item's responsibility
brackets read, paragraphs that close with their own units split into tasks, the measures of a
plan that names no unit marked; then the tasks and sections, keyed, with their fields, units
(the document's lead rule and rules for every task applied) and paths, and the goal blocks.
"""

from __future__ import annotations

from .brackets import outer_brackets
from .global_units import read_global_units
from .headings import PARAGRAPH_LEVEL as _PARAGRAPH_LEVEL
from .headings import PATH_FORMATS as _PATH_FORMATS
from .headings import TABLE_ROW_LEVEL as _TABLE_ROW_LEVEL
from .headings import text_lines as _lines
from .labels import field_pattern
from .lead_rules import read_lead_rule
from .lexicon import goal_rules
from .paragraph_measures import paragraph_measures
from .plan_parts import commits_to_nothing, is_action_part
from .plan_tree import PlanItem as _Item
from .plan_tree import section_keys as _section_keys
from .plan_tree import task_keys as _task_keys
from .plan_tree import walk
from .records import Field, FieldKind, Section, Span, Task
from .responsibility import read_responsibility, task_units
from .spans import stripped as _stripped
from .spans import title_span as _title_span

__all__ = ["plan_records"]


def plan_records(
    text: str, roots: list[_Item], preamble: Span
) -> tuple[tuple[Task, ...], tuple[Section, ...], tuple[Field, ...]]:
    """The tasks, sections and goal blocks of the plan parsed into the trees ``roots``."""
    return _Records(text).run(roots, preamble)


class _Records:
    def __init__(self, text: str) -> None:
        self.text = text
        self.field_pattern = field_pattern()
        self.section_keys: dict[int, str] = {}  # id of a section's item → its key

    def run(
        self, roots: list[_Item], preamble: Span
    ) -> tuple[tuple[Task, ...], tuple[Section, ...], tuple[Field, ...]]:
        for item in list(walk(roots)):
            self._read_brackets(item)
            self._split_paragraph_measures(item)
        items = list(walk(roots))
        self._mark_unassigned_measures(items)
        ends = [f.content.end for i in items for f in [*i.fields, *i.inline] if f.kind.names_units]
        ends += [inner.end for i in items for inner, _ in i.brackets]
        self.lead_rule = read_lead_rule(self.text).closing_note(max(ends, default=0))
        self.global_units = read_global_units(self.text)
        tasks, sections = self._tasks_and_sections(items)
        return tasks, sections, self._goals(items, preamble)

    def _goals(self, items: list[_Item], preamble: Span) -> tuple[Field, ...]:
        """Goal blocks: headed items about 目标/指标 that hold no task, and preamble lines
        that start with a goal label (具体指标:…)."""
        rules = goal_rules()
        goals = []
        for item in items:
            holds_tasks = item.carries or any(c.carries for c in walk(item.children))
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

    def _read_brackets(self, item: _Item) -> None:
        """Responsibility brackets in the item's own text, outside its unit fields; in a
        table row, only in the cells that say what the task is (a 备注 or 原文 column is
        no list of the row's units: an office that corrects the units cell corrects them)."""
        unit_fields = [f.content for f in item.fields if f.kind.names_units]
        text_cells = [f.content for f in item.fields if not f.kind.names_units]
        for bracket in outer_brackets(self.text, item.body_start, item.own_end):
            if any(u.start <= bracket.inner.start < u.end for u in unit_fields):
                continue
            if item.level == _TABLE_ROW_LEVEL and not any(
                c.start <= bracket.inner.start < c.end for c in text_cells
            ):
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
        nested_tasks = any(child.carries for child in walk(item.children))
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
