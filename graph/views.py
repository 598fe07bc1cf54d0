"""networkx views of a policykg graph: who answers for which task."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from graph.registers import decimal_text, evidence_position, local_name
from ontology.namespaces import OA, PK, SCHEMA
from policykg.errors import InputError

_ROLE_NAMES = {PK.LeadRole: "lead", PK.SupportingRole: "supporting"}
RESPONSIBILITY_ROLES = ("lead", "supporting", "unspecified")
_DETAILS = (
    (PK.involvesProgramme, "programme", SKOS.prefLabel),
    (PK.involvesPolicyDocument, "document", DCTERMS.title),
)
_NAMES = ((PK.mentionsOrganization, "organisation"), (PK.mentionsPlace, "place"))


@dataclass(frozen=True, slots=True)
class OwnershipCounts:
    """Sizes of an ownership network."""

    offices: int
    placeholders: int
    tasks: int
    links: int


def ownership_network(graph: Graph, details: bool = True) -> nx.DiGraph:
    """Offices and placeholders linked to the tasks they answer for.

    Nodes carry ``kind`` (office, placeholder, task), ``label`` and, for tasks, ``number``,
    ``title``, ``order`` (where it starts in its text), ``section``, ``section_order`` and
    ``targets`` (the quotes of its targets); edges carry ``role`` (lead, supporting,
    unspecified). An office's ``tasks`` attribute is its number of tasks. With ``details``,
    targets, programmes and policy documents are nodes too (kinds target, programme,
    document), linked from their tasks with role ``involves``; so are sections (linked to
    their tasks) and the organisations and places tasks mention. Built by walking triples,
    which is quicker than SPARQL in rdflib and needs no parser.
    """
    network = nx.DiGraph()
    for task in sorted(t for t in graph.subjects(RDF.type, PK.Task) if isinstance(t, URIRef)):
        number, title = graph.value(task, SKOS.notation), graph.value(task, SKOS.prefLabel)
        section = graph.value(task, DCTERMS.isPartOf)
        is_section = isinstance(section, URIRef) and (section, RDF.type, PK.Section) in graph
        network.add_node(
            str(task),
            kind="task",
            number=str(number),
            title=str(title),
            section=_section_label(graph, section) if is_section else "",
            section_order=_number(graph.value(section, PK.sectionNumber)) if is_section else 0,
            label=f"{number} {title}",
            order=_start(graph, task),
            targets=[_quote(graph, t) for t in _sorted_targets(graph, task)],
            target_rows=[_target_row(graph, t) for t in _sorted_targets(graph, task)],
            fields=_fields(graph, task),
        )
        if details:
            _add_details(graph, network, task)
        for responsibility in graph.objects(task, PROV.qualifiedAttribution):
            party = graph.value(responsibility, PROV.agent)
            if not isinstance(party, URIRef):
                continue
            generic = (party, RDF.type, PK.GenericPartyReference) in graph
            network.add_node(
                str(party),
                kind="placeholder" if generic else "office",
                label=str(graph.value(party, SKOS.prefLabel)),
                aliases=sorted(str(a) for a in graph.objects(party, SKOS.altLabel)),
            )
            role = graph.value(responsibility, DCAT.hadRole)
            role_name = (
                _ROLE_NAMES.get(role, "unspecified") if isinstance(role, URIRef) else "unspecified"
            )
            position = _number(graph.value(responsibility, PK.listPosition))
            network.add_edge(str(party), str(task), role=role_name, position=position)
    if details:
        _add_sections_and_names(graph, network)
    for node, data in network.nodes(data=True):
        if data["kind"] in ("office", "placeholder"):
            data["tasks"] = sum(
                1 for *_, role in network.out_edges(node, data="role") if role != "involves"
            )
    return network


def _add_sections_and_names(graph: Graph, network: nx.DiGraph) -> None:
    """Sections (linked to their tasks) and the organisations and places tasks mention.

    A mentioned organisation that already answers for a task stays an office: one node, one kind.
    """
    tasks = sorted(n for n, d in network.nodes(data=True) if d["kind"] == "task")
    for task in tasks:
        section = graph.value(URIRef(task), DCTERMS.isPartOf)
        if isinstance(section, URIRef) and (section, RDF.type, PK.Section) in graph:
            network.add_node(str(section), kind="section", label=_section_label(graph, section))
            network.add_edge(str(section), task, role="involves")
    for task in tasks:
        for predicate, kind in _NAMES:
            for entity in sorted(graph.objects(URIRef(task), predicate)):  # type: ignore[type-var]
                if str(entity) not in network:
                    label = graph.value(entity, SKOS.prefLabel)
                    network.add_node(str(entity), kind=kind, label=str(label))
                if network.nodes[str(entity)]["kind"] == kind:
                    network.add_edge(task, str(entity), role="involves")


MAP_VIEWS = ("ownership", "full", "office:NAME", "coownership")


@dataclass(frozen=True, slots=True)
class MapView:
    """What the map shows: ``kind`` is ownership, full, office or coownership; ``office`` names
    the office of an office view (by its name or an alias)."""

    kind: str
    office: str = ""

    @classmethod
    def parse(cls, spec: str) -> MapView:
        """A view from its command-line spelling (see ``MAP_VIEWS``); InputError if unknown."""
        kind, _, office = spec.partition(":")
        if kind == "office" and office.strip():
            return cls("office", office.strip())
        if kind in ("ownership", "full", "coownership") and not office:
            return cls(kind)
        raise InputError(f"--view: unknown view {spec!r}; choose one of: {', '.join(MAP_VIEWS)}")


def view_network(network: nx.DiGraph, view: MapView) -> nx.Graph:
    """The part of an ownership network (built with details) that ``view`` shows.

    ownership and full keep everything (full only shows the details at once); an office view
    keeps the office, its tasks and what those tasks involve, with the offices that share
    them; coownership links offices that share tasks (see ``coownership_network``).
    """
    if view.kind == "office":
        office = find_office(network, view.office)
        return nx.DiGraph(nx.ego_graph(network, office, radius=2, undirected=True))
    if view.kind == "coownership":
        return coownership_network(network)
    return network


def find_office(network: nx.DiGraph, name: str) -> str:
    """The office node named ``name`` (its label or an alias); InputError naming the offices
    whose names come closest if there is none."""
    offices = [(node, data) for node, data in network.nodes(data=True) if data["kind"] == "office"]
    for node, data in offices:
        if name == data["label"] or name in data.get("aliases", ()):
            return str(node)
    near = sorted(data["label"] for _, data in offices if name in data["label"])
    near = near or sorted(data["label"] for _, data in offices)
    raise InputError(f"--view: no office is named {name!r}; offices: {'、'.join(near[:20])}")


def coownership_network(network: nx.DiGraph) -> nx.Graph:
    """Offices linked by the tasks they share; ``weight`` is how many, ``tasks`` their numbers.

    A weighted projection of the office–task bipartite graph onto the offices; placeholders
    (各相关处室) are not offices and stay out.
    """
    offices = sorted(n for n, d in network.nodes(data=True) if d["kind"] == "office")
    bipartite = nx.Graph()
    bipartite.add_nodes_from(offices)
    bipartite.add_edges_from(
        (a, b)
        for a, b, role in network.edges(data="role")
        if role in RESPONSIBILITY_ROLES and network.nodes[a]["kind"] == "office"
    )
    shared = nx.bipartite.weighted_projected_graph(bipartite, offices)
    for a, b, data in shared.edges(data=True):
        common = set(network.successors(a)) & set(network.successors(b))
        tasks = sorted((network.nodes[t] for t in common), key=lambda task: task["order"])
        data.update(role="shared", tasks=[task["number"] for task in tasks])
    for node in shared:
        shared.nodes[node].update(network.nodes[node])
    return shared


_STATEMENTS = (
    (PK.problem, "问题描述"),
    (PK.objective, "目标任务"),
    (PK.outcome, "预期成果"),
    (PK.measure, "工作措施"),
    (PK.body, "正文"),
    (PK.timeframe, "完成时限"),
)


def _fields(graph: Graph, task: URIRef) -> list[dict[str, object]]:
    """The task's statements with the spans of its targets and mentions inside each, as
    offsets relative to the statement's text (for highlighting)."""
    marks = [(node, "target") for node in graph.objects(task, PK.hasTarget)]
    marks += [(node, "mention") for node in graph.objects(task, PK.hasMention)]
    positions = [(_span(graph, node), kind) for node, kind in marks]
    fields = []
    for predicate, name in _STATEMENTS:
        for statement in sorted(graph.objects(task, predicate)):  # type: ignore[type-var]
            start, end = _span(graph, statement)
            label = graph.value(statement, PK.fieldLabel)
            marks_inside = sorted(
                [s - start, e - start, kind]
                for (s, e), kind in positions
                if start <= s and e <= end
            )
            fields.append(
                {
                    "label": str(label) if label is not None else name,
                    "text": str(graph.value(statement, RDF.value)),
                    "marks": marks_inside,
                    "start": start,
                }
            )
    return sorted(fields, key=lambda f: f["start"])  # type: ignore[arg-type, return-value]


