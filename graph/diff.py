"""What changed between two plans: tasks matched by their words, then owners and targets.

Tasks are read off each plan's graph, so any two plans can be compared: two files, or two
years of one bureau in a store. Two tasks are the same commitment when their words are alike:
TF-IDF cosine over the tokens of title and text (tokens come from the caller, jieba in
practice), above a threshold, assigned one to one so that the total similarity is greatest.
Numbering plays no part: a plan whose sections were reordered still matches task for task.

For each pair the units (by canonical name) and the lead are compared, and targets are paired
by what they measure (metric and unit): a target whose number moved is raised or lowered; an
unpaired one is new or dropped. Unmatched tasks are new or dropped commitments.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ontology.iris import name_key
from ontology.namespaces import PK, SCHEMA, bind_prefixes
from policykg.errors import InputError

from .registers import decimal_text, evidence_position, int_of, label_of, local_name, plan_of

DEFAULT_THRESHOLD = 0.35
_WORD = re.compile(r"\w")
_COMPARATOR_SIGNS = {
    "AtLeast": "≥",
    "MoreThan": ">",
    "AtMost": "≤",
    "LessThan": "<",
    "Equal": "=",
    "Approximately": "≈",
    "IncreaseBy": "+",
    "DecreaseBy": "−",
}


@dataclass(frozen=True, slots=True)
class PlanTarget:
    """A target as the diff sees it: what it measures, how it binds, its number."""

    iri: URIRef
    metric: str
    comparator: str
    value: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    unit: str
    quote: str

    @property
    def level(self) -> Decimal | None:
        """The number that moves when the target is raised or lowered."""
        for number in (self.value, self.minimum, self.maximum):
            if number is not None:
                return number
        return None

    @property
    def measures(self) -> str:
        """What is measured, for pairing across plans: metric and unit."""
        return f"{name_key(self.metric)}|{self.unit}"

    def shown(self) -> str:
        """The target in a few characters: ≥40 %, 12000 个, 30–50 %."""
        if self.comparator == "Range" and self.minimum is not None and self.maximum is not None:
            number = f"{_number(self.minimum)}–{_number(self.maximum)}"
        elif self.comparator == "FullCoverage":
            number = "全覆盖"
        else:
            number = _COMPARATOR_SIGNS.get(self.comparator, "") + _number(self.level)
        return f"{number} {self.unit}".strip()


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit answerable for a task: its canonical name and the role the text gives it."""

    name: str
    role: str  # LeadRole, SupportingRole, UnspecifiedRole


@dataclass(frozen=True, slots=True)
class PlanTask:
    """A task as the diff sees it."""

    iri: URIRef
    number: str
    path: str
    title: str
    text: str
    section: str
    units: tuple[Unit, ...]
    targets: tuple[PlanTarget, ...]

    @property
    def unit_names(self) -> tuple[str, ...]:
        """The units' names in printed order."""
        return tuple(u.name for u in self.units)

    @property
    def leads(self) -> tuple[str, ...]:
        """The units the text marks as leading."""
        return tuple(u.name for u in self.units if u.role == "LeadRole")


@dataclass(frozen=True, slots=True)
class PlanSide:
    """One plan of a comparison."""

    iri: URIRef
    key: str
    title: str
    year: str
    tasks: tuple[PlanTask, ...]


