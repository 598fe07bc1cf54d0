"""The second extraction stage: what each task's text commits to and names.

``extract_details`` takes a parsed ``Document`` and returns it with every task's targets
(numbers, units, comparators, metrics, deadlines) and mentions (programmes, policy
documents with planned actions, organisations, places) filled in, each with its span.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from .dates import read_deadline
from .entities import Gazetteer, entity_mentions
from .mentions import named_mentions
from .quotes import find_quoted
from .records import Document, FieldKind, Mention, Span, Target, Task
from .segmentation import Segmenter, default_segmenter
from .targets import find_targets


def extract_details(document: Document, segmenter: Segmenter | None = None) -> Document:
    """``document`` with the targets and mentions of every task."""
    details = Details(document, segmenter)
    return replace(document, tasks=tuple(details.tasks()), targets=details.plan_targets())


class Details:
    """The details of a parsed document, read task by task: a long document's tasks can be
    written as they come, each forgotten before the next is read (bounded memory)."""

    def __init__(self, document: Document, segmenter: Segmenter | None = None) -> None:
        self.document = document
        self.segmenter = segmenter or default_segmenter()
        text = document.text
        quoted = find_quoted(text)
        self.names = [q.outer for q in quoted]  # in text order
        self.starts = [name.start for name in self.names]
        self.known_names = frozenset(q.inner.text for q in quoted)
        self.gazetteer = Gazetteer.for_document(text)
        self.targets_read = 0  # by tasks() and plan_targets() so far

    def tasks(self) -> Iterator[Task]:
        """Every task with its targets and mentions, in document order."""
        for task in self.document.tasks:
            yield self.task(task)

    def task(self, task: Task) -> Task:
        """One task with its targets and mentions (and its deadline)."""
        text, segmenter = self.document.text, self.segmenter
        # Only the quoted names in the task's own text: every number is checked against them,
        # and the whole document's would make a long plan quadratic.
        nearby = self.names[
            bisect_left(self.starts, task.span.start) : bisect_right(self.starts, task.span.end)
        ]
        targets = find_targets(text, task.fields, segmenter, nearby, self.known_names)
        mentions = named_mentions(text, task.title, task.fields)
        mentions += entity_mentions(text, task.title, task.fields, segmenter, self.gazetteer)
        # A task's text may hold its unit brackets: what they name are units, not mentions.
        units = [f.content for f in task.fields if f.kind.names_units]
        targets = [t for t in targets if not _inside(t.span, units)]
        mentions = [m for m in mentions if not _inside(m.span, units)]
        enriched = _with(task, targets, mentions)
        if (deadline := _deadline(text, task, self.document.info.year)) is not None:
            enriched = replace(enriched, deadline=deadline[0], deadline_date=deadline[1])
        self.targets_read += len(enriched.targets)
        return enriched

    def plan_targets(self) -> tuple[Target, ...]:
        """The targets of the plan as a whole, stated in its goal blocks."""
        document = self.document
        found = find_targets(
            document.text, document.goals, self.segmenter, self.names, self.known_names
        )
        self.targets_read += len(found)
        return tuple(found)


def _deadline(text: str, task: Task, year: int | None) -> tuple[Span, date] | None:
    """The task's deadline from its 完成时限 field (or cell), where it has one; a date without
    its year (6月底前, 第三季度) is in the plan's ``year``."""
    timeframe = task.field(FieldKind.TIMEFRAME)
    if timeframe is None:
        return None
    content = timeframe.content
    return read_deadline(text, content.start, content.end, year)


def _inside(span: Span, regions: list[Span]) -> bool:
    return any(r.start <= span.start and span.end <= r.end for r in regions)


def _with(task: Task, targets: list[Target], mentions: list[Mention]) -> Task:
    ordered = sorted(mentions, key=lambda m: (m.span.start, m.span.end, m.kind.value))
    return replace(
        task,
        targets=tuple(sorted(targets, key=lambda t: (t.span.start, t.span.end, t.value))),
        mentions=tuple(ordered),
    )
