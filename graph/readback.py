"""RDF → model: the plans of a graph file or a store read back into ``PlanView``s.

The inverse of ``graph.emit``: reading the triples a build wrote gives the model they were
written from (``tests/test_model.py`` holds the two to that). Triples are first gathered by
subject (``graph.triple_index``) — from an rdflib graph or straight from a store's quads, as
plain strings — then each plan is assembled from them, so a store needs no rdflib graph at all.
A text and its evidence spans are read by ``graph.text_reader``, progress reports by
``graph.progress_reader``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from rdflib import Graph

from ontology.namespaces import DCAT, DCTERMS, ORG, PK, PROV, SCHEMA, SKOS, TIME

from .concept_terms import COMPARATORS, PLACE_TYPES, ROLES, STATEMENT_TERMS
from .model import (
    ActionView,
    Comparator,
    DeadlineView,
    EntityView,
    MentionKind,
    MentionView,
    OfficeKind,
    OfficeView,
    PartyView,
    PlanView,
    Role,
    SectionView,
    StatementKind,
    StatementView,
    TargetView,
    TaskView,
    reading_order,
)
from .text_reader import TextReader
from .triple_index import Triples, date_of, decimal_of, int_of
from .triples import TextTriple, triples_as_text

__all__ = ["plans_of_graph", "plans_of_triples"]

_STATEMENTS = {str(predicate): kind for kind, (predicate, _) in STATEMENT_TERMS.items()}
_ROLES = {str(iri): role for role, iri in ROLES.items()}
_COMPARATORS = {str(iri): comparator for comparator, iri in COMPARATORS.items()}
_PLACE_KINDS = {str(iri): kind for kind, iri in PLACE_TYPES.items()}
_ENTITY_TYPES = {
    str(PK.NamedProgramme): MentionKind.PROGRAMME,
    str(PK.PolicyDocument): MentionKind.POLICY_DOCUMENT,
    str(SCHEMA.Place): MentionKind.PLACE,
}


def plans_of_graph(graph: Graph) -> tuple[PlanView, ...]:
    """Every plan of an rdflib graph, in the order of their keys."""
    return plans_of_triples(triples_as_text(graph))


def plans_of_triples(triples: Iterable[TextTriple]) -> tuple[PlanView, ...]:
    """Every plan of a graph given as text triples, in the order of their keys."""
    return _PlanReader(Triples(triples)).plans()


class _PlanReader(TextReader):
    def __init__(self, graph: Triples) -> None:
        super().__init__(graph)
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
            document=replace(
                self.document(text),
                year=int_of(g.one(iri, str(PK.planYear))),
                number=g.one(iri, str(PK.documentNumber)),
                issued=date_of(g.one(iri, str(DCTERMS.issued))),
                declared_sections=int_of(g.one(iri, str(PK.declaredSectionCount))),
                declared_tasks=int_of(g.one(iri, str(PK.declaredTaskCount))),
            ),
            title_span=self.span_or_none(iri),
            sections=tuple(sorted(sections, key=reading_order)),
            tasks=tuple(sorted(tasks, key=reading_order)),
            goals=tuple(sorted(goals, key=reading_order)),
            targets=self._targets(iri),
            deadline=self._deadline(iri),
        )

    def _section(self, iri: str) -> SectionView:
        g = self.g
        return SectionView(
            iri=iri,
            number=g.one(iri, str(SKOS.notation)) or "",
            ordinal=int_of(g.one(iri, str(PK.sectionNumber))) or 0,
            title=g.one(iri, str(SKOS.prefLabel)) or "",
            span=self.span(iri),
            parent=self._enclosing_section(iri),
        )

    def _task(self, iri: str) -> TaskView:
        g = self.g
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
            ordinal=int_of(g.one(iri, str(PK.taskNumber))) or 0,
            title=g.one(iri, str(SKOS.prefLabel)) or "",
            path=g.one(iri, str(PK.outlinePath)) or "",
            span=self.span(iri),
            section=self._enclosing_section(iri),
            statements=tuple(sorted(statements, key=reading_order)),
            parties=tuple(sorted(parties, key=lambda p: (p.position, p.iri))),
            targets=self._targets(iri),
            mentions=tuple(sorted(mentions, key=reading_order)),
            deadline=self._deadline(iri),
        )

    def _enclosing_section(self, iri: str) -> str | None:
        """The section ``iri`` is part of (None for a part of the plan itself)."""
        parent = self.g.one(iri, str(DCTERMS.isPartOf))
        return parent if parent and str(PK.Section) in self.g.types(parent) else None

    def _statement(self, iri: str, kind: StatementKind) -> StatementView:
        label = self.g.one(iri, str(PK.fieldLabel)) or ""
        return StatementView(iri, kind, label, self.span(iri))

    def _party(self, iri: str) -> PartyView:
        g = self.g
        return PartyView(
            iri=iri,
            office=self._office(g.one(iri, str(PROV.agent)) or ""),
            role=_ROLES.get(g.one(iri, str(DCAT.hadRole)) or "", Role.UNSPECIFIED),
            position=int_of(g.one(iri, str(PK.listPosition))) or 0,
            surface=g.one(iri, str(PK.surfaceForm)) or "",
            alias=g.one(iri, str(PK.aliasInText)),
            span=self.span(iri),
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
            value=decimal_of(g.one(iri, str(SCHEMA.value))),
            minimum=decimal_of(g.one(iri, str(SCHEMA.minValue))),
            maximum=decimal_of(g.one(iri, str(SCHEMA.maxValue))),
            unit=g.one(iri, str(SCHEMA.unitText)),
            cue=g.one(iri, str(PK.comparatorCue)) or "",
            value_text=g.one(iri, str(PK.valueText)),
            span=self.span(iri),
            change_bound=_COMPARATORS.get(bound) if bound is not None else None,
            implied=g.one(iri, str(PK.valueImplied)) == "true",
            deadline=self._deadline(iri),
            baseline=g.one(iri, str(PK.baselineText)),
        )

    def _deadline(self, iri: str) -> DeadlineView | None:
        g = self.g
        instant = g.one(iri, str(PK.deadline))
        day = date_of(g.one(instant, str(TIME.inXSDDate))) if instant is not None else None
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
            span=self.span(iri),
        )

    def _mention(self, iri: str, actions: list[ActionView]) -> MentionView:
        g = self.g
        entity = g.one(iri, str(PK.refersTo)) or ""
        span = self.span(iri)
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


def _place_kind(types: set[str]) -> str | None:
    """country (schema:Country), region (schema:Place alone) or None (an administrative area:
    the writer's PLACE_TYPES read backwards)."""
    if str(SCHEMA.AdministrativeArea) in types:
        return None
    return next((kind for iri, kind in _PLACE_KINDS.items() if iri in types - {str(SCHEMA.Place)}),
                "region")  # fmt: skip
