"""The reports a build writes beside the graph: the target register and the office loads."""

from __future__ import annotations

from rdflib import Graph

from graph.registers import office_register, target_register

from .tables import spreadsheet_csv

TARGET_COLUMNS = (
    "plan",
    "task",
    "task_title",
    "offices",
    "lead",
    "metric",
    "comparator",
    "value",
    "min",
    "max",
    "unit",
    "deadline",
    "cue",
    "quote",
    "sentence",
    "start",
    "end",
)
OFFICE_COLUMNS = (
    "office",
    "kind",
    "issuer",
    "tasks_total",
    "lead",
    "supporting",
    "role_not_stated",
    "targets",
    "tasks",
)


def targets_csv(graph: Graph) -> str:
    """Every target with its task, offices, numbers and source sentence, as CSV."""
    rows = (
        (
            r.plan,
            r.task,
            r.task_title,
            "、".join(r.offices),
            "、".join(r.leads),
            r.metric,
            r.comparator,
            r.value,
            r.minimum,
            r.maximum,
            r.unit,
            r.deadline,
            r.cue,
            r.quote,
            r.sentence,
            r.start,
            r.end,
        )
        for r in target_register(graph)
    )
    return spreadsheet_csv(TARGET_COLUMNS, rows)


def ownership_csv(graph: Graph) -> str:
    """Every office with its tasks by role and the targets of those tasks, as CSV."""
    rows = (
        (
            r.office,
            r.kind,
            r.issuer,
            r.total,
            r.lead,
            r.supporting,
            r.unspecified,
            r.targets,
            " ".join(r.tasks),
        )
        for r in office_register(graph)
    )
    return spreadsheet_csv(OFFICE_COLUMNS, rows)
