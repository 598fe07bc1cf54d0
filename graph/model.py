"""The plans of a build as one typed model: Plan → Task → Party / Target / Mention, with spans.

The model is the graph's content resolved: every IRI minted, every office named once, every
fact with the span it was read from. It is made from the records once per build
(``graph.resolve``) or read back from RDF (``graph.readback``, for graph files and stores),
and the one thing the graph's writer (``graph.emit``), the map, the report, the registers and
the comparison of plans read. Reading a graph back gives the model it was written from.

IRIs are plain ``str``: a file sink writes them as they are, with no rdflib term made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from ontology.concepts import Comparator, MentionKind, ProgressStatus, Role

from .quick_init import quick_init

__all__ = [
    "ActionView",
    "Comparator",
    "DeadlineView",
    "DocumentView",
    "EntityView",
    "MentionKind",
    "OfficeKind",
    "OfficeView",
    "PartyView",
    "PlanView",
    "ProgressStatus",
    "Role",
    "SectionView",
    "SpanView",
    "StatementKind",
    "StatementView",
    "TargetView",
    "TaskView",
    "reading_order",
]


@quick_init
@dataclass(frozen=True, slots=True)
class SpanView:
    """Where a fact was read: code points ``[start, end)`` of the plan's text, and that text."""

    start: int
    end: int
    quote: str


class _Located(Protocol):
    @property
    def iri(self) -> str: ...

    @property
    def span(self) -> SpanView: ...


def reading_order(item: _Located) -> tuple[int, int, str]:
    """Where a fact stands in its text: the order in which a plan prints its parts."""
    return item.span.start, item.span.end, item.iri


class StatementKind(StrEnum):
    """What a statement of a task says (its field): the values name the pk: classes."""

    PROBLEM = "Problem"
    OBJECTIVE = "Objective"
    OUTCOME = "Outcome"
    MEASURE = "Measure"
    TIMEFRAME = "Timeframe"
    BODY = "Body"


@quick_init
@dataclass(frozen=True, slots=True)
class StatementView:
    """One field of a task (or a goal of the plan): its label as printed and its text."""

    iri: str
    kind: StatementKind
    label: str
    span: SpanView

    @property
    def text(self) -> str:
        """What the field says."""
        return self.span.quote


class OfficeKind(StrEnum):
    """What answers for a task: an office of the issuer, a body of its own (a ministry), or a
    placeholder that names no particular office (各相关处室)."""

    UNIT = "unit"
    BODY = "body"
    PLACEHOLDER = "placeholder"


@quick_init
@dataclass(frozen=True, slots=True)
class OfficeView:
    """An office, a national body or a placeholder: one node, however many plans name it.

    ``issuer`` is the IRI of the organisation it is a unit of (a unit's only); ``aliases``
    its other names, sorted.
    """

    iri: str
    kind: OfficeKind
    name: str
    aliases: tuple[str, ...] = ()
    issuer: str | None = None
    formal: bool = False  # an org:FormalOrganization (a national body)

    @property
    def is_placeholder(self) -> bool:
        """Whether it names no particular office."""
        return self.kind is OfficeKind.PLACEHOLDER


@quick_init
@dataclass(frozen=True, slots=True)
class PartyView:
    """One unit of a task's list: the office, its role, its place in the list as printed."""

    iri: str  # the qualified pk:Responsibility
    office: OfficeView
    role: Role
    position: int
    surface: str
    alias: str | None
    span: SpanView


@quick_init
@dataclass(frozen=True, slots=True)
class DeadlineView:
    """A deadline: the day and the words that say it. ``implied`` marks one the fact's own
    words do not state: a target's taken from its task, a task's from its plan's period
    (an annual plan for 2024: 2024-12-31); ``words`` are then the words it is taken from."""

    day: date
    words: str
    implied: bool = False

    def as_implied(self) -> DeadlineView:
        """The same deadline, for a fact that takes it from what it belongs to."""
        return self if self.implied else DeadlineView(self.day, self.words, implied=True)

    @property
    def stated_words(self) -> str:
        """The words of a stated deadline, none for an implied one: a 完成时限 cell of an
        exported table, which built again leaves the deadline implied as it was."""
        return "" if self.implied else self.words


@quick_init
@dataclass(frozen=True, slots=True)
class TargetView:
    """A quantitative commitment, its numbers where its comparator puts them."""

    iri: str
    statement: str  # IRI of the statement (or task, or plan) it is stated in
    metric: str
    comparator: Comparator
    value: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    unit: str | None
    cue: str
    value_text: str | None
    span: SpanView
    change_bound: Comparator | None = None
    implied: bool = False
    deadline: DeadlineView | None = None
    baseline: str | None = None

    @property
    def level(self) -> Decimal | None:
        """The number that moves when the target is raised or lowered."""
        for number in (self.value, self.minimum, self.maximum):
            if number is not None:
                return number
        return None


