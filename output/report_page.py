"""The report (out/report.html): the office × section heat-map, offices ranked by load, the
target register (sortable), tasks without unit or target, and counts. One static file,
offline, every piece of document text escaped by Jinja's autoescaping."""

from __future__ import annotations

from collections.abc import Sequence

from graph.matrix import load_matrix
from graph.model import PlanView
from graph.registers import OfficeRow, TargetRow

from .map import template_environment

__all__ = ["render_report"]


def render_report(
    plans: Sequence[PlanView],
    title: str,
    offices: Sequence[OfficeRow],
    targets: Sequence[TargetRow],
) -> str:
    """The report of the plans as HTML, with their registers (made once per build)."""
    matrix = load_matrix(plans)
    peak = max(matrix.counts.values(), default=1)
    tasks = [task for plan in plans for task in plan.tasks]
    counts = {
        "plans": len(plans),
        "tasks": len(tasks),
        "offices": sum(1 for o in offices if o.kind == "office"),
        "targets": len(targets),
        "programmes": len(_entities(plans, "programme")),
        "documents": len(_entities(plans, "policy_document")),
    }
    return (
        template_environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            plans=sorted(plan.title for plan in plans),
            counts=counts,
            matrix=matrix,
            peak=peak,
            offices=offices,
            targets=targets,
            # A plan that assigns nothing: its tasks are listed, and the page says why.
            names_no_units=bool(tasks) and not any(t.parties for t in tasks),
            without_unit=_ordered((t.number, t.title) for t in tasks if not t.offices),
            without_target=_ordered((t.number, t.title) for t in tasks if not t.targets),
        )
    )


def _entities(plans: Sequence[PlanView], kind: str) -> set[str]:
    return {
        m.entity.iri
        for plan in plans
        for task in plan.tasks
        for m in task.mentions
        if m.entity.kind.value == kind
    }


def _ordered(rows: object) -> list[tuple[str, str]]:
    return sorted(rows, key=lambda r: _order(r[0]))  # type: ignore[call-overload, no-any-return]


def _order(number: str) -> tuple[int, str]:
    return (int(number), number) if number.isdigit() else (10**9, number)
