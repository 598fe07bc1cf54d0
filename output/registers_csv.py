"""The registers a build writes beside the graph, as CSV: targets and office loads."""

from __future__ import annotations

from collections.abc import Sequence

from graph.registers import OfficeRow, TargetRow

from .spreadsheets import spreadsheet_csv

__all__ = ["OFFICE_COLUMNS", "TARGET_COLUMNS", "ownership_csv", "targets_csv"]

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
    "due",
    "deadline_implied",
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


def targets_csv(register: Sequence[TargetRow]) -> str:
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
            r.due,
            "true" if r.deadline_implied else ("false" if r.due else ""),
            r.cue,
            r.quote,
            r.sentence,
            r.start,
            r.end,
        )
        for r in register
    )
    return spreadsheet_csv(TARGET_COLUMNS, rows)


def ownership_csv(register: Sequence[OfficeRow]) -> str:
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
        for r in register
    )
    return spreadsheet_csv(OFFICE_COLUMNS, rows)
