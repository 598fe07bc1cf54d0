"""networkx views of the model: who answers for which task, and what tasks involve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from policykg.errors import InputError

from .concept_terms import COMPARATORS
from .display import amount_text, comparator_text
from .model import MentionKind, PlanView, Role, StatementKind, TargetView, TaskView
from .search import suggestion

__all__ = [
    "MAP_VIEWS",
    "RESPONSIBILITY_ROLES",
    "MapView",
    "OwnershipCounts",
    "coownership_network",
    "find_office",
    "ownership_counts",
    "ownership_network",
    "view_network",
]

RESPONSIBILITY_ROLES = ("lead", "supporting", "unspecified")
_ROLE_NAMES = {Role.LEAD: "lead", Role.SUPPORTING: "supporting", Role.UNSPECIFIED: "unspecified"}
_DETAIL_KINDS = {MentionKind.PROGRAMME: "programme", MentionKind.POLICY_DOCUMENT: "document"}
_NAME_KINDS = {MentionKind.ORGANIZATION: "organisation", MentionKind.PLACE: "place"}
_STATEMENT_LABELS = {
    StatementKind.PROBLEM: "问题描述",
    StatementKind.OBJECTIVE: "目标任务",
    StatementKind.OUTCOME: "预期成果",
    StatementKind.MEASURE: "工作措施",
    StatementKind.BODY: "正文",
    StatementKind.TIMEFRAME: "完成时限",
}


@dataclass(frozen=True, slots=True)
class OwnershipCounts:
    """Sizes of an ownership network."""

    offices: int
    placeholders: int
    tasks: int
    links: int


def ownership_network(plans: Sequence[PlanView], details: bool = True) -> nx.DiGraph:
    """Offices and placeholders linked to the tasks they answer for.

    Nodes carry ``kind`` (office, placeholder, task), ``label`` and, for tasks, ``number``,
    ``title``, ``plan`` (its plan's key), ``order`` (where it starts in its text),
    ``section`` (the IRI of its section), ``section_label``, ``section_order``, ``targets``
    (the quotes of its targets), ``target_rows`` and ``fields``; edges carry
    ``role`` (lead, supporting, unspecified) and ``position``. An office's ``tasks`` is its
    number of tasks. With ``details``, targets, programmes and policy documents are nodes too
    (kinds target, programme, document), linked from their tasks with role ``involves``; so
    are sections (linked to their tasks) and the organisations and places tasks mention. The
    graph's ``plans`` names each plan by its key.
    """
    network = nx.DiGraph(plans={plan.key: plan.title for plan in plans})
    for plan in plans:
        for task in plan.tasks:
            _add_task(network, plan, task, details)
    if details:
        for plan in plans:
            _add_sections_and_names(network, plan)
    for node, data in network.nodes(data=True):
        if data["kind"] in ("office", "placeholder"):
            data["tasks"] = sum(
                1 for *_, role in network.out_edges(node, data="role") if role != "involves"
            )
    return network


def _add_task(network: nx.DiGraph, plan: PlanView, task: TaskView, details: bool) -> None:
    section = plan.section(task.section)
    network.add_node(
        task.iri,
        kind="task",
        number=task.number,
        title=task.title,
        plan=plan.key,
        section=section.iri if section is not None else "",
        section_label=f"{section.number}、{section.title}" if section is not None else "",
        section_order=section.ordinal if section is not None else 0,
        label=f"{task.number} {task.title}",
        order=task.span.start,
        targets=[t.span.quote for t in task.targets],
        target_rows=[target_row(t) for t in task.targets],
        fields=_fields(task),
    )
    if details:
        for target in task.targets:
            network.add_node(target.iri, kind="target", label=target.span.quote)
            network.add_edge(task.iri, target.iri, role="involves")
        for mention in task.mentions:
            kind = _DETAIL_KINDS.get(mention.entity.kind)
            if kind is not None:
                network.add_node(mention.entity.iri, kind=kind, label=mention.entity.name)
                network.add_edge(task.iri, mention.entity.iri, role="involves")
    for party in task.links:
        office = party.office
        network.add_node(
            office.iri,
            kind="placeholder" if office.is_placeholder else "office",
            label=office.name,
            aliases=list(office.aliases),
        )
        network.add_edge(
            office.iri, task.iri, role=_ROLE_NAMES[party.role], position=party.position
        )


def _add_sections_and_names(network: nx.DiGraph, plan: PlanView) -> None:
    """Sections (linked to their tasks) and the organisations and places tasks mention.

    A mentioned organisation that already answers for a task stays an office: one node, one kind.
    """
    for task in plan.tasks:
        section = plan.section(task.section)
        if section is not None:
            network.add_node(
                section.iri,
                kind="section",
                label=f"{section.number}、{section.title}",
                plan=plan.key,
            )
            network.add_edge(section.iri, task.iri, role="involves")
    for task in plan.tasks:
        for mention in task.mentions:
            kind = _NAME_KINDS.get(mention.entity.kind)
            if kind is None:
                continue
            entity = mention.entity
            if entity.iri not in network:
                network.add_node(entity.iri, kind=kind, label=entity.name)
            if network.nodes[entity.iri]["kind"] == kind:
                network.add_edge(task.iri, entity.iri, role="involves")


def target_row(target: TargetView) -> list[str]:
    """metric, comparator, amount with its unit, deadline: one row of a panel's table, in
    Chinese (指标 · 不少于(≥) · 15亿元 · 2024年底前). The deadline as the text states it: one
    the plan's period implies is left out (the panel quotes the plan)."""
    return [
        target.metric,
        comparator_text(target.comparator, target.change_bound),
        amount_text(target),
        target.deadline.stated_words if target.deadline is not None else "",
    ]


def comparator_name(target: TargetView) -> str:
    """The pk: name of a target's comparator (AtLeast)."""
    return str(COMPARATORS[target.comparator]).rsplit("#", 1)[-1]


def _fields(task: TaskView) -> list[dict[str, object]]:
    """The task's statements with the spans of its targets and mentions inside each, as
    offsets relative to the statement's text (for highlighting)."""
    marks = [(t.span, "target") for t in task.targets]
    marks += [(m.span, "mention") for m in task.mentions]
    fields = []
    for statement in task.statements:
        start, end = statement.span.start, statement.span.end
        inside = sorted(
            [span.start - start, span.end - start, kind]
            for span, kind in marks
            if start <= span.start and span.end <= end
        )
        fields.append(
            {
                "label": statement.label or _STATEMENT_LABELS[statement.kind],
                "text": statement.text,
                "marks": inside,
                "start": start,
            }
        )
    return fields


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
    them, and marks the office (``focus`` on its node; the graph's ``focus_name`` is its
    canonical name, whichever of its names the view was asked by); coownership links
    offices that share tasks (see ``coownership_network``).
    """
    if view.kind == "office":
        office = find_office(network, view.office)
        shown = nx.DiGraph(nx.ego_graph(network, office, radius=2, undirected=True))
        shown.nodes[office]["focus"] = True
        shown.graph["focus_name"] = shown.nodes[office]["label"]
        return shown
    if view.kind == "coownership":
        return coownership_network(network)
    return network


def find_office(network: nx.DiGraph, name: str) -> str:
    """The office node named ``name`` (its label or an alias); InputError suggesting the
    offices whose names come closest if there is none."""
    offices = [(node, data) for node, data in network.nodes(data=True) if data["kind"] == "office"]
    for node, data in offices:
        if name == data["label"] or name in data.get("aliases", ()):
            return str(node)
    names = [data["label"] for _, data in offices]
    names += [alias for _, data in offices for alias in data.get("aliases", ())]
    raise InputError(f"--view: {suggestion('处室', name, names)}")


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
    shared.graph.update(network.graph)
    return shared


def ownership_counts(network: nx.DiGraph) -> OwnershipCounts:
    """How many offices, placeholders, tasks and links an ownership network has."""
    kinds = [data["kind"] for _, data in network.nodes(data=True)]
    return OwnershipCounts(
        offices=kinds.count("office"),
        placeholders=kinds.count("placeholder"),
        tasks=kinds.count("task"),
        links=sum(1 for *_, role in network.edges(data="role") if role in RESPONSIBILITY_ROLES),
    )
