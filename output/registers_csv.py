"""The registers a build writes beside the graph, as CSV: targets and office loads, each row
with its plan and issuer, numbers and comparators in Chinese as the pages show them."""

from __future__ import annotations

from collections.abc import Sequence

from graph.registers import OfficeRow, TargetRow

from .spreadsheets import spreadsheet_csv

__all__ = ["KIND_NAMES", "OFFICE_COLUMNS", "TARGET_COLUMNS", "ownership_csv", "targets_csv"]

# What a row of the office register is, in Chinese.
KIND_NAMES = {"office": "处室/单位", "placeholder": "泛指"}

TARGET_COLUMNS = (
    "plan",
    "issuer",
    "task",
    "task_title",
    "offices",
    "lead",
    "metric",
    "comparator",
    "target",
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
    "plan",
    "issuer",
    "office",
    "kind",
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
            r.issuer,
            r.task,
            r.task_title,
            "、".join(r.offices),
            "、".join(r.leads),
            r.metric,
            r.comparator,
            r.amount,
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
            r.plan,
            r.issuer,
            r.office,
            KIND_NAMES[r.kind],
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
