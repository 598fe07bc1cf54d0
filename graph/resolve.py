"""Records → model: the extracted records of one document resolved into its ``PlanView``.

Here every IRI is minted, and every identity decided once by ``graph.node_identity`` (a plan by
its document key, an office by its issuer and name, a national body by its full name,
programmes by normalised name, places by their code); this module turns the records into
views around them. The writer (``graph.emit``) only turns the model into triples.

A long plan is resolved task by task (``TaskResolver``), each task's details read as it is
resolved and forgotten once written, so its size is bounded by one task, not the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, TypeVar

from extract.normalization import NORMALIZATION_NOTE
from extract.records import (
    Comparator,
    Document,
    FieldKind,
    Mention,
    Section,
    Span,
    Target,
    Task,
    UnitRef,
)
from ontology.iris import IriMinter
from policykg.config import BuildConfig

from .model import (
    ActionView,
    DeadlineView,
    DocumentView,
    MentionView,
    PartyView,
    PlanView,
    SectionView,
    SpanView,
    StatementKind,
    StatementView,
    TargetView,
    TaskView,
)
from .node_identity import Identities, document_key, text_sha256
from .triples import decimal_lexical

if TYPE_CHECKING:
    from extract.details import Details

__all__ = ["TaskResolver", "resolve_plan"]

_STATEMENTS: dict[FieldKind, StatementKind] = {
    FieldKind.PROBLEM: StatementKind.PROBLEM,
    FieldKind.OBJECTIVE: StatementKind.OBJECTIVE,
    FieldKind.OUTCOME: StatementKind.OUTCOME,
    FieldKind.MEASURE: StatementKind.MEASURE,
    FieldKind.TIMEFRAME: StatementKind.TIMEFRAME,
    FieldKind.BODY: StatementKind.BODY,
}
_FLOORS = (Comparator.AT_LEAST, Comparator.MORE_THAN)
_CAPS = (Comparator.AT_MOST, Comparator.LESS_THAN)
# reading_order (graph.model) made in C: the same key, for every view sorted here.
_READING_ORDER = attrgetter("span.start", "span.end", "iri")
_CUES = {
    "quotation_marks": "QuotationMarks",
    "book_title_marks": "BookTitleMarks",
    "gazetteer": "Gazetteer",
    "suffix_rule": "SuffixRule",
}


def resolve_plan(document: Document, config: BuildConfig) -> PlanView:
    """The model of one document whose details (targets, mentions) are extracted."""
    resolver = TaskResolver(document, config)
    return resolver.plan(tuple(resolver.tasks(document.tasks)))


class TaskResolver:
    """Resolves one document: its plan (``header``), then its tasks one by one."""

    def __init__(self, document: Document, config: BuildConfig) -> None:
        self.document = document
        self.mint = mint = IriMinter(config.base)
        self.text = text = document.text
        self.sha = sha = text_sha256(text)
        self.key = document_key(document, config)
        self.iri = mint.plan(self.key)
        self.identities = Identities(mint, document, config.issuer or document.info.issuer, sha)
        self.issuer = self.identities.issuer
        self.year = config.year or document.info.year
        self.sections = {s.key: mint.section(self.key, s.key) for s in document.sections}
        # What every task and target is due by unless it says: the end of the plan's period.
        period = document.info.period
        self.deadline = DeadlineView(period.end, period.span.text) if period else None
        self._source = DocumentView(
            text_iri=mint.source_text(sha),
            sha256=sha,
            text=text,
            normalization=NORMALIZATION_NOTE,
            year=self.year,
            number=document.info.doc_number,
            issued=document.info.issued,
            declared_sections=document.info.declared_sections,
            declared_tasks=document.info.declared_tasks,
        )

    def header(self) -> PlanView:
        """The plan without its tasks and goals: what is written before them."""
        info = self.document.info
        title_span = info.title_span or _first_line(self.text)
        return PlanView(
            iri=self.iri,
            key=self.key,
            title=info.title or f"未识别标题的文件 {self.sha[:8]}",
            issuer=self.issuer,
            document=self._source,
            title_span=self._span(title_span) if title_span.text else None,
            sections=_in_order(self._section(s) for s in self.document.sections),
            deadline=self.deadline,
        )

    def plan(
        self, tasks: tuple[TaskView, ...], targets: Iterable[Target] | None = None
    ) -> PlanView:
        """The whole plan, given its resolved tasks (and its goals' targets, if not the
        document's own)."""
        header = self.header()
        goals = tuple(
            StatementView(
                self.mint.goal(self.iri, goal.content.start),
                StatementKind.OUTCOME,
                goal.label.text,
                self._span(goal.content),
            )
            for goal in self.document.goals
        )
        statement_of = _statement_lookup(goals, self.iri)
        plan_targets = self.document.targets if targets is None else targets
        tasks = tuple(self.identities.with_all_names(task) for task in tasks)
        return PlanView(
            iri=header.iri,
            key=header.key,
            title=header.title,
            issuer=header.issuer,
            document=header.document,
            title_span=header.title_span,
            sections=header.sections,
            tasks=tasks,
            goals=goals,
            targets=_in_order(
                self._target(self.iri, t, statement_of, self.deadline) for t in plan_targets
            ),
            deadline=header.deadline,
        )

    def tasks(self, tasks: Iterable[Task]) -> Iterator[TaskView]:
        """The tasks resolved one by one (their details read already, or by ``Details``)."""
        for task in tasks:
            yield self.task(task)

    def detailed_tasks(self, details: Details) -> Iterator[TaskView]:
        """The tasks resolved as ``details`` reads them, one at a time."""
        return self.tasks(details.tasks())

    def task(self, task: Task) -> TaskView:
        """One task, resolved."""
        node = self.mint.task(self.key, task.key)
        statements: list[StatementView] = []
        seen: dict[FieldKind, int] = {}
        for field in task.fields:
            kind = _STATEMENTS.get(field.kind)
            if kind is None:
                continue
            seen[field.kind] = count = seen.get(field.kind, 0) + 1
            suffix = "" if count == 1 else f"-{count}"
            iri = self.mint.statement(node, f"{field.kind.value}{suffix}")
            statements.append(StatementView(iri, kind, field.label.text, self._span(field.content)))
        statement_of = _statement_lookup(statements, node)
        deadline = _deadline(task.deadline, task.deadline_date) or _implied(self.deadline)
        return TaskView(
            iri=node,
            number=task.number,
            ordinal=task.ordinal,
            title=task.title.text,
            path=task.path,
            span=self._span(task.span),
            section=self.sections.get(task.section or ""),
            statements=tuple(sorted(statements, key=_READING_ORDER)),
            parties=tuple(self._party(node, unit) for unit in task.units),
            targets=_in_order(self._target(node, t, statement_of, deadline) for t in task.targets),
            mentions=_in_order(self._mention(node, m, statement_of) for m in task.mentions),
            deadline=deadline,
        )

    def _section(self, section: Section) -> SectionView:
        return SectionView(
            iri=self.sections[section.key],
            number=section.number,
            ordinal=section.ordinal,
            title=section.title.text,
            span=self._span(section.title),
            parent=self.sections.get(section.parent or ""),
        )

    def _party(self, task: str, unit: UnitRef) -> PartyView:
        return PartyView(
            iri=self.mint.responsibility(task, unit.position),
            office=self.identities.office(unit),
            role=unit.role,
            position=unit.position,
            surface=unit.surface.text,
            alias=unit.alias,
            span=self._span(unit.surface),
        )

    def _target(
        self,
        owner: str,
        target: Target,
        statement_of: Callable[[Span], str],
        owners_deadline: DeadlineView | None,
    ) -> TargetView:
        """A target, due when it says, else when its task (or plan) is."""
        anchor = target.value_text or target.span
        value = minimum = maximum = None
        if target.comparator is Comparator.RANGE and target.upper is not None:
            minimum, maximum = target.value, target.upper
        elif target.comparator in _FLOORS:
            minimum = target.value
        elif target.comparator in _CAPS:
            maximum = target.value
        else:
            value = target.value
        return TargetView(
            iri=self.mint.target(owner, anchor.start, anchor.end),
            statement=statement_of(target.span),
            metric=target.metric.text if target.metric else target.span.text,
            comparator=target.comparator,
            value=_exact(value),
            minimum=_exact(minimum),
            maximum=_exact(maximum),
            unit=target.unit,
            cue=target.cue,
            value_text=target.value_text.text if target.value_text is not None else None,
            span=self._span(target.span),
            change_bound=target.change_bound,
            implied=target.implied,
            deadline=_deadline(target.deadline, target.deadline_date) or _implied(owners_deadline),
            baseline=target.baseline.text if target.baseline is not None else None,
        )

    def _mention(
        self, task: str, mention: Mention, statement_of: Callable[[Span], str]
    ) -> MentionView:
        action = None
        if mention.action is not None:
            verb = mention.action.verb
            action = ActionView(
                iri=self.mint.document_action(task, verb.start, mention.span.end),
                kind=mention.action.kind,
                verb=verb.text,
                statement=statement_of(verb),
                span=self._span(Span.of(self.text, verb.start, mention.span.end + 1)),
            )
        return MentionView(
            iri=self.mint.mention(task, mention.span.start, mention.span.end),
            entity=self.identities.entity(mention),
            statement=statement_of(mention.span),
            cue=_CUES[mention.cue.value],
            span=self._span(mention.span),
            action=action,
        )

    def _span(self, span: Span) -> SpanView:
        return SpanView(span.start, span.end, span.text)


_Ordered = TypeVar("_Ordered", SectionView, TargetView, MentionView)


def _in_order(items: Iterable[_Ordered]) -> tuple[_Ordered, ...]:
    return tuple(sorted(items, key=_READING_ORDER))


def _statement_lookup(statements: Iterable[StatementView], owner: str) -> Callable[[Span], str]:
    """For a span, the statement (field) it lies in, or the owner itself (a task's heading)."""
    bounds = [(s.span.start, s.span.end, s.iri) for s in statements]

    def statement_of(span: Span) -> str:
        for start, end, iri in bounds:
            if start <= span.start and span.end <= end:
                return iri
        return owner

    return statement_of


def _deadline(words: Span | None, day: date | None) -> DeadlineView | None:
    if words is None or day is None:
        return None
    return DeadlineView(day, words.text)


def _implied(deadline: DeadlineView | None) -> DeadlineView | None:
    return deadline.as_implied() if deadline is not None else None


def _exact(number: Decimal | None) -> Decimal | None:
    """A number as the graph keeps it: canonical, so a model read back from RDF is equal."""
    if number is None:
        return None
    return Decimal(decimal_lexical(number))


def _first_line(text: str) -> Span:
    stripped_start = len(text) - len(text.lstrip())
    end = text.find("\n", stripped_start)
    return Span.of(text, stripped_start, len(text) if end == -1 else end)