def _target_row(graph: Graph, target: Node) -> list[str]:
    """metric, comparator, value (or range), unit, deadline: one row of a panel's table."""
    value = decimal_text(graph.value(target, SCHEMA.value))
    low = decimal_text(graph.value(target, SCHEMA.minValue))
    high = decimal_text(graph.value(target, SCHEMA.maxValue))
    if not value:
        value = f"{low}–{high}" if low and high and low != high else low or high
    return [
        str(graph.value(target, PK.metricText) or ""),
        local_name(graph.value(target, PK.comparator)),
        value,
        str(graph.value(target, SCHEMA.unitText) or ""),
        str(graph.value(target, PK.deadlineText) or ""),
    ]


def _span(graph: Graph, node: Node) -> tuple[int, int]:
    start, end, _ = evidence_position(graph, node)
    return start, end


def _add_details(graph: Graph, network: nx.DiGraph, task: URIRef) -> None:
    for target in _sorted_targets(graph, task):
        network.add_node(str(target), kind="target", label=_quote(graph, target))
        network.add_edge(str(task), str(target), role="involves")
    for predicate, kind, label in _DETAILS:
        for entity in sorted(graph.objects(task, predicate)):  # type: ignore[type-var]
            network.add_node(str(entity), kind=kind, label=str(graph.value(entity, label)))
            network.add_edge(str(task), str(entity), role="involves")


