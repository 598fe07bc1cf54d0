"""Score a graph against a gold annotation: how far to trust what the tool extracted.

The graph is read through SPARQL over the core vocabulary only (ONTOLOGY.md), as a user
querying it would read it, and scored the way the shared reference scorer does, count for
count: every graph task is pooled into the gold task whose title it is most like (bigram
Dice, 0.9 for a title inside the other, +0.25 for the same number; at least 0.6), and the
pooled facts are compared with the gold ones — units by any of their names, a target by its
value and unit (implied and full-coverage targets are no printed number), programmes and
documents by their normalised names. Precision, recall and F1 come from the counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from .gold import GoldDocument, GoldIndicator, GoldTask
from .query import run_query

FIELDS = ("tasks", "units", "lead", "indicators", "programmes", "documents")
_MATCHING_TITLE = 0.6
_SAME_NUMBER_BONUS = 0.25
_CONTAINED_TITLE = 0.9
_CONTAINED_LENGTH = 4
_PLACES = 4

_PREFIXES = """
PREFIX pk: <https://w3id.org/policykg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# The ontology's comparators by the names the annotation guidelines give them.
_COMPARATORS = {
    "AtLeast": "at_least",
    "MoreThan": "more_than",
    "AtMost": "at_most",
    "LessThan": "at_most",
    "Equal": "equal",
    "Approximately": "approx",
    "Range": "range",
    "IncreaseBy": "increase_by",
    "DecreaseBy": "decrease_by",
    "FullCoverage": "full",
}
# (graph, gold) comparators that say the same of a target.
_LENIENT = frozenset(
    {
        ("increase_by", "equal"),
        ("increase_by", "at_least"),
        ("more_than", "at_least"),
        ("at_least", "more_than"),
    }
)
_ALIAS = re.compile(r"[（(][^）)]*[）)]")
_SPACE = re.compile(r"\s+")
_QUOTES_AND_STOPS = "“”\"《》〈〉'‘’ 　。，,；;：:"


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if not self.fn else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """The scores rounded to four places, and the counts."""
        return {
            "p": round(self.precision, _PLACES),
            "r": round(self.recall, _PLACES),
            "f1": round(self.f1, _PLACES),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How a graph scores against one gold file."""

    document: str | None
    gold_tasks: int
    graph_tasks: int
    counts: dict[str, Counts]  # by field: tasks, units, lead, indicators, programmes, documents
    collective_agreeing: int  # gold tasks whose collective flag the graph agrees with
    comparators_agreeing: int  # matched targets whose comparator agrees

    @property
    def collective_accuracy(self) -> float:
        if not self.gold_tasks:
            return 1.0
        return round(self.collective_agreeing / self.gold_tasks, _PLACES)

    @property
    def comparator_accuracy(self) -> float | None:
        matched = self.counts["indicators"].tp
        return round(self.comparators_agreeing / matched, _PLACES) if matched else None

    def as_dict(self) -> dict[str, Any]:
        """The fields and order of the reference scorer's ``--json``."""
        c = {name: self.counts[name].as_dict() for name in FIELDS}
        return {
            "document": self.document,
            "gold_tasks": self.gold_tasks,
            "project_tasks": self.graph_tasks,
            "tasks": c["tasks"],
            "units": c["units"],
            "lead": c["lead"],
            "collective_acc": self.collective_accuracy,
            "indicators": c["indicators"],
            "comparator_acc": self.comparator_accuracy,
            "programmes": c["programmes"],
            "documents": c["documents"],
        }


@dataclass(frozen=True, slots=True)
class _GraphTarget:
    value: float
    unit: str | None
    comparator: str


@dataclass(slots=True)
class _GraphTask:
    """What the graph says of one task, as names and numbers to compare."""

    title: str
    number: str
    units: set[frozenset[str]] = field(default_factory=set)  # each unit by all its names
    lead: set[frozenset[str]] = field(default_factory=set)
    collective: bool = False
    targets: list[_GraphTarget] = field(default_factory=list)
    programmes: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)


