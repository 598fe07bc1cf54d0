"""Scores against gold annotations, for people (a small table) and programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from graph.evaluation import FIELDS, Counts, Evaluation
from policykg.errors import InputError

SCORE_FORMATS = ("table", "json")


def format_scores(evaluation: Evaluation, score_format: str) -> str:
    """One document's scores as a table or as the reference scorer's JSON."""
    if score_format not in SCORE_FORMATS:
        raise InputError(
            f"unknown format '{score_format}'; choose one of: {', '.join(SCORE_FORMATS)}"
        )
    if score_format == "json":
        return json.dumps(evaluation.as_dict(), ensure_ascii=False) + "\n"
    return score_table(evaluation)


def score_table(evaluation: Evaluation) -> str:
    """Precision, recall, F1 and counts of each field, with the accuracies below.

    >>> from graph.evaluation import Counts, Evaluation
    >>> counts = {name: Counts(3, 1, 0) for name in FIELDS}
    >>> print(score_table(Evaluation("plan.txt", 3, 4, counts, 3, 2)), end="")
    plan.txt: 3 gold tasks, 4 tasks in the graph
    field       precision  recall      F1    tp    fp    fn
    tasks          0.7500  1.0000  0.8571     3     1     0
    units          0.7500  1.0000  0.8571     3     1     0
    lead           0.7500  1.0000  0.8571     3     1     0
    indicators     0.7500  1.0000  0.8571     3     1     0
    programmes     0.7500  1.0000  0.8571     3     1     0
    documents      0.7500  1.0000  0.8571     3     1     0
    collective flags agree on 1.0000 of the gold tasks, comparators on 0.6667 of the matched targets
    """
    title = evaluation.document or "the gold file's document"
    lines = [
        f"{title}: {evaluation.gold_tasks} gold tasks, {evaluation.graph_tasks} tasks in the graph"
    ]
    lines += field_rows(evaluation.counts)
    comparators = evaluation.comparator_accuracy
    lines.append(
        f"collective flags agree on {evaluation.collective_accuracy:.4f} of the gold tasks, "
        + (
            f"comparators on {comparators:.4f} of the matched targets"
            if comparators is not None
            else "no target matched to compare comparators"
        )
    )
    return "\n".join(lines) + "\n"


def field_rows(counts: dict[str, Counts], fields: Sequence[str] = FIELDS) -> list[str]:
    """A header and one row per field: precision, recall, F1, tp, fp, fn."""
    rows = [f"{'field':10} {'precision':>10} {'recall':>7} {'F1':>7} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name in fields:
        c = counts[name]
        rows.append(
            f"{name:10} {c.precision:10.4f} {c.recall:7.4f} {c.f1:7.4f} "
            f"{c.tp:5d} {c.fp:5d} {c.fn:5d}"
        )
    return rows


def accuracy_table(scored: Sequence[tuple[str, Evaluation]], total: dict[str, Counts]) -> str:
    """One line of F1 per document and the micro-averaged F1 over all of them.

    >>> from graph.evaluation import Counts, Evaluation
    >>> one = Evaluation("a.txt", 2, 2, {name: Counts(2, 0, 0) for name in FIELDS}, 2, 2)
    >>> print(accuracy_table([("a", one)], one.counts), end="")
    document                                      tasks  units   lead  indic  progr  docum
    a                                              1.00   1.00   1.00   1.00   1.00   1.00
    micro F1 (1 documents)                        1.000  1.000  1.000  1.000  1.000  1.000
    """
    heads = "".join(f"{name[:5]:>7}" for name in FIELDS)
    lines = [f"{'document':44}{heads}"]
    for name, evaluation in scored:
        scores = "".join(f"{evaluation.counts[field].f1:7.2f}" for field in FIELDS)
        lines.append(f"{name[:44]:44}{scores}")
    micro = "".join(f"{total[field].f1:7.3f}" for field in FIELDS)
    lines.append(f"{f'micro F1 ({len(scored)} documents)':44}{micro}")
    return "\n".join(lines) + "\n"