@quick_init
@dataclass(frozen=True, slots=True)
class EntityView:
    """A programme, policy document, organisation or place that tasks name.

    ``types`` are its rdf:types beyond the first (a place's level, a body's formality),
    ``notation`` a place's code; ``labels`` its other names, sorted.
    """

    iri: str
    kind: MentionKind
    name: str
    aliases: tuple[str, ...] = ()
    detail: str | None = None  # a document's type (Measures), a place's level (country)
    notation: str | None = None  # a Chinese place's division code
    office: bool = False  # an organisation that is one of the issuer's offices


@quick_init
@dataclass(frozen=True, slots=True)
class ActionView:
    """What a task plans to do with a policy document (制定《…》)."""

    iri: str
    kind: str
    verb: str
    statement: str
    span: SpanView


@quick_init
@dataclass(frozen=True, slots=True)
class MentionView:
    """One place where a task names an entity."""

    iri: str
    entity: EntityView
    statement: str
    cue: str  # the pk: name of the cue (QuotationMarks, Gazetteer …)
    span: SpanView
    action: ActionView | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class SectionView:
    """A heading that groups tasks; ``parent`` the IRI of the section it sits in."""

    iri: str
    number: str
    ordinal: int
    title: str
    span: SpanView
    parent: str | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class TaskView:
    """One commitment with everything the text says of it."""

    iri: str
    number: str
    ordinal: int
    title: str
    path: str
    span: SpanView
    section: str | None  # IRI of the section it sits in (None: directly in the plan)
    statements: tuple[StatementView, ...]
    parties: tuple[PartyView, ...]
    targets: tuple[TargetView, ...]
    mentions: tuple[MentionView, ...]
    deadline: DeadlineView | None = None

    @property
    def offices(self) -> tuple[OfficeView, ...]:
        """The offices answerable for the task (not placeholders), once each, in list order."""
        seen: dict[str, OfficeView] = {}
        for party in self.parties:
            if not party.office.is_placeholder:
                seen.setdefault(party.office.iri, party.office)
        return tuple(seen.values())

    @property
    def leads(self) -> tuple[OfficeView, ...]:
        """The offices the text marks as leading, once each, in list order."""
        seen: dict[str, OfficeView] = {}
        for party in self.parties:
            if party.role is Role.LEAD:
                seen.setdefault(party.office.iri, party.office)
        return tuple(seen.values())

    @property
    def links(self) -> tuple[PartyView, ...]:
        """Each office or placeholder of the task once, in its strongest role (a unit listed
        twice, once as lead and once among all, is one link: the lead), in list order."""
        strength = (Role.LEAD, Role.SUPPORTING, Role.UNSPECIFIED)
        chosen: dict[str, PartyView] = {}
        for party in self.parties:
            known = chosen.get(party.office.iri)
            if known is None or strength.index(party.role) < strength.index(known.role):
                chosen[party.office.iri] = party
        return tuple(chosen.values())

    @property
    def text(self) -> str:
        """The title and every statement (each text once), as one text: what matching tasks
        by their words reads."""
        return "\n".join((self.title, *dict.fromkeys(s.text for s in self.statements)))


@dataclass(frozen=True, slots=True)
class DocumentView:
    """What the text says about itself and where it is kept."""

    text_iri: str
    sha256: str
    text: str
    normalization: str
    year: int | None = None
    number: str | None = None  # 文号
    issued: date | None = None
    declared_sections: int | None = None
    declared_tasks: int | None = None


@dataclass(frozen=True, slots=True)
class PlanView:
    """One plan: its identity, its text, its sections and tasks in printed order, and the
    targets of its goal blocks (``goals`` with ``targets``)."""

    iri: str
    key: str
    title: str
    issuer: OfficeView
    document: DocumentView
    title_span: SpanView | None
    sections: tuple[SectionView, ...] = ()
    tasks: tuple[TaskView, ...] = ()
    goals: tuple[StatementView, ...] = ()
    targets: tuple[TargetView, ...] = ()
    deadline: DeadlineView | None = None  # the end of the period its title names
    _sections: dict[str, SectionView] = field(default_factory=dict, compare=False, repr=False)

    def section(self, iri: str | None) -> SectionView | None:
        """The section of this IRI (None for None or an IRI of none)."""
        if iri is None:
            return None
        if not self._sections:
            self._sections.update((s.iri, s) for s in self.sections)
        return self._sections.get(iri)

    def top_section(self, task: TaskView) -> SectionView | None:
        """The outermost section ``task`` sits in."""
        section = self.section(task.section)
        while section is not None and section.parent is not None:
            parent = self.section(section.parent)
            if parent is None:
                break
            section = parent
        return section
