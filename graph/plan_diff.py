"""A comparison of two plans as a record: each row the same commitment in both plans (or in
one only), each difference a ``Change`` that says itself in a line of Chinese. Made by
``graph.comparison.compare_plans``, written by ``output.diff_formats`` and ``diff_graph``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .display import target_text
from .model import PlanView, TargetView, TaskView

__all__ = ["Change", "ChangeKind", "PlanDiff", "TaskPair"]


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
            return f"{verb}目标 {metric} {target_text(new or old)}"  # type: ignore[arg-type]
        verb = "提高" if self.kind is ChangeKind.TARGET_RAISED else "降低"
        return f"目标{verb} {metric} {target_text(old)} → {target_text(new)}"


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