def evaluate_graph(graph: Graph, gold: GoldDocument) -> Evaluation:
    """How ``graph`` scores against ``gold``."""
    found = graph_tasks(graph)
    pooled, unmatched = _pooled(found, gold.tasks)
    counts = {name: Counts() for name in FIELDS}
    counts["tasks"] = Counts(len(pooled), unmatched, len(gold.tasks) - len(pooled))
    collective = comparators = 0
    for index, task in enumerate(gold.tasks):
        tasks = pooled.get(index, [])
        units = set().union(*(t.units for t in tasks))
        lead = set().union(*(t.lead for t in tasks))
        counts["units"] += _named(units, {_normal(u) for u in task.units})
        counts["lead"] += _named(lead, {_normal(u) for u in task.lead})
        collective += any(t.collective for t in tasks) == task.collective
        targets = [x for t in tasks for x in t.targets]
        target_counts, agreeing = _matched_targets(targets, task.indicators)
        counts["indicators"] += target_counts
        comparators += agreeing
        counts["programmes"] += _compared(
            set().union(*(t.programmes for t in tasks)), {_normal(x) for x in task.programmes}
        )
        counts["documents"] += _compared(
            set().union(*(t.documents for t in tasks)), {_normal(x) for x in task.documents}
        )
    return Evaluation(
        document=gold.document,
        gold_tasks=len(gold.tasks),
        graph_tasks=len(found),
        counts=counts,
        collective_agreeing=collective,
        comparators_agreeing=comparators,
    )


def micro_average(evaluations: Iterable[Evaluation]) -> dict[str, Counts]:
    """The counts of every field summed over documents (their F1 is the micro-average)."""
    total = {name: Counts() for name in FIELDS}
    for evaluation in evaluations:
        total = {name: total[name] + evaluation.counts[name] for name in FIELDS}
    return total


# --- reading the graph ---------------------------------------------------------------------


def graph_tasks(graph: Graph) -> list[_GraphTask]:
    """Every task of ``graph`` with its units, leads, targets, programmes and documents."""
    tasks: dict[Node, _GraphTask] = {}
    for t, label, notation in _rows(graph, _TASKS):
        tasks[t] = _GraphTask(title=str(label or ""), number=str(notation or ""))
    # A unit is known by its canonical name and every alias or printed form: the gold keeps
    # names as printed, so a unit matches a gold name by any of its labels.
    names: defaultdict[Node, set[str]] = defaultdict(set)
    for unit, name in _rows(graph, _NAMES):
        names[unit].add(_normal(str(name)))
    for t, unit in _rows(graph, _PARTIES.format(property="pk:responsibleParty")):
        tasks[t].units.add(frozenset(names[unit]))
    for t, unit in _rows(graph, _PARTIES.format(property="pk:leadParty")):
        tasks[t].lead.add(frozenset(names[unit]))
    for (t,) in _rows(graph, _COLLECTIVE):
        tasks[t].collective = True
    for row in _rows(graph, _TARGETS):
        target = _target(*row[1:])
        if target is not None:
            tasks[row[0]].targets.append(target)
    for t, name in _rows(graph, _PROGRAMMES):
        tasks[t].programmes.add(_normal(str(name)))
    for t, name in _rows(graph, _DOCUMENTS):
        tasks[t].documents.add(_normal(str(name)))
    return list(tasks.values())


_TASKS = """SELECT ?t (SAMPLE(?l) AS ?label) (SAMPLE(?n) AS ?notation) WHERE {
  ?t a pk:Task . OPTIONAL { ?t skos:prefLabel ?l } OPTIONAL { ?t rdfs:label ?l }
  OPTIONAL { ?t skos:notation ?n } } GROUP BY ?t"""
_NAMES = "SELECT ?u ?name WHERE { ?u skos:prefLabel|skos:altLabel ?name }"
_COLLECTIVE = """SELECT DISTINCT ?t WHERE { ?t a pk:Task ; pk:responsibleParty ?u .
  ?u a pk:GenericPartyReference }"""
_PARTIES = """SELECT ?t ?u WHERE {{ ?t a pk:Task ; {property} ?u .
  FILTER NOT EXISTS {{ ?u a pk:GenericPartyReference }} }}"""
_TARGETS = """SELECT ?t ?x ?c ?v ?lo ?hi ?unit ?implied WHERE { ?t a pk:Task ; pk:hasTarget ?x .
  OPTIONAL { ?x pk:comparator ?c }
  OPTIONAL { ?x schema:value ?v } OPTIONAL { ?x schema:minValue ?lo }
  OPTIONAL { ?x schema:maxValue ?hi } OPTIONAL { ?x schema:unitText ?unit }
  OPTIONAL { ?x pk:valueImplied ?implied } }"""
_NAMED = """SELECT ?t ?name WHERE {{ ?t a pk:Task ; {link} ?p .
  {{ ?p {name} ?name }} UNION {{ ?p skos:prefLabel ?name }} }}"""
