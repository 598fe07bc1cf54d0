"""What changed between two plans: tasks matched by their words, then owners and targets.

Any two plans can be compared: two documents, two graph files, or two years of one bureau in a
store — each is read into its model first. Two tasks are the same commitment when their words
are alike: TF-IDF cosine over the tokens of title and text (tokens come from the caller, jieba
in practice), or over the tokens of their titles alone where that is higher, above a
threshold, assigned one to one so that the total similarity is greatest. The titles count on
their own because one plan may restate another in a shorter form: a 任务分工表 keeps each
task's title and targets but not its paragraphs, and a task without targets would share too
few words with its full text to match. Numbering plays no part: a plan whose sections were
reordered still matches task for task.

In near-linear time, for plans of thousands of tasks: the similarities come from one sparse
product of the two plans' TF-IDF matrices (only tasks that share a word get one), the pairs
above the threshold make a sparse graph, and each connected part of it is assigned on its own
with the Hungarian algorithm (scipy's ``linear_sum_assignment``) — where every pair of tasks
compared by hand and a general matching (networkx's blossom) took 197 s for two plans of 800
tasks.

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
from enum import StrEnum
from typing import Any

from rdflib import Graph, Literal, URIRef

from ontology.iris import IriMinter, name_key
from ontology.namespaces import PK, RDF, RDFS, XSD, bind_prefixes

from .display import target_text
from .model import PlanView, Role, TargetView, TaskView
from .triples import decimal_lexical

__all__ = [
    "DEFAULT_THRESHOLD",
    "Change",
    "ChangeKind",
    "PlanDiff",
    "TaskPair",
    "compare_plans",
    "cosine",
    "diff_graph",
    "lead_names",
    "measures",
    "shown",
    "tfidf_vectors",
    "unit_names",
]

DEFAULT_THRESHOLD = 0.35
_WORD = re.compile(r"\w")


def measures(target: TargetView) -> str:
    """What a target measures, for pairing across plans: metric and unit."""
    return f"{name_key(target.metric)}|{target.unit or ''}"


def shown(target: TargetView) -> str:
    """A target in a few characters of Chinese: 不少于40%, 1.2万个, 30–50%, 全覆盖."""
    return target_text(target)


def unit_names(task: TaskView) -> tuple[str, ...]:
    """The names of a task's units in printed order."""
    return tuple(p.office.name for p in task.parties)


def lead_names(task: TaskView) -> tuple[str, ...]:
    """The names of the units the text marks as leading."""
    return tuple(p.office.name for p in task.parties if p.role is Role.LEAD)


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
    old_task: TaskView | None
    new_task: TaskView | None
    unit: str | None = None
    old_target: TargetView | None = None
    new_target: TargetView | None = None
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
            return f"{verb}目标 {metric} {shown(new or old)}"  # type: ignore[arg-type]
        verb = "提高" if self.kind is ChangeKind.TARGET_RAISED else "降低"
        return f"目标{verb} {metric} {shown(old)} → {shown(new)}"


@dataclass(frozen=True, slots=True)
class TaskPair:
    """A row of the comparison: the same commitment in both plans, or in one only."""

    old: TaskView | None
    new: TaskView | None
    similarity: float
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Two plans compared: rows in the new plan's order (dropped tasks where they stood)."""

    old: PlanView
    new: PlanView
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