class ChangeKind(StrEnum):
    """The kinds of difference; the values are the pk: classes of the change records."""

    TASK_ADDED = "TaskAdded"
    TASK_DROPPED = "TaskDropped"
    UNIT_ADDED = "UnitAdded"
    UNIT_REMOVED = "UnitRemoved"
    LEAD_CHANGED = "LeadChanged"
    TARGET_RAISED = "TargetRaised"
    TARGET_LOWERED = "TargetLowered"
    TARGET_ADDED = "TargetAdded"
    TARGET_DROPPED = "TargetDropped"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the plans, with what it concerns on each side."""

    kind: ChangeKind
    old_task: PlanTask | None
    new_task: PlanTask | None
    unit: str | None = None
    old_target: PlanTarget | None = None
    new_target: PlanTarget | None = None
    old_leads: tuple[str, ...] = ()
    new_leads: tuple[str, ...] = ()

    def describe(self) -> str:
        """The change in one line of Chinese, as a reader of both plans would put it."""
        if self.kind is ChangeKind.TASK_DROPPED:
            assert self.old_task is not None
            return f"删除任务{self.old_task.number}「{self.old_task.title}」"
        assert self.new_task is not None
        where = f"任务{self.new_task.number}「{self.new_task.title}」"
        return self._what(where)

    def _what(self, where: str) -> str:
        if self.kind is ChangeKind.TASK_ADDED:
            return f"新增{where}"
        if self.kind in (ChangeKind.UNIT_ADDED, ChangeKind.UNIT_REMOVED):
            verb = "增加" if self.kind is ChangeKind.UNIT_ADDED else "减少"
            return f"{where}:{verb}责任单位 {self.unit}"
        if self.kind is ChangeKind.LEAD_CHANGED:
            before = "、".join(self.old_leads) or "未标明"
            after = "、".join(self.new_leads) or "未标明"
            return f"{where}:牵头单位 {before} → {after}"
        return f"{where}:{self._target_change()}"

    def _target_change(self) -> str:
        old, new = self.old_target, self.new_target
        metric = (new or old).metric or "(未标明指标)"  # type: ignore[union-attr]
        if old is None or new is None:
            verb = "新增" if new is not None else "删除"
            return f"{verb}目标 {metric} {(new or old).shown()}"  # type: ignore[union-attr]
        verb = "提高" if self.kind is ChangeKind.TARGET_RAISED else "降低"
        return f"目标{verb} {metric} {old.shown()} → {new.shown()}"


@dataclass(frozen=True, slots=True)
class TaskPair:
    """A row of the comparison: the same commitment in both plans, or in one only."""

    old: PlanTask | None
    new: PlanTask | None
    similarity: float
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Two plans compared: rows in the new plan's order (dropped tasks where they stood)."""

    old: PlanSide
    new: PlanSide
    threshold: float
    pairs: tuple[TaskPair, ...]

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change, row by row."""
        return tuple(c for pair in self.pairs for c in pair.changes)

    def count(self, kind: ChangeKind) -> int:
        """How many changes of one kind."""
        return sum(1 for c in self.changes if c.kind is kind)

    @property
    def continued(self) -> int:
        """Commitments found in both plans."""
        return sum(1 for p in self.pairs if p.old is not None and p.new is not None)


def read_plan(graph: Graph, plan: URIRef | None = None) -> PlanSide:
    """The plan (the graph's only one, unless named) and its tasks in printed order."""
    plans = sorted(p for p in graph.subjects(RDF.type, PK.WorkPlan) if isinstance(p, URIRef))
    if plan is None:
        if len(plans) != 1:
            raise InputError(f"the graph holds {len(plans)} plans; give a graph of one plan")
        plan = plans[0]
    elif plan not in plans:
        raise InputError(f"no plan <{plan}> in the graph")
    tasks = [t for t in graph.subjects(RDF.type, PK.Task) if plan_of(graph, t) == plan]
    ordered = sorted(tasks, key=lambda t: (evidence_position(graph, t)[0], str(t)))
    return PlanSide(
        iri=plan,
        key=str(graph.value(plan, DCTERMS.identifier) or ""),
        title=str(graph.value(plan, DCTERMS.title) or ""),
        year=str(graph.value(plan, PK.planYear) or ""),
        tasks=tuple(_task(graph, t) for t in ordered if isinstance(t, URIRef)),
    )


def text_digest(graph: Graph) -> str:
    """The SHA-256 of the stored text of the (one) plan in ``graph``, or "" if none."""
    return min((str(o) for o in graph.objects(None, PK.sha256)), default="")


def rekey_plan(graph: Graph, side: PlanSide, key: str) -> Graph:
    """``graph`` with its plan under document key ``key``: every IRI minted from the plan's
    key moved to the new one (for two drafts of one plan, which share their identity)."""
    old = str(side.iri)
    new = old.removesuffix(side.key) + key
    moved = bind_prefixes(Graph())

    def term(node: Node) -> Node:
        text = str(node)
        if isinstance(node, URIRef) and (text == old or text.startswith(old + "/")):
            return URIRef(new + text[len(old) :])
        return node

    for s, p, o in graph:
        renamed = Literal(key) if p == DCTERMS.identifier and s == side.iri else term(o)
        moved.add((term(s), p, renamed))
    return moved


def compare_plans(
    old: PlanSide,
    new: PlanSide,
    tokenize: Callable[[str], Iterable[str]],
    threshold: float = DEFAULT_THRESHOLD,
) -> PlanDiff:
    """Match the tasks of two plans one to one and list what changed."""
    old_vectors, new_vectors = _tfidf(
        [_words(t, tokenize) for t in old.tasks], [_words(t, tokenize) for t in new.tasks]
    )
    matching = nx.Graph()
    for i, old_vector in enumerate(old_vectors):
        for j, new_vector in enumerate(new_vectors):
            similarity = _cosine(old_vector, new_vector)
            if similarity >= threshold:
                matching.add_edge(("old", i), ("new", j), weight=similarity)
    partner: dict[int, tuple[int, float]] = {}
    for a, b in nx.max_weight_matching(matching):
        (_, j), (_, i) = sorted((a, b))  # ("new", j) sorts before ("old", i)
        partner[j] = (i, matching[a][b]["weight"])
    rows: list[tuple[float, TaskPair]] = []
    old_to_new = {i: j for j, (i, _) in partner.items()}
    for j, task in enumerate(new.tasks):
        if j in partner:
            i, similarity = partner[j]
            rows.append((j, _pair(old.tasks[i], task, similarity)))
        else:
            change = Change(ChangeKind.TASK_ADDED, None, task)
            rows.append((j, TaskPair(None, task, 0.0, (change,))))
    for i, task in enumerate(old.tasks):
        if i in old_to_new:
            continue
        before = [old_to_new[k] for k in range(i) if k in old_to_new]
        place = (before[-1] if before else -1) + 0.5 + i / (len(old.tasks) + 1) / 2
        change = Change(ChangeKind.TASK_DROPPED, task, None)
        rows.append((place, TaskPair(task, None, 0.0, (change,))))
    rows.sort(key=lambda r: r[0])
    return PlanDiff(old, new, threshold, tuple(pair for _, pair in rows))


def _pair(old: PlanTask, new: PlanTask, similarity: float) -> TaskPair:
    changes = [
        Change(ChangeKind.UNIT_ADDED, old, new, unit=name)
        for name in new.unit_names
        if name not in old.unit_names
    ]
    changes += [
        Change(ChangeKind.UNIT_REMOVED, old, new, unit=name)
        for name in old.unit_names
        if name not in new.unit_names
    ]
    if sorted(old.leads) != sorted(new.leads):
        changes.append(
            Change(ChangeKind.LEAD_CHANGED, old, new, old_leads=old.leads, new_leads=new.leads)
        )
    changes += _target_changes(old, new)
    return TaskPair(old, new, similarity, tuple(changes))


def _target_changes(old: PlanTask, new: PlanTask) -> list[Change]:
    """Targets paired by what they measure, in printed order; the rest new or dropped."""
    waiting: dict[str, list[PlanTarget]] = {}
    for target in old.targets:
        waiting.setdefault(target.measures, []).append(target)
    changes = []
    for target in new.targets:
        earlier = waiting.get(target.measures)
        if not earlier:
            changes.append(Change(ChangeKind.TARGET_ADDED, old, new, new_target=target))
            continue
        before = earlier.pop(0)
        if before.level is None or target.level is None or before.level == target.level:
            continue
        kind = (
            ChangeKind.TARGET_RAISED if target.level > before.level else ChangeKind.TARGET_LOWERED
        )
        changes.append(Change(kind, old, new, old_target=before, new_target=target))
    for left in waiting.values():
        changes += [Change(ChangeKind.TARGET_DROPPED, old, new, old_target=t) for t in left]
    return changes


def _words(task: PlanTask, tokenize: Callable[[str], Iterable[str]]) -> Counter[str]:
    return Counter(t for t in tokenize(f"{task.title}\n{task.text}") if _WORD.search(t))


def _tfidf(
    old: Sequence[Counter[str]], new: Sequence[Counter[str]]
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Unit TF-IDF vectors; document frequencies over the tasks of both plans."""
    frequency: Counter[str] = Counter()
    for words in (*old, *new):
        frequency.update(words.keys())
    total = len(old) + len(new)

    def vector(words: Counter[str]) -> dict[str, float]:
        weights = {w: n * (1 + math.log(total / frequency[w])) for w, n in words.items()}
        norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
        return {w: x / norm for w, x in weights.items()}

    return [vector(w) for w in old], [vector(w) for w in new]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def _task(graph: Graph, task: URIRef) -> PlanTask:
    statements = sorted(
        (evidence_position(graph, s)[0], str(graph.value(s, RDF.value) or ""))
        for prop in _STATEMENT_PROPERTIES
        for s in graph.objects(task, prop)
    )
    units = []
    for responsibility in graph.objects(task, PROV.qualifiedAttribution):
        agent = graph.value(responsibility, PROV.agent)
        position = graph.value(responsibility, PK.listPosition)
        role = local_name(graph.value(responsibility, DCAT.hadRole))
        units.append((int_of(position), Unit(label_of(graph, agent), role)))
    targets = sorted(
        (
            (evidence_position(graph, t)[0], _target(graph, t))
            for t in graph.objects(task, PK.hasTarget)
            if isinstance(t, URIRef)
        ),
        key=lambda p: (p[0], str(p[1].iri)),
    )
    section = graph.value(task, DCTERMS.isPartOf)
    return PlanTask(
        iri=task,
        number=str(graph.value(task, SKOS.notation) or ""),
        path=str(graph.value(task, PK.outlinePath) or ""),
        title=str(graph.value(task, SKOS.prefLabel) or ""),
        text="\n".join(dict.fromkeys(text for _, text in statements)),
        section=str(graph.value(section, SKOS.prefLabel) or "") if section is not None else "",
        units=tuple(u for _, u in sorted(units, key=lambda p: p[0])),
        targets=tuple(t for _, t in targets),
    )


def _target(graph: Graph, target: URIRef) -> PlanTarget:
    span = graph.value(target, PK.evidence)
    quote = ""
    for selector in graph.objects(span, _OA_SELECTOR):
        exact = graph.value(selector, _OA_EXACT)
        if exact is not None:
            quote = str(exact)
    return PlanTarget(
        iri=target,
        metric=str(graph.value(target, PK.metricText) or ""),
        comparator=local_name(graph.value(target, PK.comparator)),
        value=_decimal(graph.value(target, SCHEMA.value)),
        minimum=_decimal(graph.value(target, SCHEMA.minValue)),
        maximum=_decimal(graph.value(target, SCHEMA.maxValue)),
        unit=str(graph.value(target, SCHEMA.unitText) or ""),
        quote=quote,
    )


_STATEMENT_PROPERTIES = (PK.problem, PK.objective, PK.outcome, PK.measure, PK.timeframe, PK.body)
_OA_SELECTOR = URIRef("http://www.w3.org/ns/oa#hasSelector")
_OA_EXACT = URIRef("http://www.w3.org/ns/oa#exact")


def diff_graph(diff: PlanDiff, comparison: URIRef) -> Graph:
    """The comparison as RDF: ``pk:continues`` from each new task to its old one, and one
    change record per difference (``pk:Change`` and its kind), all under ``comparison``."""
    graph = bind_prefixes(Graph())
    graph.add((comparison, RDF.type, PK.PlanComparison))
    graph.add((comparison, PK.oldPlan, diff.old.iri))
    graph.add((comparison, PK.newPlan, diff.new.iri))
    graph.add((comparison, PK.matchThreshold, Literal(str(diff.threshold), datatype=XSD.decimal)))
    number = 0
    for pair in diff.pairs:
        if pair.old is not None and pair.new is not None:
            graph.add((pair.new.iri, PK.continues, pair.old.iri))
        for change in pair.changes:
            number += 1
            node = URIRef(f"{comparison}/change-{number}")
            graph.add((node, RDF.type, PK.Change))
            graph.add((node, RDF.type, PK[change.kind.value]))
            graph.add((node, PK.changeIn, comparison))
            graph.add((node, RDFS.label, Literal(change.describe(), lang="zh")))
            _link(graph, node, PK.oldTask, change.old_task)
            _link(graph, node, PK.newTask, change.new_task)
            _link(graph, node, PK.oldTarget, change.old_target)
            _link(graph, node, PK.newTarget, change.new_target)
            if change.unit is not None:
                graph.add((node, PK.unitName, Literal(change.unit, lang="zh")))
            for prop, target in (
                (PK.oldValue, change.old_target),
                (PK.newValue, change.new_target),
            ):
                if (
                    target is not None
                    and target.level is not None
                    and change.kind
                    in (
                        ChangeKind.TARGET_RAISED,
                        ChangeKind.TARGET_LOWERED,
                    )
                ):
                    graph.add(
                        (
                            node,
                            prop,
                            Literal(decimal_text(_literal(target.level)), datatype=XSD.decimal),
                        )
                    )
    return graph


def _link(graph: Graph, node: URIRef, prop: URIRef, thing: PlanTask | PlanTarget | None) -> None:
    if thing is not None:
        graph.add((node, prop, thing.iri))


def _literal(number: Decimal) -> Literal:
    return Literal(number, datatype=XSD.decimal)


def _decimal(node: Node | None) -> Decimal | None:
    return Decimal(str(node)) if isinstance(node, Literal) else None


def _number(value: Decimal | None) -> str:
    return "" if value is None else decimal_text(_literal(value))