_PROGRAMMES = _NAMED.format(link="pk:involvesProgramme", name="rdfs:label")
_DOCUMENTS = _NAMED.format(link="pk:involvesPolicyDocument", name="dcterms:title")


def _rows(graph: Graph, query: str) -> Sequence[tuple[Any, ...]]:
    return run_query(graph, _PREFIXES + query).rows


def _target(_node: Node, comparator: Node | None, *numbers: Any) -> _GraphTarget | None:
    """A printed target of the graph, or None for one whose number is implied (全覆盖)."""
    value, low, high, unit, implied = numbers
    name = str(comparator).rsplit("#", 1)[-1] if comparator is not None else ""
    if name == "FullCoverage" or (implied is not None and implied.toPython() is True):
        return None
    number = value if value is not None else (low if low is not None else high)
    if number is None:
        return None
    return _GraphTarget(
        value=float(number.toPython()),
        unit=_normal(unit) or None,
        comparator=_COMPARATORS.get(name, name),
    )


# --- comparing -----------------------------------------------------------------------------


def _pooled(
    found: Sequence[_GraphTask], gold: Sequence[GoldTask]
) -> tuple[dict[int, list[_GraphTask]], int]:
    """The graph's tasks by the gold task each is most like, and how many are like none."""
    pooled: defaultdict[int, list[_GraphTask]] = defaultdict(list)
    unmatched = 0
    for task in found:
        best, best_score = None, 0.0
        for index, candidate in enumerate(gold):
            score = _similarity(task.title, candidate.title)
            if task.number and _normal(task.number) == _normal(candidate.number):
                score += _SAME_NUMBER_BONUS
            if score > best_score:
                best, best_score = index, score
        if best is not None and best_score >= _MATCHING_TITLE:
            pooled[best].append(task)
        else:
            unmatched += 1
    return pooled, unmatched


def _named(found: set[frozenset[str]], gold: set[str]) -> Counts:
    """Units, each known by its names, against gold names: one unit matches one name."""
    free = list(found)
    matched = 0
    for name in sorted(gold):
        hit = next((unit for unit in free if name in unit), None)
        if hit is not None:
            free.remove(hit)
            matched += 1
    return Counts(matched, len(free), len(gold) - matched)


def _compared(found: set[str], gold: set[str]) -> Counts:
    return Counts(len(found & gold), len(found - gold), len(gold - found))


def _matched_targets(
    found: Sequence[_GraphTarget], gold: Sequence[GoldIndicator]
) -> tuple[Counts, int]:
    """Targets matched by value and unit, each once; and how many of the matched agree on
    their comparator."""
    used = [False] * len(found)
    matched = agreeing = 0
    for wanted in gold:
        for index, target in enumerate(found):
            if used[index] or not _same_number(target.value, wanted.value):
                continue
            if target.unit != (_normal(wanted.unit) or None):
                continue
            used[index] = True
            matched += 1
            agreeing += _comparators_agree(target.comparator, wanted.comparator)
            break
    return Counts(matched, len(found) - matched, len(gold) - matched), agreeing


def _same_number(a: float, b: float) -> bool:
    return abs(a - b) <= max(1e-3, 1e-3 * abs(b))


def _comparators_agree(found: str, gold: str | None) -> bool:
    return found == gold or (found, gold) in _LENIENT


def _normal(text: object) -> str:
    """A name as compared: NFKC, aliases in brackets dropped, quotes and stops trimmed,
    no spaces.

    >>> _normal("水资源处(节水办)"), _normal("“河长制”")
    ('水资源处', '河长制')
    """
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).strip()
    folded = _ALIAS.sub("", folded).strip(_QUOTES_AND_STOPS)
    return _SPACE.sub("", folded)


def _bigrams(text: str) -> set[str]:
    normal = _normal(text)
    return {normal[i : i + 2] for i in range(len(normal) - 1)} or {normal}


def _similarity(a: str, b: str) -> float:
    """How alike two titles are: bigram Dice, at least 0.9 when one holds the other.

    >>> _similarity("推进学前教育普及普惠发展", "推进学前教育普及普惠发展。")
    1.0
    """
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    dice = 2 * len(x & y) / (len(x) + len(y))
    na, nb = _normal(a), _normal(b)
    if na and nb and (na in nb or nb in na) and min(len(na), len(nb)) >= _CONTAINED_LENGTH:
        dice = max(dice, _CONTAINED_TITLE)
    return dice
