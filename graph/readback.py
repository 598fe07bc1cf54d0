"""RDF → model: the plans of a graph file or a store read back into ``PlanView``s.

The inverse of ``graph.emit``: reading the triples a build wrote gives the model they were
written from (``tests/test_model.py`` holds the two to that). Triples are first gathered by
subject — from an rdflib graph or straight from a store's quads, as plain strings — then each
plan is assembled from them, so a store needs no rdflib graph at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from rdflib import Graph

from ontology.namespaces import DCAT, DCTERMS, OA, ORG, PK, PROV, RDF, SCHEMA, SKOS, TIME
from policykg.errors import InputError

from .concept_terms import COMPARATORS, PLACE_TYPES, PROGRESS_STATUSES, ROLES
from .model import (
    ActionView,
    Comparator,
    DeadlineView,
    DocumentView,
    EntityView,
    MentionKind,
    MentionView,
    OfficeKind,
    OfficeView,
    PartyView,
    PlanView,
    ProgressReportView,
    ProgressStatementView,
    ProgressStatus,
    ReportedValueView,
    Role,
    SectionView,
    SpanView,
    StatementKind,
    StatementView,
    TargetView,
    TaskView,
    reading_order,
)
from .triples import TextTriple, lexical_of, term_text

__all__ = [
    "Triples",
    "plans_of_graph",
    "plans_of_triples",
    "progress_of_graph",
    "progress_of_triples",
]

_Value = TypeVar("_Value", int, Decimal, date)

_STATEMENTS: dict[str, StatementKind] = {
    str(PK.problem): StatementKind.PROBLEM,
    str(PK.objective): StatementKind.OBJECTIVE,
    str(PK.outcome): StatementKind.OUTCOME,
    str(PK.measure): StatementKind.MEASURE,
    str(PK.timeframe): StatementKind.TIMEFRAME,
    str(PK.body): StatementKind.BODY,
}
_ROLES = {str(iri): role for role, iri in ROLES.items()}
_COMPARATORS = {str(iri): comparator for comparator, iri in COMPARATORS.items()}
_PLACE_KINDS = {str(iri): kind for kind, iri in PLACE_TYPES.items()}
_STATUSES = {str(iri): status for status, iri in PROGRESS_STATUSES.items()}
_ENTITY_TYPES = {
    str(PK.NamedProgramme): MentionKind.PROGRAMME,
    str(PK.PolicyDocument): MentionKind.POLICY_DOCUMENT,
    str(SCHEMA.Place): MentionKind.PLACE,
}


class Triples:
    """A graph's triples by subject: ``one(s, p)``, ``all(s, p)``, ``typed(t)``."""

    def __init__(self, triples: Iterable[TextTriple]) -> None:
        self._by_subject: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._by_type: dict[str, list[str]] = defaultdict(list)
        rdf_type = str(RDF.type)
        for s, p, o in triples:
            # Which predicate holds an IRI and which a literal is the vocabulary's to say:
            # objects are kept as their plain text.
            value = lexical_of(o) if o[:1] == '"' else o
            self._by_subject[s][p].append(value)
            if p == rdf_type:
                self._by_type[o].append(s)

    def all(self, subject: str, predicate: str) -> list[str]:
        """Every object of ``subject``'s ``predicate``, sorted (a graph is a set)."""
        found = self._by_subject.get(subject)
        return sorted(found.get(predicate, ())) if found else []

    def one(self, subject: str, predicate: str) -> str | None:
        """The object of ``subject``'s ``predicate`` (the least, if several)."""
        found = self._by_subject.get(subject)
        values = found.get(predicate) if found else None
        return min(values) if values else None

    def types(self, subject: str) -> set[str]:
        """The rdf:types of ``subject``."""
        return set(self.all(subject, str(RDF.type)))

    def typed(self, rdf_type: str) -> list[str]:
        """Every subject of one type, sorted."""
        return sorted(set(self._by_type.get(rdf_type, ())))


def plans_of_graph(graph: Graph) -> tuple[PlanView, ...]:
    """Every plan of an rdflib graph, in the order of their keys."""
    return plans_of_triples((str(s), str(p), term_text(o)) for s, p, o in graph)


def plans_of_triples(triples: Iterable[TextTriple]) -> tuple[PlanView, ...]:
    """Every plan of a graph given as text triples, in the order of their keys."""
    return _Reader(Triples(triples)).plans()


def progress_of_graph(graph: Graph) -> tuple[ProgressReportView, ...]:
    """Every progress report of an rdflib graph, in the order of their plans and periods."""
    return progress_of_triples((str(s), str(p), term_text(o)) for s, p, o in graph)


