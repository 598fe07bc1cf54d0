"""Model → triples: the one writer of the graph's shape.

One plan node per document with its source text; sections, tasks and their statements; one
qualified ``pk:Responsibility`` per listed unit with the shortcut ``pk:responsibleParty`` (and
``pk:leadParty``/``pk:supportingParty`` only where the text states the role); targets and
mentions; every node read from the text pointing to its evidence span. No blank nodes.

Triples go to a sink (``graph.triples.TripleSink``): a file written as they come, a store's
spool, an rdflib graph. Each triple is new by construction (its subject is minted from the
document key or a text position) except the descriptions of shared things (an office, a
programme, a place, a day) and a task's shortcuts to them, which go through ``add_shared``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ontology.iris import IriMinter
from ontology.namespaces import DCAT, DCTERMS, ORG, PK, PROV, RDF, SCHEMA, SKOS, TIME, XSD

from .model import (
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
    Role,
    SectionView,
    SpanView,
    StatementKind,
    StatementView,
    TargetView,
    TaskView,
)
from .triples import Evidence, Lit, TripleSink, decimal_lexical

__all__ = ["PROGRESS_STATUSES", "PlanWriter", "TextWriter", "write_plan", "write_progress"]

_STATEMENTS: dict[StatementKind, tuple[str, str]] = {
    StatementKind.PROBLEM: (PK.problem, PK.ProblemStatement),
    StatementKind.OBJECTIVE: (PK.objective, PK.ObjectiveStatement),
    StatementKind.OUTCOME: (PK.outcome, PK.OutcomeStatement),
    StatementKind.MEASURE: (PK.measure, PK.MeasureStatement),
    StatementKind.TIMEFRAME: (PK.timeframe, PK.TimeframeStatement),
    StatementKind.BODY: (PK.body, PK.BodyStatement),
}
ROLES: dict[Role, str] = {
    Role.LEAD: PK.LeadRole,
    Role.SUPPORTING: PK.SupportingRole,
    Role.UNSPECIFIED: PK.UnspecifiedRole,
}
_SHORTCUTS: dict[Role, str] = {Role.LEAD: PK.leadParty, Role.SUPPORTING: PK.supportingParty}
COMPARATORS: dict[Comparator, str] = {
    Comparator.AT_LEAST: PK.AtLeast,
    Comparator.MORE_THAN: PK.MoreThan,
    Comparator.AT_MOST: PK.AtMost,
    Comparator.LESS_THAN: PK.LessThan,
    Comparator.EQUAL: PK.Equal,
    Comparator.APPROX: PK.Approximately,
    Comparator.RANGE: PK.Range,
    Comparator.INCREASE_BY: PK.IncreaseBy,
    Comparator.DECREASE_BY: PK.DecreaseBy,
    Comparator.FULL_COVERAGE: PK.FullCoverage,
}
MENTION_SHORTCUTS: dict[MentionKind, str] = {
    MentionKind.PROGRAMME: PK.involvesProgramme,
    MentionKind.POLICY_DOCUMENT: PK.involvesPolicyDocument,
    MentionKind.ORGANIZATION: PK.mentionsOrganization,
    MentionKind.PLACE: PK.mentionsPlace,
}
PLACE_TYPES = {"country": SCHEMA.Country, "region": SCHEMA.Place}
PROGRESS_STATUSES: dict[ProgressStatus, str] = {
    ProgressStatus.COMPLETED: PK.Completed,
    ProgressStatus.ON_SCHEDULE: PK.OnSchedule,
    ProgressStatus.BEHIND: PK.Behind,
    ProgressStatus.NOT_STARTED: PK.NotStarted,
    ProgressStatus.UNKNOWN: PK.StatusUnknown,
}


def write_plan(sink: TripleSink, plan: PlanView, mint: IriMinter) -> None:
    """Every triple of one plan (its tasks and goals included) into ``sink``."""
    writer = PlanWriter(sink, plan, mint)
    writer.header()
    for task in plan.tasks:
        writer.task(task)
    writer.goals(plan)


def write_progress(sink: TripleSink, report: ProgressReportView, mint: IriMinter) -> None:
    """Every triple of one progress report: the report, its text and its statements, each
    pointing at the plan's task (and target) it speaks of."""
    writer = TextWriter(sink, report.document, mint)
    add, plain, typed = writer.add, writer.plain, writer.typed
    add(report.iri, RDF.type, PK.ProgressReport)
    add(report.iri, DCTERMS.identifier, plain(report.key))
    if report.title:
        add(report.iri, DCTERMS.title, writer.zh(report.title))
    add(report.iri, PK.reportsOn, report.plan)
    add(report.iri, PK.sourceText, report.document.text_iri)
    if report.period_start is not None:
        add(report.iri, PK.periodStart, typed(report.period_start.isoformat(), XSD.date))
    if report.period_end is not None:
        add(report.iri, PK.periodEnd, typed(report.period_end.isoformat(), XSD.date))
    if report.period_words:
        add(report.iri, PK.periodText, plain(report.period_words))
    if report.title_span is not None:
        writer.evidence(report.iri, report.title_span)
    writer.source_text()
    for statement in report.statements:
        add(report.iri, PK.hasProgressStatement, statement.iri)
        _progress_statement(writer, statement)