def _sorted_targets(graph: Graph, task: URIRef) -> list[Node]:
    return sorted(graph.objects(task, PK.hasTarget), key=lambda t: _start(graph, t))


def _start(graph: Graph, node: Node) -> int:
    return _span(graph, node)[0]


def _quote(graph: Graph, node: Node) -> str:
    for selector in graph.objects(graph.value(node, PK.evidence), OA.hasSelector):
        exact = graph.value(selector, OA.exact)
        if exact is not None:
            return str(exact)
    return str(graph.value(node, PK.metricText) or "")


def _section_label(graph: Graph, section: Node | None) -> str:
    return f"{graph.value(section, SKOS.notation)}、{graph.value(section, SKOS.prefLabel)}"


def _number(node: Node | None) -> int:
    return int(node.toPython()) if isinstance(node, Literal) else 0


def ownership_counts(network: nx.DiGraph) -> OwnershipCounts:
    """How many offices, placeholders, tasks and links an ownership network has."""
    kinds = [data["kind"] for _, data in network.nodes(data=True)]
    return OwnershipCounts(
        offices=kinds.count("office"),
        placeholders=kinds.count("placeholder"),
        tasks=kinds.count("task"),
        links=sum(1 for *_, role in network.edges(data="role") if role in RESPONSIBILITY_ROLES),
    )


@dataclass(frozen=True, slots=True)
class EntityCounts:
    """How many distinct programmes, policy documents, organisations and places a graph has."""

    programmes: int
    policy_documents: int
    organisations: int
    places: int


def entity_counts(graph: Graph) -> EntityCounts:
    """Distinct entities that tasks mention, by kind."""

    def distinct(predicate: URIRef) -> int:
        return len(set(graph.objects(None, predicate)))

    return EntityCounts(
        programmes=distinct(PK.involvesProgramme),
        policy_documents=distinct(PK.involvesPolicyDocument),
        organisations=distinct(PK.mentionsOrganization),
        places=distinct(PK.mentionsPlace),
    )
