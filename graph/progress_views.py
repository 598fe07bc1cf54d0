"""What the report page shows of a plan's progress reports, read off the model: the latest word
on each task (a status), the tasks behind or not started office by office, each target's
reported value. Two reports compared task by task are ``graph.progress_comparison``'s."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .model import (
    PlanView,
    ProgressStatus,
)
from .progress_model import ProgressReportView, ProgressStatementView, ReportedValueView

__all__ = [
    "PlansWithProgress",
    "ProgressOverlay",
    "TaskProgress",
    "plans_with_progress",
    "progress_overlay",
]


@dataclass(frozen=True, slots=True)
class TaskProgress:
    """Where one task stands by the latest report that speaks of it (None: no report does)."""

    iri: str
    number: str
    title: str
    offices: tuple[str, ...]
    status: ProgressStatus | None
    words: str
    period: str


@dataclass(frozen=True, slots=True)
class ProgressOverlay:
    """What the pages show of a plan's reports: each task's latest status, the tasks behind
    or not started office by office, and each target's latest reported value."""

    period: str  # of the latest report
    tasks: tuple[TaskProgress, ...]
    behind: tuple[tuple[str, tuple[TaskProgress, ...]], ...]
    reported: dict[tuple[int, int], ReportedValueView]  # by the span of the target


_BEHIND = (ProgressStatus.BEHIND, ProgressStatus.NOT_STARTED)


def progress_overlay(plan: PlanView, reports: Sequence[ProgressReportView]) -> ProgressOverlay:
    """The latest word of ``reports`` (by the day their periods end) on each task of ``plan``."""
    ordered = sorted(
        (r for r in reports if r.plan == plan.iri), key=lambda r: r.period_end or date.min
    )
    latest: dict[str, tuple[ProgressStatementView, ProgressReportView]] = {}
    for report in ordered:
        latest.update((s.task, (s, report)) for s in report.statements if s.task is not None)
    targets = {t.iri: t for task in plan.tasks for t in task.targets}
    rows: list[TaskProgress] = []
    reported: dict[tuple[int, int], ReportedValueView] = {}
    for task in plan.tasks:
        found = latest.get(task.iri)
        statement, period = (found[0], found[1].period_words) if found else (None, "")
        rows.append(
            TaskProgress(
                iri=task.iri,
                number=task.number,
                title=task.title,
                offices=tuple(dict.fromkeys(p.office.name for p in task.parties)),
                status=statement.status if statement is not None else None,
                words=statement.status_words if statement is not None else "",
                period=period,
            )
        )
        for value in statement.values if statement is not None else ():
            target = targets.get(value.target)
            if target is not None:
                reported[(target.span.start, target.span.end)] = value
    behind: dict[str, list[TaskProgress]] = {}
    for row in rows:
        if row.status in _BEHIND:
            for office in row.offices:
                behind.setdefault(office, []).append(row)
    return ProgressOverlay(
        period=ordered[-1].period_words if ordered else "",
        tasks=tuple(rows),
        behind=tuple((office, tuple(tasks)) for office, tasks in sorted(behind.items())),
        reported=reported,
    )


@dataclass(frozen=True, slots=True)
class PlansWithProgress:
    """Plans as the pages draw them: each with the latest word of the progress reports on it,
    by plan key (a plan no report speaks of has none)."""

    plans: tuple[PlanView, ...]
    progress: Mapping[str, ProgressOverlay]


def plans_with_progress(
    plans: Sequence[PlanView], reports: Sequence[ProgressReportView]
) -> PlansWithProgress:
    """``plans`` with the overlay of ``reports`` on each plan one of them reports on."""
    reported = {report.plan for report in reports}
    return PlansWithProgress(
        tuple(plans),
        {plan.key: progress_overlay(plan, reports) for plan in plans if plan.iri in reported},
    )
