"""Two progress reports compared (``policykg diff --plan``) as people read it: a table for the
terminal, one offline HTML page, or JSON — per task its number, title, offices, status before
→ after, and the values reported against its targets that changed (12所 (40%) → 32所 (106.67%)).

Document text reaches HTML only through Jinja's autoescaping, JSON only through
``json.dumps``, and the terminal only through ``output.terminal`` (the command escapes the
table as it does every table).
"""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table

from graph.display import number_text, reported_text, status_text
from graph.progress_comparison import (
    ProgressChangeKind,
    ProgressComparison,
    TaskProgressChange,
    ValueChange,
)
from graph.progress_model import ProgressReportView, ProgressStatementView, ReportedValueView

from .diff_formats import plan_json, target_json
from .map import template_environment
from .results import plain_text

__all__ = [
    "PROGRESS_DIFF_FORMATS",
    "progress_diff_html",
    "progress_diff_json",
    "progress_diff_summary",
    "progress_diff_table",
]

PROGRESS_DIFF_FORMATS = ("table", "html", "json")
KIND_NAMES = {
    ProgressChangeKind.STATUS_CHANGED: "状态变化",
    ProgressChangeKind.NEWLY_REPORTED: "新报告",
    ProgressChangeKind.NO_LONGER_REPORTED: "不再报告",
    ProgressChangeKind.VALUES_CHANGED: "数值变化",
}


def progress_diff_summary(comparison: ProgressComparison) -> str:
    """One line: the two periods, how many tasks changed in each way and how many did not."""
    parts = [
        f"{name} {comparison.count(kind)}"
        for kind, name in KIND_NAMES.items()
        if comparison.count(kind)
    ]
    periods = f"{_period(comparison.earlier)} → {_period(comparison.later)}"
    return " · ".join([periods, *parts, f"未变 {comparison.unchanged}"])


def progress_diff_table(comparison: ProgressComparison, width: int | None = None) -> str:
    """One row per task that changed, the summary under the table."""
    table = Table("任务", "标题", "责任单位", "变化", "状态", "报告数值", highlight=False)
    table.columns[2].overflow = "fold"  # every office shown, however many
    for change in comparison.changes:
        table.add_row(
            change.task.number,
            change.task.title,
            "、".join(change.offices),
            KIND_NAMES[change.kind],
            f"{status_text(change.status_before)} → {status_text(change.status_after)}",
            "\n".join(_value_line(v) for v in change.values),
        )
    return plain_text(comparison.plan.title, table, progress_diff_summary(comparison), width=width)


def progress_diff_json(comparison: ProgressComparison) -> str:
    """The comparison as JSON: the plan, both reports, and each task that changed."""
    document = {
        "plan": plan_json(comparison.plan),
        "earlier": _report(comparison.earlier),
        "later": _report(comparison.later),
        "summary": {kind.value: comparison.count(kind) for kind in ProgressChangeKind}
        | {"unchanged": comparison.unchanged},
        "changes": [_change(c) for c in comparison.changes],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def progress_diff_html(comparison: ProgressComparison) -> str:
    """One offline page: the tasks that changed, each row marked by how."""
    rows = [
        {
            "change": change,
            "kind": KIND_NAMES[change.kind],
            "before": status_text(change.status_before),
            "after": status_text(change.status_after),
            "lines": [_value_line(v) for v in change.values],
        }
        for change in comparison.changes
    ]
    return (
        template_environment()
        .get_template("progress_diff.html.j2")
        .render(
            comparison=comparison,
            rows=rows,
            earlier=_period(comparison.earlier),
            later=_period(comparison.later),
            summary=progress_diff_summary(comparison),
        )
    )


def _period(report: ProgressReportView) -> str:
    return report.period_words or report.title or report.key


def _value_line(change: ValueChange) -> str:
    """中小学位: 4000个 (33.33%) → 10800个 (90%), against its goal."""
    target = change.target
    goal = f" / {number_text(target.level)}{target.unit or ''}" if target.level is not None else ""
    return (
        f"{target.metric or '(未标明指标)'}: {_value(change.before)} → {_value(change.after)}{goal}"
    )


def _value(value: ReportedValueView | None) -> str:
    return reported_text(value) if value is not None else "未报告"


def _report(report: ProgressReportView) -> dict[str, Any]:
    return {
        "iri": report.iri,
        "key": report.key,
        "title": report.title,
        "period": report.period_words,
        "period_start": report.period_start.isoformat() if report.period_start else None,
        "period_end": report.period_end.isoformat() if report.period_end else None,
    }


def _change(change: TaskProgressChange) -> dict[str, Any]:
    return {
        "kind": change.kind.value,
        "task": {
            "iri": change.task.iri,
            "number": change.task.number,
            "title": change.task.title,
            "offices": list(change.offices),
        },
        "before": _statement(change.before),
        "after": _statement(change.after),
        "values": [
            {
                "target": target_json(v.target),
                "before": _reported(v.before),
                "after": _reported(v.after),
            }
            for v in change.values
        ],
    }


def _statement(statement: ProgressStatementView | None) -> dict[str, Any] | None:
    if statement is None:
        return None
    return {"status": statement.status.value, "words": statement.status_words}


def _reported(value: ReportedValueView | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "value": str(value.value),
        "unit": value.unit or "",
        "share": None if value.share is None else str(value.share),
        "quote": value.span.quote,
    }