def compare_plans(
    old: PlanView,
    new: PlanView,
    tokenize: Callable[[str], Iterable[str]],
    threshold: float = DEFAULT_THRESHOLD,
) -> PlanDiff:
    """Match the tasks of two plans one to one and list what changed."""
    texts = tfidf_vectors(
        [_words(t.text, tokenize) for t in old.tasks], [_words(t.text, tokenize) for t in new.tasks]
    )
    titles = tfidf_vectors(
        [_words(t.title, tokenize) for t in old.tasks],
        [_words(t.title, tokenize) for t in new.tasks],
    )
    partner = {
        j: (i, _similarity(texts, titles, i, j))
        for i, j in _assignment(*texts, threshold, titles=titles)
    }
    rows: list[tuple[float, TaskPair]] = []
    old_to_new = {i: j for j, (i, _) in partner.items()}
    for j, task in enumerate(new.tasks):
        if j in partner:
            i, similarity = partner[j]
            rows.append((j, _pair(old.tasks[i], task, similarity)))
        else:
            change = Change(ChangeKind.TASK_ADDED, None, task)
            rows.append((j, TaskPair(None, task, 0.0, (change,))))
    last_kept = -1  # the new place of the nearest task kept before, in the old plan
    for i, task in enumerate(old.tasks):
        if i in old_to_new:
            last_kept = old_to_new[i]
            continue
        place = last_kept + 0.5 + i / (len(old.tasks) + 1) / 2
        change = Change(ChangeKind.TASK_DROPPED, task, None)
        rows.append((place, TaskPair(task, None, 0.0, (change,))))
    rows.sort(key=lambda r: r[0])
    return PlanDiff(old, new, threshold, tuple(pair for _, pair in rows))


def _pair(old: TaskView, new: TaskView, similarity: float) -> TaskPair:
    old_units, new_units = unit_names(old), unit_names(new)
    changes = [
        Change(ChangeKind.UNIT_ADDED, old, new, unit=name)
        for name in new_units
        if name not in old_units
    ]
    changes += [
        Change(ChangeKind.UNIT_REMOVED, old, new, unit=name)
        for name in old_units
        if name not in new_units
    ]
    old_leads, new_leads = lead_names(old), lead_names(new)
    if sorted(old_leads) != sorted(new_leads):
        changes.append(
            Change(ChangeKind.LEAD_CHANGED, old, new, old_leads=old_leads, new_leads=new_leads)
        )
    changes += _target_changes(old, new)
    return TaskPair(old, new, similarity, tuple(changes))


def _target_changes(old: TaskView, new: TaskView) -> list[Change]:
    """Targets paired by what they measure, in printed order; the rest new or dropped."""
    waiting: dict[str, list[TargetView]] = {}
    for target in old.targets:
        waiting.setdefault(measures(target), []).append(target)
    changes = []
    for target in new.targets:
        earlier = waiting.get(measures(target))
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


def _words(text: str, tokenize: Callable[[str], Iterable[str]]) -> Counter[str]:
    return Counter(t for t in tokenize(text) if _WORD.search(t))


