"""A plan comparison as people read it: a table, JSON, Turtle, or two plans side by side.

Document text reaches HTML only through Jinja's autoescaping and JSON only through
``json.dumps``; the HTML is one offline file like the map and the report.
"""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table

from graph.concept_terms import ROLES
from graph.display import target_text
from graph.model import PlanView, TargetView, TaskView
from graph.network import comparator_name
from graph.plan_diff import Change, ChangeKind, PlanDiff

from .map import template_environment
from .results import plain_text

DIFF_FORMATS = ("table", "html", "json", "ttl")
SUMMARY_KINDS = (
    (ChangeKind.TASK_ADDED, "新增任务"),
    (ChangeKind.TASK_DROPPED, "删除任务"),
    (ChangeKind.UNIT_ADDED, "增加责任单位"),
    (ChangeKind.UNIT_REMOVED, "减少责任单位"),
    (ChangeKind.LEAD_CHANGED, "牵头单位变化"),
    (ChangeKind.TARGET_RAISED, "目标提高"),
    (ChangeKind.TARGET_LOWERED, "目标降低"),
    (ChangeKind.TARGET_ADDED, "新增目标"),
    (ChangeKind.TARGET_DROPPED, "删除目标"),
)


CHANGE_NAMES = dict(SUMMARY_KINDS)


def diff_summary(diff: PlanDiff) -> str:
    """One line: how many commitments continue, and how many changes of each kind."""
    parts = [f"延续 {diff.continued}"] + [
        f"{label} {diff.count(kind)}" for kind, label in SUMMARY_KINDS if diff.count(kind)
    ]
    return " · ".join(parts)


def diff_table(diff: PlanDiff, width: int | None = None) -> str:
    """The changes as a text table, one row per change, with the summary under it."""
    table = Table("旧", "新", "变化", "说明", show_lines=False, highlight=False)
    for change in diff.changes:
        table.add_row(
            _number(change.old_task),
            _number(change.new_task),
            CHANGE_NAMES[change.kind],
            change.describe(),
        )
    return plain_text(
        f"{diff.old.title} → {diff.new.title}", table, diff_summary(diff), width=width
    )


def diff_json(diff: PlanDiff) -> str:
    """The comparison as JSON: both plans, the matched rows and every change."""
    document = {
        "old": plan_json(diff.old),
        "new": plan_json(diff.new),
        "threshold": diff.threshold,
        "summary": {kind.value: diff.count(kind) for kind in ChangeKind}
        | {"continued": diff.continued},
        "rows": [
            {
                "old": _task(pair.old),
                "new": _task(pair.new),
                "similarity": round(pair.similarity, 3),
                "changes": [_change(c) for c in pair.changes],
            }
            for pair in diff.pairs
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def diff_html(diff: PlanDiff) -> str:
    """The two plans side by side, one row per commitment, changes marked."""
    rows = []
    for pair in diff.pairs:
        kinds = {c.kind for c in pair.changes}
        state = (
            "added"
            if ChangeKind.TASK_ADDED in kinds
            else "dropped"
            if ChangeKind.TASK_DROPPED in kinds
            else "changed"
            if kinds
            else "same"
        )
        added_units = {c.unit for c in pair.changes if c.kind is ChangeKind.UNIT_ADDED}
        removed_units = {c.unit for c in pair.changes if c.kind is ChangeKind.UNIT_REMOVED}
        new_marks: dict[object, str] = {}
        old_marks: dict[object, str] = {}
        for change in pair.changes:
            if change.kind is ChangeKind.TARGET_ADDED and change.new_target is not None:
                new_marks[change.new_target.iri] = "target-added"
            elif change.kind is ChangeKind.TARGET_DROPPED and change.old_target is not None:
                old_marks[change.old_target.iri] = "target-dropped"
            elif change.new_target is not None:
                new_marks[change.new_target.iri] = change.kind.value
        rows.append(
            {
                "state": state,
                "pair": pair,
                "added_units": added_units,
                "removed_units": removed_units,
                "old_marks": old_marks,
                "new_marks": new_marks,
                "notes": [c.describe() for c in pair.changes],
            }
        )
    environment = template_environment()
    environment.filters["shown"] = target_text
    return environment.get_template("diff.html.j2").render(
        diff=diff, rows=rows, summary=diff_summary(diff)
    )


def plan_json(plan: PlanView) -> dict[str, Any]:
    """A plan as a comparison's JSON names it."""
    year = plan.document.year
    return {"iri": plan.iri, "key": plan.key, "title": plan.title, "year": str(year or "")}


def _task(task: TaskView | None) -> dict[str, Any] | None:
    if task is None:
        return None
    return {
        "iri": task.iri,
        "number": task.number,
        "path": task.path,
        "title": task.title,
        "units": [
            {"name": p.office.name, "role": ROLES[p.role].rsplit("#", 1)[-1]} for p in task.parties
        ],
        "targets": [target_json(t) for t in task.targets],
    }


def target_json(target: TargetView | None) -> dict[str, Any] | None:
    """A target as a comparison's JSON gives it (None stays None)."""
    if target is None:
        return None
    return {
        "iri": target.iri,
        "metric": target.metric,
        "comparator": comparator_name(target),
        "level": None if target.level is None else str(target.level),
        "unit": target.unit or "",
        "quote": target.span.quote,
    }


def _change(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind.value,
        "description": change.describe(),
        "unit": change.unit,
        "old_target": target_json(change.old_target),
        "new_target": target_json(change.new_target),
        "old_leads": list(change.old_leads),
        "new_leads": list(change.new_leads),
    }


def _number(task: TaskView | None) -> str:
    return "" if task is None else task.path or task.number
