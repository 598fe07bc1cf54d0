"""The model as a property graph: typed nodes and edges with plain attributes, the form Gephi
(GraphML, GEXF) and Neo4j-style databases (a CSV pair) load.

Nodes carry ``kind`` (Plan, Section, Task, Office, Placeholder, Target, Programme,
PolicyDocument, Organisation, Place), ``label`` and ``plan`` (the document keys of the plans
they belong to, space-separated), and by kind their section, numbers and counts. Edges carry
``relation``: LEAD, SUPPORTING or UNSPECIFIED from an office to a task (the role the text
states), PART_OF from a task or section to what it sits in, HAS_TARGET to a target, MENTIONS
to what a task names. Every attribute is a string or an integer, so every format holds it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import networkx as nx

from .display import number_text
from .model import MentionKind, OfficeView, PlanView, Role, SectionView, TargetView, TaskView
from .network import comparator_name

__all__ = ["EDGE_RELATIONS", "NODE_KINDS", "property_graph"]

NODE_KINDS = (
    "Plan",
    "Section",
    "Task",
    "Office",
    "Placeholder",
    "Target",
    "Programme",
    "PolicyDocument",
    "Organisation",
    "Place",
)
ROLE_RELATIONS = {Role.LEAD: "LEAD", Role.SUPPORTING: "SUPPORTING", Role.UNSPECIFIED: "UNSPECIFIED"}
EDGE_RELATIONS = (*ROLE_RELATIONS.values(), "PART_OF", "HAS_TARGET", "MENTIONS")
_ENTITY_KINDS = {
    MentionKind.PROGRAMME: "Programme",
    MentionKind.POLICY_DOCUMENT: "PolicyDocument",
    MentionKind.ORGANIZATION: "Organisation",
    MentionKind.PLACE: "Place",
}


def property_graph(plans: Sequence[PlanView]) -> nx.DiGraph:
    """Every plan's sections, tasks, offices, targets and mentioned names, linked."""
    graph = nx.DiGraph()
    memberships: dict[str, set[str]] = defaultdict(set)  # node → plan keys
    roles: dict[str, Counter[str]] = defaultdict(Counter)  # office → relation counts
    for plan in plans:
        _add_plan(graph, plan)
        memberships[plan.iri].add(plan.key)
        for section in plan.sections:
            _add_section(graph, plan, section)
            memberships[section.iri].add(plan.key)
        for task in plan.tasks:
            _add_task(graph, plan, task)
            memberships[task.iri].add(plan.key)
            for party in task.links:
                relation = ROLE_RELATIONS[party.role]
                _add_office(graph, party.office)
                graph.add_edge(party.office.iri, task.iri, relation=relation,
                               position=party.position)  # fmt: skip
                roles[party.office.iri][relation] += 1
                memberships[party.office.iri].add(plan.key)
            for target in task.targets:
                _add_target(graph, target, task.iri)
                memberships[target.iri].add(plan.key)
            for mention in task.mentions:
                entity = mention.entity
                if entity.iri not in graph:
                    graph.add_node(entity.iri, kind=_ENTITY_KINDS[entity.kind], label=entity.name)
                graph.add_edge(task.iri, entity.iri, relation="MENTIONS")
                memberships[entity.iri].add(plan.key)
        for target in plan.targets:
            _add_target(graph, target, plan.iri)
            memberships[target.iri].add(plan.key)
    for node, data in graph.nodes(data=True):
        data["plan"] = " ".join(sorted(memberships[node]))
        if data["kind"] in ("Office", "Placeholder"):
            counts = roles[node]
            data["tasks"] = sum(counts.values())
            data["lead"] = counts["LEAD"]
            data["supporting"] = counts["SUPPORTING"]
            data["unspecified"] = counts["UNSPECIFIED"]
    return graph


def _add_plan(graph: nx.DiGraph, plan: PlanView) -> None:
    graph.add_node(
        plan.iri,
        kind="Plan",
        label=plan.title,
        issuer=plan.issuer.name,
        year=plan.document.year or 0,
        sections=len(plan.sections),
        tasks=len(plan.tasks),
        targets=len(plan.targets) + sum(len(t.targets) for t in plan.tasks),
    )


def _add_section(graph: nx.DiGraph, plan: PlanView, section: SectionView) -> None:
    graph.add_node(
        section.iri,
        kind="Section",
        label=f"{section.number}、{section.title}",
        number=section.number,
        title=section.title,
        tasks=sum(1 for t in plan.tasks if t.section == section.iri),
    )
    graph.add_edge(section.iri, section.parent or plan.iri, relation="PART_OF")


def _add_task(graph: nx.DiGraph, plan: PlanView, task: TaskView) -> None:
    section = plan.section(task.section)
    graph.add_node(
        task.iri,
        kind="Task",
        label=f"{task.number} {task.title}",
        number=task.number,
        path=task.path,
        title=task.title,
        section=f"{section.number}、{section.title}" if section is not None else "",
        units=len(task.offices),
        leads=len(task.leads),
        targets=len(task.targets),
        deadline=task.deadline.day.isoformat() if task.deadline is not None else "",
    )
    graph.add_edge(task.iri, task.section or plan.iri, relation="PART_OF")


def _add_office(graph: nx.DiGraph, office: OfficeView) -> None:
    if office.iri in graph:
        return
    graph.add_node(
        office.iri,
        kind="Placeholder" if office.is_placeholder else "Office",
        label=office.name,
        aliases="、".join(office.aliases),
    )


def _add_target(graph: nx.DiGraph, target: TargetView, owner: str) -> None:
    graph.add_node(
        target.iri,
        kind="Target",
        label=target.span.quote,
        metric=target.metric,
        comparator=comparator_name(target),
        value=number_text(target.level),
        unit=target.unit or "",
        deadline=target.deadline.day.isoformat() if target.deadline is not None else "",
    )
    graph.add_edge(owner, target.iri, relation="HAS_TARGET")