def _progress_statement(writer: TextWriter, statement: ProgressStatementView) -> None:
    add, plain, node = writer.add, writer.plain, statement.iri
    add(node, RDF.type, PK.ProgressStatement)
    if statement.task is not None:
        add(node, PK.aboutTask, statement.task)
    if statement.number:
        add(node, SKOS.notation, plain(statement.number))
    if statement.title:
        add(node, DCTERMS.title, writer.zh(statement.title))
    add(node, PK.progressStatus, PROGRESS_STATUSES[statement.status])
    if statement.status_words:
        add(node, PK.statusText, plain(statement.status_words))
    writer.evidence(node, statement.span)
    for value in statement.values:
        add(node, PK.hasReportedValue, value.iri)
        add(value.iri, RDF.type, PK.ReportedValue)
        add(value.iri, PK.aboutTarget, value.target)
        add(value.iri, SCHEMA.value, writer.typed(decimal_lexical(value.value), XSD.decimal))
        if value.unit is not None:
            add(value.iri, SCHEMA.unitText, plain(value.unit))
        if value.share is not None:
            add(value.iri, PK.shareOfGoal, writer.typed(decimal_lexical(value.share), XSD.decimal))
        writer.evidence(value.iri, value.span)


class TextWriter:
    """Writes what is read from one text into a sink: the text itself and the evidence spans
    of its facts (a plan's, a progress report's)."""

    def __init__(self, sink: TripleSink, document: DocumentView, mint: IriMinter) -> None:
        self.sink = sink
        self.mint = mint
        self.document = document
        self._sha = document.sha256
        self._source = document.text_iri
        # Bound once: called some 10,000 times per plan.
        self.add, self.add_shared, self.add_node = sink.add, sink.add_shared, sink.add_node
        self.plain, self.lang, self.typed = sink.plain, sink.lang, sink.typed
        # Spans described so far, as start << 32 | end: one span may be the evidence of
        # several nodes (a table row's 〃 repeats the cell above), described once.
        self._spans: set[int] = set()

    def zh(self, value: str) -> Lit:
        """A literal in Chinese, as every name and title is stored."""
        return self.lang(value, "zh")

    def count(self, value: int) -> Lit:
        """An integer literal: a count, an offset, a place in a sequence.

        Always ``xsd:integer`` (the shapes bound its range): stores such as Oxigraph keep
        ``xsd:nonNegativeInteger`` and ``xsd:positiveInteger`` as ``xsd:integer``, and a graph
        must read back from a store as it was written."""
        return self.typed(str(value), XSD.integer)

    def source_text(self) -> None:
        """The text every span points into, whole."""
        add, document = self.add, self.document
        text = document.text_iri
        add(text, RDF.type, PK.SourceText)
        add(text, PK.sha256, self.plain(document.sha256))
        add(text, PK.charCount, self.count(len(document.text)))
        add(text, PK.content, self.plain(document.text))
        add(text, PK.textNormalization, self.plain(document.normalization))
        add(text, DCTERMS.language, self.plain("zh"))
        add(text, DCTERMS["format"], self.plain("text/plain; charset=utf-8"))

    def evidence(self, node: str, span: SpanView) -> None:
        """Point ``node`` at the span it was read from, with position and quote selectors."""
        s, e, mint, sha = span.start, span.end, self.mint, self._sha
        span_node = mint.span(sha, s, e)
        self.add(node, PK.evidence, span_node)
        packed = s << 32 | e
        if packed in self._spans:
            return
        self._spans.add(packed)
        self.sink.add_evidence(
            Evidence(
                span_node,
                self._source,
                mint.position_selector(sha, s, e),
                mint.quote_selector(sha, s, e),
                s,
                e,
                span.quote,
            )
        )