def tfidf_vectors(
    old: Sequence[Counter[str]], new: Sequence[Counter[str]]
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Unit TF-IDF vectors of two sets of word counts (the tasks of two plans, a report's
    rows and a plan's tasks); document frequencies over both."""
    frequency: Counter[str] = Counter()
    for words in (*old, *new):
        frequency.update(words.keys())
    total = len(old) + len(new)

    def vector(words: Counter[str]) -> dict[str, float]:
        weights = {w: n * (1 + math.log(total / frequency[w])) for w, n in words.items()}
        norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
        return {w: x / norm for w, x in weights.items()}

    return [vector(w) for w in old], [vector(w) for w in new]


_Vectors = Sequence[dict[str, float]]


def _assignment(
    old: _Vectors, new: _Vectors, threshold: float, titles: tuple[_Vectors, _Vectors] | None = None
) -> list[tuple[int, int]]:
    """(old, new) pairs of tasks, one to one, whose similarity is at least ``threshold``,
    with the greatest total similarity; with ``titles`` (the vectors of the tasks' titles),
    a pair's similarity is the higher of its texts' and its titles'.

    >>> a, b, c = {"x": 1.0}, {"y": 1.0}, {"x": 0.6, "y": 0.8}
    >>> _assignment([a, b], [c, a], 0.5)
    [(0, 1), (1, 0)]
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    if not old or not new:
        return []
    vocabulary: dict[str, int] = {}

    def matrix(vectors: Sequence[dict[str, float]]) -> Any:
        """The vectors as the rows of a sparse matrix, a column per word."""
        rows, columns, values = [], [], []
        for row, vector in enumerate(vectors):
            for word, weight in vector.items():
                rows.append(row)
                columns.append(vocabulary.setdefault(word, len(vocabulary)))
                values.append(weight)
        return rows, columns, values

    def product(left: _Vectors, right: _Vectors) -> Any:
        """The cosines of every pair of vectors that share a word (a sparse matrix)."""
        entries = matrix(left), matrix(right)
        left_matrix, right_matrix = (
            csr_matrix((values, (rows, columns)), shape=(len(vectors), len(vocabulary)))
            for (rows, columns, values), vectors in zip(entries, (left, right), strict=True)
        )
        return left_matrix @ right_matrix.T

    similar = product(old, new)
    if titles is not None:
        similar = similar.maximum(product(*titles))
    similar = similar.tocoo()
    # A hair below the threshold: the pairs are checked again by cosine, as they always were.
    keep = similar.data >= threshold - 1e-9
    i, j = similar.row[keep], similar.col[keep]
    weights = similar.data[keep]
    # Old tasks are nodes 0…n-1, new ones n…n+m-1: each connected part is assigned alone.
    size = len(old) + len(new)
    graph = csr_matrix((np.ones(len(i)), (i, j + len(old))), shape=(size, size))
    _, part = connected_components(graph, directed=False)
    pairs: list[tuple[int, int]] = []
    for label in np.unique(part[i]):
        inside = part[i] == label
        rows, row_index = np.unique(i[inside], return_inverse=True)
        columns, column_index = np.unique(j[inside], return_inverse=True)
        cost = np.zeros((len(rows), len(columns)))
        cost[row_index, column_index] = weights[inside]
        for a, b in zip(*linear_sum_assignment(cost, maximize=True), strict=True):
            i_old, j_new = int(rows[a]), int(columns[b])
            if cost[a, b] > 0 and _similarity((old, new), titles, i_old, j_new) >= threshold:
                pairs.append((i_old, j_new))
    return sorted(pairs)


def _similarity(
    texts: tuple[_Vectors, _Vectors], titles: tuple[_Vectors, _Vectors] | None, i: int, j: int
) -> float:
    """How alike old task ``i`` and new task ``j`` are: their texts' cosine, or their
    titles' where that is higher."""
    found = cosine(texts[0][i], texts[1][j])
    return found if titles is None else max(found, cosine(titles[0][i], titles[1][j]))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The similarity of two unit vectors (0 to 1)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def diff_graph(diff: PlanDiff, mint: IriMinter) -> Graph:
    """The comparison as RDF: ``pk:continues`` from each new task to its old one, and one
    change record per difference (``pk:Change`` and its kind), all under the comparison's
    node."""
    graph = bind_prefixes(Graph())
    comparison = URIRef(mint.comparison(diff.old.key, diff.new.key))
    graph.add((comparison, RDF.type, PK.PlanComparison))
    graph.add((comparison, PK.oldPlan, URIRef(diff.old.iri)))
    graph.add((comparison, PK.newPlan, URIRef(diff.new.iri)))
    graph.add((comparison, PK.matchThreshold, Literal(str(diff.threshold), datatype=XSD.decimal)))
    for number, change in enumerate(diff.changes, start=1):
        node = URIRef(mint.change(comparison, number))
        graph.add((node, RDF.type, PK.Change))
        graph.add((node, RDF.type, PK[change.kind.value]))
        graph.add((node, PK.changeIn, comparison))
        graph.add((node, RDFS.label, Literal(change.describe(), lang="zh")))
        for prop, thing in (
            (PK.oldTask, change.old_task),
            (PK.newTask, change.new_task),
            (PK.oldTarget, change.old_target),
            (PK.newTarget, change.new_target),
        ):
            if thing is not None:
                graph.add((node, prop, URIRef(thing.iri)))
        if change.unit is not None:
            graph.add((node, PK.unitName, Literal(change.unit, lang="zh")))
        if change.kind in (ChangeKind.TARGET_RAISED, ChangeKind.TARGET_LOWERED):
            for prop, target in (
                (PK.oldValue, change.old_target),
                (PK.newValue, change.new_target),
            ):
                if target is not None and target.level is not None:
                    value = Literal(decimal_lexical(target.level), datatype=XSD.decimal)
                    graph.add((node, prop, value))
    for pair in diff.pairs:
        if pair.old is not None and pair.new is not None:
            graph.add((URIRef(pair.new.iri), PK.continues, URIRef(pair.old.iri)))
    return graph
