"""What changed between two plans: tasks matched by their words, then owners and targets.

Any two plans can be compared: two documents, two graph files, or two years of one bureau in a
store — each is read into its model first. Two tasks are the same commitment when their words
are alike: TF-IDF cosine over the tokens of title and text (tokens come from the caller, jieba
in practice), or over the tokens of their titles alone where that is higher, above a
threshold, assigned one to one so that the total similarity is greatest (``graph.similarity``).
The titles count on their own because one plan may restate another in a shorter form: a
任务分工表 keeps each task's title and targets but not its paragraphs, and a task without
targets would share too few words with its full text to match. Numbering plays no part: a
plan whose sections were reordered still matches task for task.

For each pair the units (by canonical name) and the lead are compared, and targets are paired
by what they measure (metric and unit): a target whose number moved is raised or lowered; an
unpaired one is new or dropped. Unmatched tasks are new or dropped commitments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import Graph, Literal, URIRef

from ontology.iris import IriMinter, name_key
from ontology.namespaces import PK, RDF, RDFS, XSD, bind_prefixes

from .model import PlanView, Role, TargetView, TaskView
from .plan_diff import Change, ChangeKind, PlanDiff, TaskPair
from .similarity import assignment, pair_similarity, tfidf_vectors, word_counts
from .triples import decimal_lexical

__all__ = [
    "DEFAULT_THRESHOLD",
    "compare_plans",
    "diff_graph",
    "lead_names",
    "measures",
    "unit_names",
]

DEFAULT_THRESHOLD = 0.35


def compare_plans(
    old: PlanView,
    new: PlanView,
    tokenize: Callable[[str], Iterable[str]],
    threshold: float = DEFAULT_THRESHOLD,
) -> PlanDiff:
    """Match the tasks of two plans one to one and list what changed."""
    texts = tfidf_vectors(
        [word_counts(t.text, tokenize) for t in old.tasks],
        [word_counts(t.text, tokenize) for t in new.tasks],
    )
    titles = tfidf_vectors(
        [word_counts(t.title, tokenize) for t in old.tasks],
        [word_counts(t.title, tokenize) for t in new.tasks],
    )
    partner = {
        j: (i, pair_similarity(texts, titles, i, j))
        for i, j in assignment(*texts, threshold, titles=titles)
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


def measures(target: TargetView) -> str:
    """What a target measures, for pairing across plans: metric and unit."""
    return f"{name_key(target.metric)}|{target.unit or ''}"


def unit_names(task: TaskView) -> tuple[str, ...]:
    """The names of a task's units in printed order."""
    return tuple(p.office.name for p in task.parties)


def lead_names(task: TaskView) -> tuple[str, ...]:
    """The names of the units the text marks as leading."""
    return tuple(p.office.name for p in task.parties if p.role is Role.LEAD)


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