class PlanWriter(TextWriter):
    """Writes one plan into a sink: its header, then its tasks one by one (a long plan's
    tasks as they are resolved), then its goals."""

    def __init__(self, sink: TripleSink, plan: PlanView, mint: IriMinter) -> None:
        super().__init__(sink, plan.document, mint)
        self.plan = plan

    def header(self) -> None:
        """The plan, its issuer, its text and its sections."""
        plan, add = self.plan, self.add
        document = plan.document
        self._organisation(plan.issuer)
        add(plan.iri, RDF.type, PK.WorkPlan)
        add(plan.iri, DCTERMS.identifier, self.plain(plan.key))
        add(plan.iri, DCTERMS.title, self.zh(plan.title))
        add(plan.iri, DCTERMS.publisher, plan.issuer.iri)
        add(plan.iri, PK.sourceText, document.text_iri)
        if document.year is not None:
            add(plan.iri, PK.planYear, self.typed(f"{document.year:04d}", XSD.gYear))
        if document.number is not None:
            add(plan.iri, PK.documentNumber, self.plain(document.number))
        if document.issued is not None:
            add(plan.iri, DCTERMS.issued, self.typed(document.issued.isoformat(), XSD.date))
        if document.declared_sections is not None:
            add(plan.iri, PK.declaredSectionCount, self.count(document.declared_sections))
        if document.declared_tasks is not None:
            add(plan.iri, PK.declaredTaskCount, self.count(document.declared_tasks))
        if plan.deadline is not None:
            self._deadline(plan.iri, plan.deadline)
        if plan.title_span is not None:
            self.evidence(plan.iri, plan.title_span)
        self.source_text()
        for section in plan.sections:
            self._section(section)

    def _section(self, section: SectionView) -> None:
        add, node = self.add, section.iri
        add(node, RDF.type, PK.Section)
        add(node, DCTERMS.isPartOf, section.parent or self.plan.iri)
        add(node, PK.inPlan, self.plan.iri)
        add(node, SKOS.notation, self.plain(section.number))
        add(node, PK.sectionNumber, self.count(section.ordinal))
        add(node, SKOS.prefLabel, self.zh(section.title))
        add(node, DCTERMS.title, self.zh(section.title))
        self.evidence(node, section.span)

    def task(self, task: TaskView) -> None:
        """One task: its statements, responsibilities, targets and mentions."""
        add, node = self.add, task.iri
        add(node, RDF.type, PK.Task)
        add(node, DCTERMS.isPartOf, task.section or self.plan.iri)
        add(node, PK.inPlan, self.plan.iri)
        add(node, SKOS.notation, self.plain(task.number))
        if task.ordinal > 0:
            add(node, PK.taskNumber, self.count(task.ordinal))
        add(node, SKOS.prefLabel, self.zh(task.title))
        add(node, PK.outlinePath, self.plain(task.path))
        if task.deadline is not None:
            self._deadline(node, task.deadline)
        self.evidence(node, task.span)
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
            self.add(goal.iri, RDF.type, PK.OutcomeStatement)
            self.add(goal.iri, RDF.value, self.zh(goal.text))
            self.add(goal.iri, PK.fieldLabel, self.plain(goal.label))
            self.evidence(goal.iri, goal.span)
        self._targets(plan.iri, plan.targets)

    def _statement(self, task: str, statement: StatementView) -> None:
        predicate, cls = _STATEMENTS[statement.kind]
        self.add(task, predicate, statement.iri)
        self.add(statement.iri, RDF.type, cls)
        self.add(statement.iri, RDF.value, self.zh(statement.text))
        if statement.label:
            self.add(statement.iri, PK.fieldLabel, self.plain(statement.label))
        self.evidence(statement.iri, statement.span)

    def _responsibility(self, task: str, party: PartyView) -> None:
        add, node, office = self.add, party.iri, party.office
        self._organisation(office)
        add(task, PROV.qualifiedAttribution, node)
        add(node, RDF.type, PK.Responsibility)
        add(node, PROV.agent, office.iri)
        add(node, DCAT.hadRole, ROLES[party.role])
        if party.role is not Role.UNSPECIFIED:
            add(node, PK.roleBasis, PK.StatedInText)
        add(node, PK.listPosition, self.count(party.position))
        add(node, PK.surfaceForm, self.plain(party.surface))
        if party.alias is not None:
            add(node, PK.aliasInText, self.plain(party.alias))
        self.evidence(node, party.span)
        # A unit listed twice in one task (once as lead, once among all) is one party.
        self.add_shared(task, PK.responsibleParty, office.iri)
        if party.role in _SHORTCUTS:
            self.add_shared(task, _SHORTCUTS[party.role], office.iri)

    def _organisation(self, office: OfficeView) -> None:
        """An office, a national body, an issuer or a placeholder (shared: described once
        per sink, each of its names as it comes)."""
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
        add, plain = self.add, self.plain
        for target in targets:
            node = target.iri
            add(owner, PK.hasTarget, node)
            add(node, RDF.type, PK.Target)
            add(node, PK.statedIn, target.statement)
            add(node, PK.metricText, self.zh(target.metric))
            add(node, PK.comparator, COMPARATORS[target.comparator])
            if target.change_bound is not None:
                add(node, PK.changeBound, COMPARATORS[target.change_bound])
            if target.comparator.is_change:
                add(node, PK.changeMeasure, PK.UnspecifiedChange)
            if target.cue:
                add(node, PK.comparatorCue, plain(target.cue))
            for predicate, number in (
                (SCHEMA.value, target.value),
                (SCHEMA.minValue, target.minimum),
                (SCHEMA.maxValue, target.maximum),
            ):
                if number is not None:
                    add(node, predicate, self.typed(decimal_lexical(number), XSD.decimal))
            if target.unit is not None:
                add(node, SCHEMA.unitText, plain(target.unit))
            if target.value_text is not None:
                add(node, PK.valueText, plain(target.value_text))
            if target.implied:
                add(node, PK.valueImplied, self.typed("true", XSD.boolean))
            if target.deadline is not None:
                self._deadline(node, target.deadline)
            if target.baseline is not None:
                add(node, PK.baselineText, plain(target.baseline))
            self.evidence(node, target.span)

    def _deadline(self, node: str, deadline: DeadlineView) -> None:
        """A deadline: the day as a ``time:Instant`` (shared), the words, and whether the
        node's own words leave it implied."""
        day = deadline.day.isoformat()
        instant = self.mint.instant(day)
        self.add(node, PK.deadline, instant)
        self.add(node, PK.deadlineText, self.plain(deadline.words))
        if deadline.implied:
            self.add(node, PK.deadlineImplied, self.typed("true", XSD.boolean))
        self.add_shared(instant, RDF.type, TIME.Instant)
        self.add_shared(instant, TIME.inXSDDate, self.typed(day, XSD.date))

    def _mention(self, task: str, mention: MentionView) -> None:
        add, node, entity = self.add, mention.iri, mention.entity
        self._entity(entity)
        add(task, PK.hasMention, node)
        add(node, RDF.type, PK.Mention)
        add(node, PK.refersTo, entity.iri)
        add(node, PK.statedIn, mention.statement)
        add(node, PK.extractionCue, PK[mention.cue])
        self.evidence(node, mention.span)
        self.add_shared(task, MENTION_SHORTCUTS[entity.kind], entity.iri)
        action = mention.action
        if action is not None:
            add(task, PK.hasDocumentAction, action.iri)
            add(action.iri, RDF.type, PK.PolicyDocumentAction)
            add(action.iri, SCHEMA.object, entity.iri)
            add(action.iri, PK.actionType, PK[action.kind])
            add(action.iri, PK.actionCue, self.plain(action.verb))
            add(action.iri, SCHEMA.actionStatus, SCHEMA.PotentialActionStatus)
            add(action.iri, PK.statedIn, action.statement)
            self.evidence(action.iri, action.span)

    def _entity(self, entity: EntityView) -> None:
        """What a mention refers to (shared: described once per sink)."""
        add, iri, label = self.add_shared, entity.iri, self.zh(entity.name)
        if entity.kind is MentionKind.PROGRAMME:
            add(iri, RDF.type, PK.NamedProgramme)
            add(iri, SKOS.prefLabel, label)
            return
        if entity.kind is MentionKind.POLICY_DOCUMENT:
            add(iri, RDF.type, PK.PolicyDocument)
            add(iri, DCTERMS.title, label)
            if entity.detail is not None:
                add(iri, DCTERMS.type, PK[entity.detail])
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
