"""A progress report's statements as CSV for spreadsheets (``policykg progress``): one row per
row or paragraph of each report, with the task it was matched to, its status and the values
it reports against their targets."""

from __future__ import annotations

from collections.abc import Sequence

from graph.display import number_text
from graph.model import PlanView
from graph.progress_model import ProgressReportView

from .spreadsheets import spreadsheet_csv

__all__ = ["PROGRESS_COLUMNS", "progress_csv"]

PROGRESS_COLUMNS = (
    "report",
    "period_start",
    "period_end",
    "row_number",
    "row_title",
    "task",
    "task_title",
    "status",
    "status_words",
    "reported",
    "quote",
    "start",
    "end",
)


def progress_csv(plan: PlanView, reports: Sequence[ProgressReportView]) -> str:
    """Every statement of ``reports`` on ``plan``; a row matched to no task has no task."""
    tasks = {task.iri: task for task in plan.tasks}
    targets = {t.iri: t for task in plan.tasks for t in task.targets}
    rows = []
    for report in reports:
        for statement in report.statements:
            task = tasks.get(statement.task or "")
            reported = "; ".join(
                f"{targets[v.target].metric} {number_text(v.value)}{v.unit or ''}"
                f"/{number_text(targets[v.target].level)}{targets[v.target].unit or ''}"
                + (f" = {number_text(v.share * 100)}%" if v.share is not None else "")
                for v in statement.values
                if v.target in targets
            )
            rows.append(
                (
                    report.title,
                    report.period_start.isoformat() if report.period_start else "",
                    report.period_end.isoformat() if report.period_end else "",
                    statement.number,
                    statement.title,
                    task.number if task is not None else "",
                    task.title if task is not None else "",
                    statement.status.value,
                    statement.status_words,
                    reported,
                    statement.span.quote,
                    statement.span.start,
                    statement.span.end,
                )
            )
    return spreadsheet_csv(PROGRESS_COLUMNS, rows)
