"""Tables read off a policykg graph: the target register and the office load register."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from ontology.namespaces import OA, PK, SCHEMA

_SENTENCE_ENDS = "。!?;\n"


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One target with the task and offices it belongs to and the sentence that states it."""

    plan: str
    task: str
    task_title: str
    offices: tuple[str, ...]
    leads: tuple[str, ...]
    metric: str
    comparator: str
    value: str
    minimum: str
    maximum: str
    unit: str
    deadline: str
    cue: str
    quote: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OfficeRow:
    """How much one office or placeholder answers for."""

    office: str
    kind: str
    issuer: str
    lead: int
    supporting: int
    unspecified: int
    targets: int
    tasks: tuple[str, ...]

    @property
    def total(self) -> int:
        """Tasks the office answers for in any role."""
        return self.lead + self.supporting + self.unspecified


def target_register(graph: Graph) -> list[TargetRow]:
    """Every target of every task, in document and text order."""
    texts: dict[Node, str] = {}
    rows = []
    owners = _tasks(graph) + sorted(
        p for p in graph.subjects(RDF.type, PK.WorkPlan) if isinstance(p, URIRef)
    )
    for task in owners:
        plan = plan_of(graph, task)
        is_plan = task == plan
        offices = () if is_plan else tuple(label_of(graph, p) for p in _parties(graph, task))
        leads = tuple(sorted(label_of(graph, p) for p in graph.objects(task, PK.leadParty)))
        for target in graph.objects(task, PK.hasTarget):
            start, end, source = evidence_position(graph, target)
            if source not in texts:
                texts[source] = str(graph.value(source, PK.content) or "")
            statement = graph.value(target, PK.statedIn)
            bounds = evidence_position(graph, statement)[:2] if statement is not None else (0, 0)
            rows.append(
                TargetRow(
                    plan=str(graph.value(plan, DCTERMS.title) or ""),
                    task="" if is_plan else str(graph.value(task, SKOS.notation)),
                    task_title="(全文目标)" if is_plan else str(graph.value(task, SKOS.prefLabel)),
                    offices=offices,
                    leads=leads,
                    metric=_text(graph.value(target, PK.metricText)),
                    comparator=local_name(graph.value(target, PK.comparator)),
                    value=decimal_text(graph.value(target, SCHEMA.value)),
                    minimum=decimal_text(graph.value(target, SCHEMA.minValue)),
                    maximum=decimal_text(graph.value(target, SCHEMA.maxValue)),
                    unit=_text(graph.value(target, SCHEMA.unitText)),
                    deadline=_text(graph.value(target, PK.deadlineText)),
                    cue=_text(graph.value(target, PK.comparatorCue)),
                    quote=texts[source][start:end],
                    sentence=_sentence(texts[source], start, end, bounds),
                    start=start,
                    end=end,
                )
            )
    rows.sort(key=lambda r: (r.plan, r.start))
    return rows


def office_register(graph: Graph) -> list[OfficeRow]:
    """Every office and placeholder with its tasks by role and the targets of those tasks."""
    roles: dict[Node, Counter[str]] = defaultdict(Counter)
    # Keyed by task, not number: two plans may both have a task 五.
    tasks: dict[Node, dict[URIRef, str]] = defaultdict(dict)
    targets: Counter[Node] = Counter()
    for task in _tasks(graph):
        number = str(graph.value(task, SKOS.notation))
        target_count = len(set(graph.objects(task, PK.hasTarget)))
        for responsibility in graph.objects(task, PROV.qualifiedAttribution):
            party = graph.value(responsibility, PROV.agent)
            if party is None:
                continue
            role = local_name(graph.value(responsibility, DCAT.hadRole))
            roles[party][role] += 1
            if task not in tasks[party]:
                targets[party] += target_count
            tasks[party][task] = number
    rows = [
        OfficeRow(
            office=label_of(graph, party),
            kind="placeholder"
            if (party, RDF.type, PK.GenericPartyReference) in graph
            else "office",
            issuer=label_of(graph, graph.value(party, _UNIT_OF)),
            lead=roles[party]["LeadRole"],
            supporting=roles[party]["SupportingRole"],
            unspecified=roles[party]["UnspecifiedRole"],
            targets=targets[party],
            tasks=tuple(
                tasks[party][t]
                for t in sorted(tasks[party], key=lambda t: _reading_order(graph, t))
            ),
        )
        for party in roles
    ]
    rows.sort(key=lambda r: (-r.total, -r.targets, r.office))
    return rows


_UNIT_OF = URIRef("http://www.w3.org/ns/org#unitOf")


def _tasks(graph: Graph) -> list[URIRef]:
    return sorted(t for t in graph.subjects(RDF.type, PK.Task) if isinstance(t, URIRef))


def _parties(graph: Graph, task: URIRef) -> list[Node]:
    ordered = []
    for responsibility in graph.objects(task, PROV.qualifiedAttribution):
        position = graph.value(responsibility, PK.listPosition)
        ordered.append((int_of(position), graph.value(responsibility, PROV.agent)))
    return [party for _, party in sorted(ordered, key=lambda p: p[0]) if party is not None]


def _reading_order(graph: Graph, node: Node) -> tuple[str, int]:
    """Where ``node``'s evidence starts: its source text, then the offset (printed order)."""
    start, _, source = evidence_position(graph, node)
    return str(source), start


def plan_of(graph: Graph, node: Node) -> Node:
    """The plan a section or task belongs to (the node itself for a plan)."""
    while (parent := graph.value(node, DCTERMS.isPartOf)) is not None:
        node = parent
    return node


def evidence_position(graph: Graph, node: Node) -> tuple[int, int, Node]:
    """Where ``node``'s evidence lies: start and end offsets and the source text they are in."""
    span = graph.value(node, PK.evidence)
    start = end = 0
    for selector in graph.objects(span, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            start = int_of(graph.value(selector, OA.start))
            end = int_of(graph.value(selector, OA.end))
    return start, end, graph.value(span, OA.hasSource) or span  # type: ignore[return-value]


def _sentence(text: str, start: int, end: int, bounds: tuple[int, int]) -> str:
    """The sentence around ``[start, end)``, within the statement's bounds."""
    low, high = bounds if bounds[1] > bounds[0] else (0, len(text))
    begin = max((text.rfind(c, low, start) for c in _SENTENCE_ENDS), default=-1)
    begin = max(begin + 1, low)
    stops = [i for i in (text.find(c, end, high) for c in _SENTENCE_ENDS) if i != -1]
    finish = min(stops) + 1 if stops else high
    return text[begin:finish].strip()


def label_of(graph: Graph, node: Node | None) -> str:
    """A node's skos:prefLabel (its IRI when it has none; empty for None)."""
    if node is None:
        return ""
    return str(graph.value(node, SKOS.prefLabel) or node)


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


def decimal_text(node: Node | None) -> str:
    """A number as people write it: 12000, not 1.2E+4 or 12000.0.

    >>> decimal_text(Literal(Decimal("12000.0"))), decimal_text(None)
    ('12000', '')
    """
    if not isinstance(node, Literal):
        return ""
    value = Decimal(str(node))
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def local_name(node: Node | None) -> str:
    """The last segment of an IRI (AtLeast for pk:AtLeast); empty for None."""
    return "" if node is None else str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def int_of(node: Node | None) -> int:
    """An integer literal's value (0 for anything else)."""
    return int(node.toPython()) if isinstance(node, Literal) else 0
