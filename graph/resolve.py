"""Records → model: the extracted records of one document resolved into its ``PlanView``.

Here every IRI is minted and every identity decided, once: a plan by its document key; an
office by its issuer and name, so one office is one node across all tasks and documents of
that issuer; a national body by its full name, whatever the plan calls it; a placeholder by
its words; programmes and policy documents by normalised name; places by their code. The
writer (``graph.emit``) only turns the model into triples.

A long plan is resolved task by task (``TaskResolver``), each task's details read as it is
resolved and forgotten once written, so its size is bounded by one task, not the plan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from extract.normalization import NORMALIZATION_NOTE
from extract.records import (
    Comparator,
    Document,
    FieldKind,
    Mention,
    MentionKind,
    Section,
    Span,
    Target,
    Task,
    UnitRef,
)
from ontology.iris import IriMinter, digest, name_key
from policykg.config import BuildConfig

from .model import (
    ActionView,
    DeadlineView,
    DocumentView,
    EntityView,
    MentionView,
    OfficeKind,
    OfficeView,
    PartyView,
    PlanView,
    SectionView,
    SpanView,
    StatementKind,
    StatementView,
    TargetView,
    TaskView,
    reading_order,
)
from .triples import decimal_lexical

if TYPE_CHECKING:
    from extract.details import Details

__all__ = [
    "UNKNOWN_ISSUER",
    "TaskResolver",
    "document_key",
    "issuer_note",
    "resolve_plan",
    "text_sha256",
]

UNKNOWN_ISSUER = "未识别的发文机关"
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
_CUES = {
    "quotation_marks": "QuotationMarks",
    "book_title_marks": "BookTitleMarks",
    "gazetteer": "Gazetteer",
    "suffix_rule": "SuffixRule",
}


def document_key(document: Document, config: BuildConfig) -> str:
    """The key of a document in IRIs: its year and a hash of its issuer and title.

    Derived from what the text says (or the overrides), never from a file name, so the same
    plan saved in another encoding or under another name gets the same IRIs. A key given in
    the configuration (a manifest's) is used as it is.
    """
    if config.key is not None:
        return config.key
    issuer = config.issuer or document.info.issuer or ""
    title = document.info.title or text_sha256(document.text)
    year = config.year or document.info.year
    return f"{year or 'undated'}-{digest(name_key(issuer) + '|' + name_key(title), 12)}"


def text_sha256(text: str) -> str:
    """The SHA-256 of a normalised text, as stored on its pk:SourceText."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def issuer_note(document: Document, config: BuildConfig) -> str | None:
    """What a reader should know when the text names no issuer (once per document)."""
    if config.issuer or document.info.issuer:
        return None
    return (
        "no issuer found in the text; its offices are scoped to this document alone "
        "(give --issuer NAME to share them across documents)"
    )


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
        self.issuer = self._issuer(config.issuer or document.info.issuer)
        self.year = config.year or document.info.year
        # The issuer's own offices (a national body is a node of its own).
        self.units = {
            u.name for t in document.tasks for u in t.units if not u.generic and u.national is None
        }
        self.sections = {s.key: mint.section(self.key, s.key) for s in document.sections}
        # What every task and target is due by unless it says: the end of the plan's period.
        period = document.info.period
        self.deadline = DeadlineView(period.end, period.span.text) if period else None
        # Offices and entities by IRI, with every other name the plan gives them so far.
        self._offices: dict[str, OfficeView] = {}
        self._entities: dict[str, EntityView] = {}
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
        tasks = tuple(self._with_all_names(task) for task in tasks)
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
            statements=tuple(sorted(statements, key=reading_order)),
            parties=tuple(self._party(node, unit) for unit in task.units),
            targets=_in_order(self._target(node, t, statement_of, deadline) for t in task.targets),
            mentions=_in_order(self._mention(node, m, statement_of) for m in task.mentions),
            deadline=deadline,
        )

    def _with_all_names(self, task: TaskView) -> TaskView:
        """``task`` with its offices and entities under every name the whole plan gives
        them (as the graph has them: an office is one node)."""
        parties = tuple(
            p
            if p.office is self._offices[p.office.iri]
            else replace(p, office=self._offices[p.office.iri])
            for p in task.parties
        )
        mentions = tuple(
            m
            if m.entity is self._entities[m.entity.iri]
            else replace(m, entity=self._entities[m.entity.iri])
            for m in task.mentions
        )
        return replace(task, parties=parties, mentions=mentions)

    def _issuer(self, name: str | None) -> OfficeView:
        if name is None:  # offices scoped to this document alone
            return OfficeView(
                self.mint.issuer(f"unknown:{self.sha}"),
                OfficeKind.BODY,
                UNKNOWN_ISSUER,
                formal=True,
            )
        return OfficeView(self.mint.issuer(name), OfficeKind.BODY, name, formal=True)

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
            office=self._office(unit),
            role=unit.role,
            position=unit.position,
            surface=unit.surface.text,
            alias=unit.alias,
            span=self._span(unit.surface),
        )

    def _office(self, unit: UnitRef) -> OfficeView:
        """The office a unit names; its other names are every alias and printed form the
        plan gives it."""
        if unit.generic:
            iri = self.mint.generic_party(self.issuer.iri, unit.name)
            office = OfficeView(iri, OfficeKind.PLACEHOLDER, unit.name)
            return self._offices.setdefault(iri, office)
        if unit.national is not None:
            iri = self.mint.issuer(unit.national)
            names = {unit.name} - {unit.national}
            office = OfficeView(iri, OfficeKind.BODY, unit.national, formal=True)
        else:
            iri = self.mint.unit(self.issuer.iri, unit.name)
            names = {n for n in (unit.alias, unit.surface.text) if n} - {unit.name}
            office = OfficeView(iri, OfficeKind.UNIT, unit.name, issuer=self.issuer.iri)
        return _registered(self._offices, replace(office, aliases=tuple(sorted(names))))

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
            entity=self._entity(mention),
            statement=statement_of(mention.span),
            cue=_CUES[mention.cue.value],
            span=self._span(mention.span),
            action=action,
        )

    def _entity(self, mention: Mention) -> EntityView:
        return _registered(self._entities, self._named(mention))

    def _named(self, mention: Mention) -> EntityView:
        """The entity a mention names, with the name it is printed under if that differs."""
        kind, name, mint = mention.kind, mention.name, self.mint
        aliases = (mention.span.text,) if mention.span.text != name else ()
        if kind is MentionKind.PROGRAMME:
            return EntityView(mint.programme(name), kind, name)
        if kind is MentionKind.POLICY_DOCUMENT:
            return EntityView(mint.policy_document(name), kind, name, detail=mention.kind_detail)
        if kind is MentionKind.ORGANIZATION:
            if name in self.units:  # it also answers for tasks: the office's node
                return EntityView(mint.unit(self.issuer.iri, name), kind, name, office=True)
            central = mention.kind_detail == "central"
            return EntityView(
                mint.issuer(name), kind, name, aliases, "central" if central else None
            )
        code = mention.key
        return EntityView(
            mint.place(code, name), kind, name, aliases,
            detail=mention.kind_detail if mention.kind_detail in PLACE_KINDS else None,
            notation=code[3:] if code and code.startswith("cn-") else None,
        )  # fmt: skip

    def _span(self, span: Span) -> SpanView:
        return SpanView(span.start, span.end, span.text)


# The kinds of place the graph tells apart (by type); every other is an administrative area.
PLACE_KINDS = ("country", "region")


_Named = TypeVar("_Named", OfficeView, EntityView)


def _registered(registry: dict[str, _Named], found: _Named) -> _Named:
    """The view of ``found``'s IRI, with every name given to it so far and ``found``'s."""
    known = registry.get(found.iri)
    if known is not None:
        names = set(known.aliases) | set(found.aliases)
        if names == set(known.aliases):
            return known
        found = replace(known, aliases=tuple(sorted(names)))
    registry[found.iri] = found
    return found


_Ordered = TypeVar("_Ordered", SectionView, TargetView, MentionView)


def _in_order(items: Iterable[_Ordered]) -> tuple[_Ordered, ...]:
    return tuple(sorted(items, key=reading_order))


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
