"""Turn parsed documents into triples under the policykg ontology.

One plan node per document with its source text; sections, tasks and their statements; one
qualified ``pk:Responsibility`` per listed unit with the shortcut ``pk:responsibleParty`` (and
``pk:leadParty``/``pk:supportingParty`` only where the text states the role). Offices are
scoped by their issuer, so one office is one node across all tasks and documents of that
issuer. Every node read from the text points to its evidence span. No blank nodes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from extract.normalization import NORMALIZATION_NOTE
from extract.records import Document, FieldKind, Role, Span, Task, UnitRef
from ontology.iris import IriMinter, digest, name_key
from ontology.namespaces import bind_prefixes
from ontology.terms import DCAT, DCTERMS, ORG, PK, PROV, RDF, SKOS, XSD
from policykg.config import BuildConfig

from .details import write_deadline, write_mentions, write_targets
from .triples import TripleSink, TripleWriter, as_sink

if TYPE_CHECKING:
    from extract.details import Details

log = logging.getLogger(__name__)

_STATEMENTS: dict[FieldKind, tuple[URIRef, URIRef]] = {
    FieldKind.PROBLEM: (PK.problem, PK.ProblemStatement),
    FieldKind.OBJECTIVE: (PK.objective, PK.ObjectiveStatement),
    FieldKind.OUTCOME: (PK.outcome, PK.OutcomeStatement),
    FieldKind.MEASURE: (PK.measure, PK.MeasureStatement),
    FieldKind.TIMEFRAME: (PK.timeframe, PK.TimeframeStatement),
    FieldKind.BODY: (PK.body, PK.BodyStatement),
}
_ROLES: dict[Role, URIRef] = {
    Role.LEAD: PK.LeadRole,
    Role.SUPPORTING: PK.SupportingRole,
    Role.UNSPECIFIED: PK.UnspecifiedRole,
}
_SHORTCUTS: dict[Role, URIRef] = {Role.LEAD: PK.leadParty, Role.SUPPORTING: PK.supportingParty}
_UNKNOWN_ISSUER = "未识别的发文机关"


def build_graph(documents: Iterable[Document], config: BuildConfig) -> Graph:
    """One graph holding every document, its structure and its responsibilities."""
    graph = bind_prefixes(Graph())
    for document in documents:
        add_document(graph, document, config)
    return graph


def add_document(
    graph: Graph | TripleSink,
    document: Document,
    config: BuildConfig,
    details: Details | None = None,
) -> URIRef:
    """Add one document's triples to ``graph`` (an rdflib Graph, or a sink such as a file of
    N-Triples or Turtle) and return its plan IRI.

    With ``details`` the tasks' targets and mentions are read from it task by task as they
    are written (``document`` is then the parsed structure): a long plan in bounded memory.
    """
    return _DocumentWriter(as_sink(graph), document, config, details).write()


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


class _DocumentWriter(TripleWriter):
    def __init__(
        self,
        graph: TripleSink,
        document: Document,
        config: BuildConfig,
        details: Details | None,
    ) -> None:
        super().__init__(graph, IriMinter(config.base), document.text, text_sha256(document.text))
        self.doc = document
        self.details = details
        self.config = config
        self.key = document_key(document, config)
        self.plan = self.mint.plan(self.key)

    def write(self) -> URIRef:
        issuer = self.issuer = self._issuer()
        self.unit_names = {u.name for t in self.doc.tasks for u in t.units if not u.generic}
        self._plan(issuer)
        sections = {s.key: self.mint.section(self.key, s.key) for s in self.doc.sections}
        for section in self.doc.sections:
            node = sections[section.key]
            self.add(node, RDF.type, PK.Section)
            self.add(node, DCTERMS.isPartOf, sections.get(section.parent or "", self.plan))
            self.add(node, PK.inPlan, self.plan)
            self.add(node, SKOS.notation, self.plain(section.number))
            self.add(node, PK.sectionNumber, self.count(section.ordinal))
            self.add(node, SKOS.prefLabel, self.zh(section.title.text))
            self.add(node, DCTERMS.title, self.zh(section.title.text))
            self.evidence(node, section.title)
        for task in self.doc.tasks if self.details is None else self.details.tasks():
            parent = sections.get(task.section or "", self.plan)
            self._task(task, parent, issuer)
        self._goals()
        return self.plan

    def _goals(self) -> None:
        """Targets of the plan as a whole, stated in its goal blocks (发展目标, 具体指标)."""
        statements: list[tuple[Span, URIRef]] = []
        for goal in self.doc.goals:
            statement = URIRef(f"{self.plan}/goal-{goal.content.start}")
            statements.append((goal.content, statement))
            self.add(self.plan, PK.goal, statement)
            self.add(statement, RDF.type, PK.OutcomeStatement)
            self.add(statement, RDF.value, self.zh(goal.content.text))
            self.add(statement, PK.fieldLabel, self.plain(goal.label.text))
            self.evidence(statement, goal.content)
        targets = self.doc.targets if self.details is None else self.details.plan_targets()
        write_targets(self, self.plan, targets, _statement_lookup(statements, self.plan))

    def _issuer(self) -> URIRef:
        name = self.config.issuer or self.doc.info.issuer
        if name is None:
            log.warning(
                "no issuer found in the text; offices are scoped to this document alone "
                "(give --issuer NAME to share them across documents)"
            )
            node = self.mint.issuer(f"unknown:{self.sha}")
            name = _UNKNOWN_ISSUER
        else:
            node = self.mint.issuer(name)
        self.add_shared(node, RDF.type, ORG.FormalOrganization)
        self.add_shared(node, RDF.type, ORG.Organization)
        self.add_shared(node, SKOS.prefLabel, self.zh(name))
        return node

    def _plan(self, issuer: URIRef) -> None:
        info, plan = self.doc.info, self.plan
        text_node = self.mint.source_text(self.sha)
        title = info.title or f"未识别标题的文件 {self.sha[:8]}"
        self.add(plan, RDF.type, PK.WorkPlan)
        self.add(plan, DCTERMS.identifier, self.plain(self.key))
        self.add(plan, DCTERMS.title, self.zh(title))
        self.add(plan, DCTERMS.publisher, issuer)
        self.add(plan, PK.sourceText, text_node)
        year = self.config.year or info.year
        if year is not None:
            self.add(plan, PK.planYear, self.typed(f"{year:04d}", XSD.gYear))
        if info.doc_number is not None:
            self.add(plan, PK.documentNumber, self.plain(info.doc_number))
        if info.issued is not None:
            self.add(plan, DCTERMS.issued, self.typed(info.issued.isoformat(), XSD.date))
        if info.declared_sections is not None:
            self.add(plan, PK.declaredSectionCount, self.count(info.declared_sections))
        if info.declared_tasks is not None:
            self.add(plan, PK.declaredTaskCount, self.count(info.declared_tasks))
        title_span = info.title_span or _first_line(self.doc.text)
        if title_span.text:
            self.evidence(plan, title_span)
        self.add(text_node, RDF.type, PK.SourceText)
        self.add(text_node, PK.sha256, self.plain(self.sha))
        self.add(text_node, PK.charCount, self.count(len(self.doc.text)))
        self.add(text_node, PK.content, self.plain(self.doc.text))
        self.add(text_node, PK.textNormalization, self.plain(NORMALIZATION_NOTE))
        self.add(text_node, DCTERMS.language, self.plain("zh"))
        self.add(text_node, DCTERMS["format"], self.plain("text/plain; charset=utf-8"))

    def _task(self, task: Task, parent: URIRef, issuer: URIRef) -> None:
        node = self.mint.task(self.key, task.key)
        self.add(node, RDF.type, PK.Task)
        self.add(node, DCTERMS.isPartOf, parent)
        self.add(node, PK.inPlan, self.plan)
        self.add(node, SKOS.notation, self.plain(task.number))
        if task.ordinal > 0:
            self.add(node, PK.taskNumber, self.count(task.ordinal))
        self.add(node, SKOS.prefLabel, self.zh(task.title.text))
        self.add(node, PK.outlinePath, self.plain(task.path))
        if task.deadline is not None and task.deadline_date is not None:
            write_deadline(self, node, task.deadline, task.deadline_date)
        self.evidence(node, task.span)
        statements: list[tuple[Span, URIRef]] = []
        seen: dict[FieldKind, int] = {}
        for field in task.fields:
            if field.kind not in _STATEMENTS:
                continue
            prop, cls = _STATEMENTS[field.kind]
            seen[field.kind] = seen.get(field.kind, 0) + 1
            suffix = "" if seen[field.kind] == 1 else f"-{seen[field.kind]}"
            statement = self.mint.statement(node, f"{field.kind.value}{suffix}")
            statements.append((field.content, statement))
            self.add(node, prop, statement)
            self.add(statement, RDF.type, cls)
            self.add(statement, RDF.value, self.zh(field.content.text))
            if field.label.text:
                self.add(statement, PK.fieldLabel, self.plain(field.label.text))
            self.evidence(statement, field.content)
        for unit in task.units:
            self._responsibility(node, unit, issuer)
        statement_of = _statement_lookup(statements, node)
        write_targets(self, node, task.targets, statement_of)
        write_mentions(self, node, task.mentions, statement_of, self._known_unit)

    def _known_unit(self, name: str) -> URIRef | None:
        """The issuer's unit of this name, if the plan lists it as answerable anywhere: an
        organisation mentioned in the text that also answers for tasks is one node."""
        return self.mint.unit(self.issuer, name) if name in self.unit_names else None

    def _responsibility(self, task: URIRef, unit: UnitRef, issuer: URIRef) -> URIRef:
        party = self._party(unit, issuer)
        node = self.mint.responsibility(task, unit.position)
        self.add(task, PROV.qualifiedAttribution, node)
        self.add(node, RDF.type, PK.Responsibility)
        self.add(node, PROV.agent, party)
        self.add(node, DCAT.hadRole, _ROLES[unit.role])
        if unit.role is not Role.UNSPECIFIED:
            self.add(node, PK.roleBasis, PK.StatedInText)
        self.add(node, PK.listPosition, self.count(unit.position))
        self.add(node, PK.surfaceForm, self.plain(unit.surface.text))
        if unit.alias is not None:
            self.add(node, PK.aliasInText, self.plain(unit.alias))
        self.evidence(node, unit.surface)
        # A unit listed twice in one task (once as lead, once among all) is one party.
        self.add_shared(task, PK.responsibleParty, party)
        if unit.role in _SHORTCUTS:
            self.add_shared(task, _SHORTCUTS[unit.role], party)
        return party

    def _party(self, unit: UnitRef, issuer: URIRef) -> URIRef:
        if unit.generic:
            node = self.mint.generic_party(issuer, unit.name)
            self.add_shared(node, RDF.type, PK.GenericPartyReference)
            self.add_shared(node, SKOS.prefLabel, self.zh(unit.name))
            return node
        if unit.national is not None:
            # A national body is one node in every document that names it, by any name.
            node = self.mint.issuer(unit.national)
            self.add_shared(node, RDF.type, ORG.FormalOrganization)
            self.add_shared(node, RDF.type, ORG.Organization)
            self.add_shared(node, SKOS.prefLabel, self.zh(unit.national))
            if unit.name != unit.national:
                self.add_shared(node, SKOS.altLabel, self.zh(unit.name))
            return node
        node = self.mint.unit(issuer, unit.name)
        self.add_shared(node, RDF.type, ORG.OrganizationalUnit)
        self.add_shared(node, RDF.type, ORG.Organization)
        self.add_shared(node, SKOS.prefLabel, self.zh(unit.name))
        self.add_shared(node, ORG.unitOf, issuer)
        if unit.alias is not None:
            self.add_shared(node, SKOS.altLabel, self.zh(unit.alias))
        if unit.surface.text != unit.name:
            self.add_shared(node, SKOS.altLabel, self.zh(unit.surface.text))
        return node


def _statement_lookup(
    statements: list[tuple[Span, URIRef]], task_node: URIRef
) -> Callable[[Span], URIRef]:
    """For a span, the statement (field) it lies in, or the task itself for its heading."""

    def statement_of(span: Span) -> URIRef:
        for content, statement in statements:
            if content.start <= span.start and span.end <= content.end:
                return statement
        return task_node

    return statement_of


def _first_line(text: str) -> Span:
    stripped_start = len(text) - len(text.lstrip())
    end = text.find("\n", stripped_start)
    return Span.of(text, stripped_start, len(text) if end == -1 else end)