def progress_of_triples(triples: Iterable[TextTriple]) -> tuple[ProgressReportView, ...]:
    """Every progress report of a graph given as text triples
    (``graph.progress_writer.write_progress`` wrote them), in the order of their plans and
    periods."""
    reader = _Reader(Triples(triples))
    reports = [reader.progress(iri) for iri in reader.g.typed(str(PK.ProgressReport))]
    return tuple(sorted(reports, key=lambda r: (r.plan, r.period_end or date.min, r.iri)))


class _Reader:
    def __init__(self, graph: Triples) -> None:
        self.g = graph
        self._offices: dict[str, OfficeView] = {}
        self._entities: dict[str, EntityView] = {}

    def plans(self) -> tuple[PlanView, ...]:
        g = self.g
        in_plan: dict[str, list[str]] = defaultdict(list)
        for node in (*g.typed(str(PK.Section)), *g.typed(str(PK.Task))):
            plan = g.one(node, str(PK.inPlan))
            if plan is not None:
                in_plan[plan].append(node)
        plans = [self._plan(iri, in_plan[iri]) for iri in g.typed(str(PK.WorkPlan))]
        return tuple(sorted(plans, key=lambda p: (p.key, p.iri)))

    def _plan(self, iri: str, parts: list[str]) -> PlanView:
        g = self.g
        types = {node: g.types(node) for node in parts}
        sections = [self._section(n) for n in parts if str(PK.Section) in types[n]]
        tasks = [self._task(n) for n in parts if str(PK.Task) in types[n]]
        text = g.one(iri, str(PK.sourceText)) or ""
        issuer = g.one(iri, str(DCTERMS.publisher)) or ""
        goals = [self._statement(n, StatementKind.OUTCOME) for n in g.all(iri, str(PK.goal))]
        return PlanView(
            iri=iri,
            key=g.one(iri, str(DCTERMS.identifier)) or "",
            title=g.one(iri, str(DCTERMS.title)) or "",
            issuer=self._office(issuer),
            document=DocumentView(
                text_iri=text,
                sha256=g.one(text, str(PK.sha256)) or "",
                text=g.one(text, str(PK.content)) or "",
                normalization=g.one(text, str(PK.textNormalization)) or "",
                year=_int(g.one(iri, str(PK.planYear))),
                number=g.one(iri, str(PK.documentNumber)),
                issued=_date(g.one(iri, str(DCTERMS.issued))),
                declared_sections=_int(g.one(iri, str(PK.declaredSectionCount))),
                declared_tasks=_int(g.one(iri, str(PK.declaredTaskCount))),
            ),
            title_span=self._span_or_none(iri),
            sections=tuple(sorted(sections, key=reading_order)),
            tasks=tuple(sorted(tasks, key=reading_order)),
            goals=tuple(sorted(goals, key=reading_order)),
            targets=self._targets(iri),
            deadline=self._deadline(iri),
        )

    def progress(self, iri: str) -> ProgressReportView:
        """One progress report with its statements, in the report's order."""
        g = self.g
        text = g.one(iri, str(PK.sourceText)) or ""
        statements = [self._progress_statement(n) for n in g.all(iri, str(PK.hasProgressStatement))]
        return ProgressReportView(
            iri=iri,
            key=g.one(iri, str(DCTERMS.identifier)) or "",
            plan=g.one(iri, str(PK.reportsOn)) or "",
            title=g.one(iri, str(DCTERMS.title)) or "",
            document=DocumentView(
                text_iri=text,
                sha256=g.one(text, str(PK.sha256)) or "",
                text=g.one(text, str(PK.content)) or "",
                normalization=g.one(text, str(PK.textNormalization)) or "",
            ),
            title_span=self._span_or_none(iri),
            period_start=_date(g.one(iri, str(PK.periodStart))),
            period_end=_date(g.one(iri, str(PK.periodEnd))),
            period_words=g.one(iri, str(PK.periodText)) or "",
            statements=tuple(sorted(statements, key=reading_order)),
        )

    def _progress_statement(self, iri: str) -> ProgressStatementView:
        g = self.g
        values = [self._reported_value(n) for n in g.all(iri, str(PK.hasReportedValue))]
        status = g.one(iri, str(PK.progressStatus)) or ""
        return ProgressStatementView(
            iri=iri,
            task=g.one(iri, str(PK.aboutTask)),
            number=g.one(iri, str(SKOS.notation)) or "",
            title=g.one(iri, str(DCTERMS.title)) or "",
            status=_STATUSES.get(status, ProgressStatus.UNKNOWN),
            status_words=g.one(iri, str(PK.statusText)) or "",
            span=self._span(iri),
            values=tuple(sorted(values, key=reading_order)),
        )

    def _reported_value(self, iri: str) -> ReportedValueView:
        g = self.g
        return ReportedValueView(
            iri=iri,
            target=g.one(iri, str(PK.aboutTarget)) or "",
            value=_decimal(g.one(iri, str(SCHEMA.value))) or Decimal(0),
            unit=g.one(iri, str(SCHEMA.unitText)),
            share=_decimal(g.one(iri, str(PK.shareOfGoal))),
            span=self._span(iri),
        )

    def _section(self, iri: str) -> SectionView:
        g = self.g
        parent = g.one(iri, str(DCTERMS.isPartOf))
        return SectionView(
            iri=iri,
            number=g.one(iri, str(SKOS.notation)) or "",
            ordinal=_int(g.one(iri, str(PK.sectionNumber))) or 0,
            title=g.one(iri, str(SKOS.prefLabel)) or "",
            span=self._span(iri),
            parent=parent if parent and str(PK.Section) in g.types(parent) else None,
        )

    def _task(self, iri: str) -> TaskView:
        g = self.g
        parent = g.one(iri, str(DCTERMS.isPartOf))
        statements = [
            self._statement(node, kind)
            for predicate, kind in _STATEMENTS.items()
            for node in g.all(iri, predicate)
        ]
        parties = [self._party(n) for n in g.all(iri, str(PROV.qualifiedAttribution))]
        actions = [self._action(n) for n in g.all(iri, str(PK.hasDocumentAction))]
        mentions = [self._mention(n, actions) for n in g.all(iri, str(PK.hasMention))]
        return TaskView(
            iri=iri,
            number=g.one(iri, str(SKOS.notation)) or "",
            ordinal=_int(g.one(iri, str(PK.taskNumber))) or 0,
            title=g.one(iri, str(SKOS.prefLabel)) or "",
            path=g.one(iri, str(PK.outlinePath)) or "",
            span=self._span(iri),
            section=parent if parent and str(PK.Section) in g.types(parent) else None,
            statements=tuple(sorted(statements, key=reading_order)),
            parties=tuple(sorted(parties, key=lambda p: (p.position, p.iri))),
            targets=self._targets(iri),
            mentions=tuple(sorted(mentions, key=reading_order)),
            deadline=self._deadline(iri),
        )

    def _statement(self, iri: str, kind: StatementKind) -> StatementView:
        label = self.g.one(iri, str(PK.fieldLabel)) or ""
        return StatementView(iri, kind, label, self._span(iri))

    def _party(self, iri: str) -> PartyView:
        g = self.g
        return PartyView(
            iri=iri,
            office=self._office(g.one(iri, str(PROV.agent)) or ""),
            role=_ROLES.get(g.one(iri, str(DCAT.hadRole)) or "", Role.UNSPECIFIED),
            position=_int(g.one(iri, str(PK.listPosition))) or 0,
            surface=g.one(iri, str(PK.surfaceForm)) or "",
            alias=g.one(iri, str(PK.aliasInText)),
            span=self._span(iri),
        )

    def _office(self, iri: str) -> OfficeView:
        known = self._offices.get(iri)
        if known is not None:
            return known
        g = self.g
        types = g.types(iri)
        if str(PK.GenericPartyReference) in types:
            kind = OfficeKind.PLACEHOLDER
        elif str(ORG.OrganizationalUnit) in types:
            kind = OfficeKind.UNIT
        else:
            kind = OfficeKind.BODY
        office = self._offices[iri] = OfficeView(
            iri=iri,
            kind=kind,
            name=g.one(iri, str(SKOS.prefLabel)) or iri,
            aliases=tuple(g.all(iri, str(SKOS.altLabel))),
            issuer=g.one(iri, str(ORG.unitOf)),
            formal=str(ORG.FormalOrganization) in types,
        )
        return office

    def _targets(self, owner: str) -> tuple[TargetView, ...]:
        found = [self._target(node) for node in self.g.all(owner, str(PK.hasTarget))]
        return tuple(sorted(found, key=reading_order))

    def _target(self, iri: str) -> TargetView:
        g = self.g
        bound = g.one(iri, str(PK.changeBound))
        return TargetView(
            iri=iri,
            statement=g.one(iri, str(PK.statedIn)) or "",
            metric=g.one(iri, str(PK.metricText)) or "",
            comparator=_COMPARATORS.get(g.one(iri, str(PK.comparator)) or "", Comparator.EQUAL),
            value=_decimal(g.one(iri, str(SCHEMA.value))),
            minimum=_decimal(g.one(iri, str(SCHEMA.minValue))),
            maximum=_decimal(g.one(iri, str(SCHEMA.maxValue))),
            unit=g.one(iri, str(SCHEMA.unitText)),
            cue=g.one(iri, str(PK.comparatorCue)) or "",
            value_text=g.one(iri, str(PK.valueText)),
            span=self._span(iri),
            change_bound=_COMPARATORS.get(bound) if bound is not None else None,
            implied=g.one(iri, str(PK.valueImplied)) == "true",
            deadline=self._deadline(iri),
            baseline=g.one(iri, str(PK.baselineText)),
        )

    def _deadline(self, iri: str) -> DeadlineView | None:
        g = self.g
        instant = g.one(iri, str(PK.deadline))
        day = _date(g.one(instant, str(TIME.inXSDDate))) if instant is not None else None
        if day is None:
            return None
        implied = g.one(iri, str(PK.deadlineImplied)) == "true"
        return DeadlineView(day, g.one(iri, str(PK.deadlineText)) or "", implied)

    def _action(self, iri: str) -> ActionView:
        g = self.g
        kind = g.one(iri, str(PK.actionType)) or ""
        return ActionView(
            iri=iri,
            kind=kind.rsplit("#", 1)[-1],
            verb=g.one(iri, str(PK.actionCue)) or "",
            statement=g.one(iri, str(PK.statedIn)) or "",
            span=self._span(iri),
        )

    def _mention(self, iri: str, actions: list[ActionView]) -> MentionView:
        g = self.g
        entity = g.one(iri, str(PK.refersTo)) or ""
        span = self._span(iri)
        # A document action spans its verb up to just past the title it governs.
        action = next(
            (
                a
                for a in actions
                if a.span.end == span.end + 1 and g.one(a.iri, str(SCHEMA.object)) == entity
            ),
            None,
        )
        cue = g.one(iri, str(PK.extractionCue)) or ""
        return MentionView(
            iri=iri,
            entity=self._entity(entity),
            statement=g.one(iri, str(PK.statedIn)) or "",
            cue=cue.rsplit("#", 1)[-1],
            span=span,
            action=action,
        )

    def _entity(self, iri: str) -> EntityView:
        known = self._entities.get(iri)
        if known is not None:
            return known
        g = self.g
        types = g.types(iri)
        kind = next((k for t, k in _ENTITY_TYPES.items() if t in types), MentionKind.ORGANIZATION)
        name = g.one(iri, str(SKOS.prefLabel)) or g.one(iri, str(DCTERMS.title)) or ""
        office = str(ORG.OrganizationalUnit) in types
        detail: str | None = None
        if kind is MentionKind.POLICY_DOCUMENT:
            doc_type = g.one(iri, str(DCTERMS.type))
            detail = doc_type.rsplit("#", 1)[-1] if doc_type else None
        elif kind is MentionKind.PLACE:
            detail = _place_kind(types)
        elif str(ORG.FormalOrganization) in types and not office:
            detail = "central"
        entity = self._entities[iri] = EntityView(
            iri=iri,
            kind=kind,
            name=name,
            aliases=() if office else tuple(g.all(iri, str(SKOS.altLabel))),
            detail=detail,
            notation=g.one(iri, str(SKOS.notation)) if kind is MentionKind.PLACE else None,
            office=office,
        )
        return entity

    def _span(self, node: str) -> SpanView:
        found = self._span_or_none(node)
        return found if found is not None else SpanView(0, 0, "")

    def _span_or_none(self, node: str) -> SpanView | None:
        g = self.g
        span = g.one(node, str(PK.evidence))
        if span is None:
            return None
        start = end = 0
        quote = ""
        for selector in g.all(span, str(OA.hasSelector)):
            types = g.types(selector)
            if str(OA.TextPositionSelector) in types:
                start = _int(g.one(selector, str(OA.start))) or 0
                end = _int(g.one(selector, str(OA.end))) or 0
            elif str(OA.TextQuoteSelector) in types:
                quote = g.one(selector, str(OA.exact)) or ""
        return SpanView(start, end, quote)


def _int(text: str | None) -> int | None:
    return _parsed(text, int, "an integer")


def _decimal(text: str | None) -> Decimal | None:
    return _parsed(text, Decimal, "a number")


def _date(text: str | None) -> date | None:
    return _parsed(text[:10] if text else text, date.fromisoformat, "a date")


def _parsed(text: str | None, parse: Callable[[str], _Value], what: str) -> _Value | None:
    """``text`` read as a value of the kind the vocabulary says (None for no text)."""
    if text is None:
        return None
    try:
        return parse(text)
    except (ValueError, InvalidOperation) as exc:
        raise InputError(f"not {what} where the graph needs one: {text!r}") from exc


def _place_kind(types: set[str]) -> str | None:
    """country (schema:Country), region (schema:Place alone) or None (an administrative area:
    the writer's PLACE_TYPES read backwards)."""
    if str(SCHEMA.AdministrativeArea) in types:
        return None
    return next((kind for iri, kind in _PLACE_KINDS.items() if iri in types - {str(SCHEMA.Place)}),
                "region")  # fmt: skip
