"""Plan model → triples: the one writer of a plan's shape.

One plan node per document with its source text; sections, tasks and their statements; one
qualified ``pk:Responsibility`` per listed unit with the shortcut ``pk:responsibleParty`` (and
``pk:leadParty``/``pk:supportingParty`` only where the text states the role); targets and
mentions; every node read from the text pointing to its evidence span. No blank nodes.

Triples go to a sink (``graph.triples.TripleSink``): a file written as they come, a store's
spool, an rdflib graph. Each triple is new by construction (its subject is minted from the
document key or a text position) except the descriptions of shared things (an office, a
programme, a place, a day) and a task's shortcuts to them, which go through ``add_shared``.
A node's own triples go to the sink in one call (``TextWriter.node``): per-triple calls were
most of the writer's time (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from ontology.iris import IriMinter
from ontology.namespaces import DCAT, DCTERMS, ORG, PK, PROV, RDF, SCHEMA, SKOS, TIME, XSD

from .concept_terms import (
    COMPARATORS,
    MENTION_SHORTCUTS,
    PLACE_TYPES,
    ROLE_SHORTCUTS,
    ROLES,
    STATEMENT_TERMS,
)
from .model import (
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
    StatementView,
    TargetView,
    TaskView,
)
from .text_writer import TextWriter
from .triples import IRI, LITERAL, Lit, TripleSink, decimal_lexical, filled

__all__ = ["PlanWriter", "write_plan"]


def write_plan(sink: TripleSink, plan: PlanView, mint: IriMinter) -> None:
    """Every triple of one plan (its tasks and goals included) into ``sink``."""
    writer = PlanWriter(sink, plan, mint)
    writer.header()
    for task in plan.tasks:
        writer.task(task)
    writer.goals(plan)


class PlanWriter(TextWriter):
    """Writes one plan into a sink: its header, then its tasks one by one (a long plan's
    tasks as they are resolved), then its goals."""

    def __init__(self, sink: TripleSink, plan: PlanView, mint: IriMinter) -> None:
        super().__init__(sink, plan.document, mint)
        self.plan = plan
        self._true = self.typed("true", XSD.boolean)
        # Shared things this writer described already (the sink would keep one of each of
        # their triples anyway): a plan names the same offices and days task after task.
        self._described: set[object] = set()
        self._instants: dict[date, str] = {}  # the time:Instant of each day, described already
        # The shapes of the nodes most numerous after spans (statements, parties, mentions),
        # each made once per kind into the sink's template (TripleSink.shape).
        self._shapes: dict[tuple[object, ...], object] = {}

    def header(self) -> None:
        """The plan, its issuer, its text and its sections."""
        plan, plain, typed = self.plan, self.plain, self.typed
        document = plan.document
        self._organisation(plan.issuer)
        pairs: list[object] = [
            RDF.type, PK.WorkPlan,
            DCTERMS.identifier, plain(plan.key),
            DCTERMS.title, self.zh(plan.title),
            DCTERMS.publisher, plan.issuer.iri,
            PK.sourceText, document.text_iri,
        ]  # fmt: skip
        if document.year is not None:
            pairs += (PK.planYear, typed(f"{document.year:04d}", XSD.gYear))
        if document.number is not None:
            pairs += (PK.documentNumber, plain(document.number))
        if document.issued is not None:
            pairs += (DCTERMS.issued, typed(document.issued.isoformat(), XSD.date))
        if document.declared_sections is not None:
            pairs += (PK.declaredSectionCount, self.count(document.declared_sections))
        if document.declared_tasks is not None:
            pairs += (PK.declaredTaskCount, self.count(document.declared_tasks))
        if plan.deadline is not None:
            self._deadline(plan.iri, pairs, plan.deadline)
        self.node(plan.iri, pairs, plan.title_span)
        self.source_text()
        for section in plan.sections:
            self._section(section)

    def _section(self, section: SectionView) -> None:
        title = self.zh(section.title)
        pairs: list[object] = [
            RDF.type, PK.Section,
            DCTERMS.isPartOf, section.parent or self.plan.iri,
            PK.inPlan, self.plan.iri,
            SKOS.notation, self.plain(section.number),
            PK.sectionNumber, self.count(section.ordinal),
            SKOS.prefLabel, title,
            DCTERMS.title, title,
        ]  # fmt: skip
        self.node(section.iri, pairs, section.span)

    def task(self, task: TaskView) -> None:
        """One task: its statements, responsibilities, targets and mentions."""
        node, plan = task.iri, self.plan.iri
        pairs: list[object] = [
            RDF.type, PK.Task,
            DCTERMS.isPartOf, task.section or plan,
            PK.inPlan, plan,
            SKOS.notation, self.plain(task.number),
        ]  # fmt: skip
        if task.ordinal > 0:
            pairs += (PK.taskNumber, self.count(task.ordinal))
        pairs += (SKOS.prefLabel, self.zh(task.title), PK.outlinePath, self.plain(task.path))
        if task.deadline is not None:
            self._deadline(node, pairs, task.deadline)
        self.node(node, pairs, task.span)
        for statement in task.statements:
            self._statement(node, statement)
        for party in task.parties:
            self._responsibility(node, party)
        self._targets(node, task.targets)
        for mention in task.mentions:
            self._mention(node, mention)

    def goals(self, plan: PlanView) -> None:
        """Targets of the plan as a whole, stated in its goal blocks (发展目标, 具体指标)."""
        for goal in plan.goals:
            self.add(plan.iri, PK.goal, goal.iri)
            pairs: list[object] = [
                RDF.type, PK.OutcomeStatement,
                RDF.value, self.zh(goal.text),
                PK.fieldLabel, self.plain(goal.label),
            ]  # fmt: skip
            self.node(goal.iri, pairs, goal.span)
        self._targets(plan.iri, plan.targets)

    def _statement(self, task: str, statement: StatementView) -> None:
        label, key = statement.label, (statement.kind, bool(statement.label))
        shape = self._shapes.get(key)
        if shape is None:
            predicate, cls = STATEMENT_TERMS[statement.kind]
            labelled = (PK.fieldLabel, LITERAL) if label else ()
            shape = self.shape(predicate, RDF.type, cls, RDF.value, LITERAL, *labelled)
            self._shapes[key] = shape
        node, span, text = statement.iri, statement.span, self.zh(statement.text)
        if label:
            self.shaped(shape, task, node, span, text, self.plain(label))
        else:
            self.shaped(shape, task, node, span, text)

    def _responsibility(self, task: str, party: PartyView) -> None:
        node, office = party.iri, party.office
        self._organisation(office)
        role, alias = party.role, party.alias
        key = (PK.Responsibility, role, alias is not None)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = self.shape(
                PROV.qualifiedAttribution,
                RDF.type, PK.Responsibility,
                PROV.agent, IRI,
                DCAT.hadRole, ROLES[role],
                *((PK.roleBasis, PK.StatedInText) if role is not Role.UNSPECIFIED else ()),
                PK.listPosition, LITERAL,
                PK.surfaceForm, LITERAL,
                *((PK.aliasInText, LITERAL) if alias is not None else ()),
            )  # fmt: skip
        position, surface = self.count(party.position), self.plain(party.surface)
        if alias is None:
            self.shaped(shape, task, node, party.span, office.iri, position, surface)
        else:
            alias_text = self.plain(alias)
            self.shaped(shape, task, node, party.span, office.iri, position, surface, alias_text)
        # A unit listed twice in one task (once as lead, once among all) is one party.
        self.add_shared(task, PK.responsibleParty, office.iri)
        if party.role in ROLE_SHORTCUTS:
            self.add_shared(task, ROLE_SHORTCUTS[party.role], office.iri)

    def _organisation(self, office: OfficeView) -> None:
        """An office, a national body, an issuer or a placeholder (shared: described once
        per sink, each of its names as it comes)."""
        if office in self._described:
            return
        self._described.add(office)
        add, iri = self.add_shared, office.iri
        if office.kind is OfficeKind.PLACEHOLDER:
            add(iri, RDF.type, PK.GenericPartyReference)
        elif office.kind is OfficeKind.UNIT:
            add(iri, RDF.type, ORG.OrganizationalUnit)
            add(iri, RDF.type, ORG.Organization)
        else:
            add(iri, RDF.type, ORG.FormalOrganization)
            add(iri, RDF.type, ORG.Organization)
        add(iri, SKOS.prefLabel, self.zh(office.name))
        if office.issuer is not None:
            add(iri, ORG.unitOf, office.issuer)
        for alias in office.aliases:
            add(iri, SKOS.altLabel, self.zh(alias))

    def _targets(self, owner: str, targets: Iterable[TargetView]) -> None:
        """Each target as a node of its shape (which optional facts it has), made once; a
        target due on a day this writer has not described yet is written in two parts, its
        instant between them (as every node with a deadline)."""
        for target in targets:
            node, span = target.iri, target.span
            flat, objects, cut = self._target_shape(target)
            if cut is None:
                self.shaped(self.shape(PK.hasTarget, *flat), owner, node, span, *objects)
                continue
            assert target.deadline is not None
            pairs = filled(flat, objects)
            self.add(owner, PK.hasTarget, node)
            self.flush_node(node, pairs[:cut])
            day = target.deadline.day
            self._describe_instant(self._instants[day], day)
            self.node(node, pairs[cut:], span)

    def _target_shape(self, target: TargetView) -> tuple[list[object], list[object], int | None]:
        """A target's shape (``TripleSink.shape``) and the objects of its slots; with where
        its deadline's pairs start if its day is new to this writer (else None)."""
        plain, decimal = self.plain, self._decimal
        flat: list[object] = [
            RDF.type, PK.Target,
            PK.statedIn, IRI,
            PK.metricText, LITERAL,
            PK.comparator, COMPARATORS[target.comparator],
        ]  # fmt: skip
        objects: list[object] = [target.statement, self.zh(target.metric)]
        if target.change_bound is not None:
            flat += (PK.changeBound, COMPARATORS[target.change_bound])
        if target.comparator.is_change:
            flat += (PK.changeMeasure, PK.UnspecifiedChange)
        for predicate, value in (
            (PK.comparatorCue, plain(target.cue) if target.cue else None),
            (SCHEMA.value, decimal(target.value)),
            (SCHEMA.minValue, decimal(target.minimum)),
            (SCHEMA.maxValue, decimal(target.maximum)),
            (SCHEMA.unitText, None if target.unit is None else plain(target.unit)),
            (PK.valueText, None if target.value_text is None else plain(target.value_text)),
        ):
            if value is not None:
                flat += (predicate, LITERAL)
                objects.append(value)
        if target.implied:
            flat += (PK.valueImplied, self._true)
        cut = None
        deadline = target.deadline
        if deadline is not None:
            instant, new = self._instant(deadline.day)
            flat += (PK.deadline, IRI, PK.deadlineText, LITERAL)
            objects += (instant, plain(deadline.words))
            if deadline.implied:
                flat += (PK.deadlineImplied, self._true)
            if new:
                cut = len(flat)
        if target.baseline is not None:
            flat += (PK.baselineText, LITERAL)
            objects.append(plain(target.baseline))
        return flat, objects, cut

    def _decimal(self, number: Decimal | None) -> Lit | None:
        if number is None:
            return None
        return self.typed(decimal_lexical(number), XSD.decimal)

    def _deadline(self, node: str, pairs: list[object], deadline: DeadlineView) -> None:
        """A deadline: the day as a ``time:Instant`` (shared), the words, and whether the
        node's own words leave it implied. On a day's first deadline ``node``'s pairs so far
        are written first, then the instant; on any other (most: a plan's days are few), the
        node goes on, as it would after an instant written already."""
        instant, new = self._instant(deadline.day)
        pairs += (PK.deadline, instant, PK.deadlineText, self.plain(deadline.words))
        if deadline.implied:
            pairs += (PK.deadlineImplied, self._true)
        if new:
            self.flush_node(node, pairs)
            self._describe_instant(instant, deadline.day)

    def _instant(self, day: date) -> tuple[str, bool]:
        """The IRI of a day's ``time:Instant``, and whether it is new to this writer (to be
        described as soon as the pairs before it are written)."""
        instant = self._instants.get(day)
        if instant is not None:
            return instant, False
        instant = self._instants[day] = self.mint.instant(day.isoformat())
        return instant, True

    def _describe_instant(self, instant: str, day: date) -> None:
        self.add_shared(instant, RDF.type, TIME.Instant)
        self.add_shared(instant, TIME.inXSDDate, self.typed(day.isoformat(), XSD.date))

    def _mention(self, task: str, mention: MentionView) -> None:
        node, entity = mention.iri, mention.entity
        self._entity(entity)
        key: tuple[object, ...] = (PK.Mention, mention.cue)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = self.shape(
                PK.hasMention,
                RDF.type, PK.Mention,
                PK.refersTo, IRI,
                PK.statedIn, IRI,
                PK.extractionCue, PK.term(mention.cue),
            )  # fmt: skip
        self.shaped(shape, task, node, mention.span, entity.iri, mention.statement)
        self.add_shared(task, MENTION_SHORTCUTS[entity.kind], entity.iri)
        action = mention.action
        if action is not None:
            key = (PK.PolicyDocumentAction, action.kind)
            shape = self._shapes.get(key)
            if shape is None:
                shape = self._shapes[key] = self.shape(
                    PK.hasDocumentAction,
                    RDF.type, PK.PolicyDocumentAction,
                    SCHEMA.object, IRI,
                    PK.actionType, PK.term(action.kind),
                    PK.actionCue, LITERAL,
                    SCHEMA.actionStatus, SCHEMA.PotentialActionStatus,
                    PK.statedIn, IRI,
                )  # fmt: skip
            verb = self.plain(action.verb)
            node, span = action.iri, action.span
            self.shaped(shape, task, node, span, entity.iri, verb, action.statement)

    def _entity(self, entity: EntityView) -> None:
        """What a mention refers to (shared: described once per sink)."""
        if entity in self._described:
            return
        self._described.add(entity)
        add, iri, label = self.add_shared, entity.iri, self.zh(entity.name)
        if entity.kind is MentionKind.PROGRAMME:
            add(iri, RDF.type, PK.NamedProgramme)
            add(iri, SKOS.prefLabel, label)
            return
        if entity.kind is MentionKind.POLICY_DOCUMENT:
            add(iri, RDF.type, PK.PolicyDocument)
            add(iri, DCTERMS.title, label)
            if entity.detail is not None:
                add(iri, DCTERMS.type, PK.term(entity.detail))
            return
        if entity.office:  # one of the issuer's offices: described as the office it is
            return
        if entity.kind is MentionKind.ORGANIZATION:
            add(iri, RDF.type, ORG.Organization)
            if entity.detail == "central":
                add(iri, RDF.type, ORG.FormalOrganization)
        else:
            add(iri, RDF.type, SCHEMA.Place)
            add(iri, RDF.type, PLACE_TYPES.get(entity.detail or "", SCHEMA.AdministrativeArea))
            if entity.notation is not None:
                add(iri, SKOS.notation, self.plain(entity.notation))
        add(iri, SKOS.prefLabel, label)
        for alias in entity.aliases:
            add(iri, SKOS.altLabel, self.zh(alias))
