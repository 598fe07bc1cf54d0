"""Two progress reports on one plan compared task by task (``policykg diff --plan``): the
tasks whose status changed, the tasks newly reported or no longer reported, and the values
reported against a task's targets that changed (已新增学位4000个 → 10800个: 33.33 % → 90 %).

Both reports are read off the model (``ProgressReportView``, laid over the plan by
``graph.progress_matching`` or read back from a graph or a store); a row matched to no task
of the plan has nothing to compare and is left out, as the plan's order decides the order of
the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from policykg.errors import InputError

from .model import (
    PlanView,
    ProgressStatus,
    TargetView,
    TaskView,
)
from .progress_model import ProgressReportView, ProgressStatementView, ReportedValueView

__all__ = [
    "ProgressChangeKind",
    "ProgressComparison",
    "TaskProgressChange",
    "ValueChange",
    "compare_progress",
]


class ProgressChangeKind(Enum):
    """How a task's word in the later report differs from the earlier's."""

    STATUS_CHANGED = "status_changed"
    NEWLY_REPORTED = "newly_reported"  # the earlier report does not speak of the task
    NO_LONGER_REPORTED = "no_longer_reported"  # the later report does not
    VALUES_CHANGED = "values_changed"  # the same status, other values against its targets


@dataclass(frozen=True, slots=True)
class ValueChange:
    """A target of the task whose reported value the two reports give otherwise (None: that
    report gives no value for it)."""

    target: TargetView
    before: ReportedValueView | None
    after: ReportedValueView | None


@dataclass(frozen=True, slots=True)
class TaskProgressChange:
    """One task the two reports speak of otherwise: what each says (None: it does not speak
    of the task) and the values that changed, in the order of the task's targets."""

    task: TaskView
    kind: ProgressChangeKind
    before: ProgressStatementView | None
    after: ProgressStatementView | None
    values: tuple[ValueChange, ...]

    @property
    def offices(self) -> tuple[str, ...]:
        """The task's offices, each once, in the plan's order."""
        return tuple(dict.fromkeys(p.office.name for p in self.task.parties))

    @property
    def status_before(self) -> ProgressStatus | None:
        return self.before.status if self.before is not None else None

    @property
    def status_after(self) -> ProgressStatus | None:
        return self.after.status if self.after is not None else None


@dataclass(frozen=True, slots=True)
class ProgressComparison:
    """The tasks of ``plan`` that ``later`` reports otherwise than ``earlier``, in the plan's
    order; ``unchanged`` counts the tasks both report alike."""

    plan: PlanView
    earlier: ProgressReportView
    later: ProgressReportView
    changes: tuple[TaskProgressChange, ...]
    unchanged: int

    def count(self, kind: ProgressChangeKind) -> int:
        """How many tasks changed in this way."""
        return sum(1 for change in self.changes if change.kind is kind)


def compare_progress(
    plan: PlanView, earlier: ProgressReportView, later: ProgressReportView
) -> ProgressComparison:
    """What ``later`` says of each task of ``plan`` otherwise than ``earlier``; a report laid
    over another plan is refused."""
    for report in (earlier, later):
        if report.plan != plan.iri:
            raise InputError(
                f"the report {_name(report)!r} is on another plan ({report.plan}), not on "
                f"{plan.title} ({plan.key}); compare two reports on one plan"
            )
    before, after = _statements(earlier), _statements(later)
    targets = {t.iri: t for task in plan.tasks for t in task.targets}
    changes, unchanged = [], 0
    for task in plan.tasks:
        old, new = before.get(task.iri), after.get(task.iri)
        if old is None and new is None:
            continue
        values = _value_changes(task, old, new, targets)
        kind = _kind(old, new, values)
        if kind is None:
            unchanged += 1
        else:
            changes.append(TaskProgressChange(task, kind, old, new, values))
    return ProgressComparison(plan, earlier, later, tuple(changes), unchanged)


def _statements(report: ProgressReportView) -> dict[str, ProgressStatementView]:
    """The statement on each task the report speaks of (one each: matching is one to one)."""
    return {s.task: s for s in report.statements if s.task is not None}


def _kind(
    old: ProgressStatementView | None,
    new: ProgressStatementView | None,
    values: tuple[ValueChange, ...],
) -> ProgressChangeKind | None:
    if old is None:
        return ProgressChangeKind.NEWLY_REPORTED
    if new is None:
        return ProgressChangeKind.NO_LONGER_REPORTED
    if old.status is not new.status:
        return ProgressChangeKind.STATUS_CHANGED
    return ProgressChangeKind.VALUES_CHANGED if values else None


def _value_changes(
    task: TaskView,
    old: ProgressStatementView | None,
    new: ProgressStatementView | None,
    targets: dict[str, TargetView],
) -> tuple[ValueChange, ...]:
    before = {v.target: v for v in old.values} if old is not None else {}
    after = {v.target: v for v in new.values} if new is not None else {}
    return tuple(
        ValueChange(targets[target.iri], before.get(target.iri), after.get(target.iri))
        for target in task.targets
        if (target.iri in before or target.iri in after)
        and _amount(before.get(target.iri)) != _amount(after.get(target.iri))
    )


def _amount(value: ReportedValueView | None) -> tuple[object, ...] | None:
    return (value.value, value.unit) if value is not None else None


def _name(report: ProgressReportView) -> str:
    return report.period_words or report.title or report.key
