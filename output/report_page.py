"""The reports (out/report.html): for one plan, the office × section heat-map, offices ranked
by load, the target register (sortable), tasks without unit or target, and counts; for a
build of several plans, an overview (the plans, offices by load across plans, the office ×
plan heat-map, every target with its plan) beside one such report per plan, a selector
leading from each to the others. Static files, offline, every piece of document text
escaped by Jinja's autoescaping."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.display import reported_text, status_text
from graph.matrix import LoadMatrix, load_matrix, plan_matrix
from graph.model import PlanView
from graph.progress_views import ProgressOverlay, TaskProgress
from graph.registers import OfficeRow, TargetRow, office_totals, plan_order

from .atomic import plan_report_name
from .map import template_environment

__all__ = ["PlanLink", "overview_title", "plan_links", "render_overview", "render_report"]


@dataclass(frozen=True, slots=True)
class PlanLink:
    """A plan as the selector offers it: what it is called, its report, and its counts."""

    key: str
    title: str
    issuer: str
    year: str
    href: str
    tasks: int
    offices: int
    targets: int


def plan_links(plans: Sequence[PlanView]) -> list[PlanLink]:
    """The plans of a build in the order people look for them (issuer, year, title), each
    with the file name of its own report."""
    return [
        PlanLink(
            key=plan.key,
            title=plan.title,
            issuer=plan.issuer.name,
            year=str(plan.document.year or ""),
            href=plan_report_name(plan.key),
            tasks=len(plan.tasks),
            offices=len({o.iri for t in plan.tasks for o in t.offices}),
            targets=sum(len(t.targets) for t in plan.tasks) + len(plan.targets),
        )
        for plan in plan_order(plans)
    ]


def render_report(
    plans: Sequence[PlanView],
    title: str,
    offices: Sequence[OfficeRow],
    targets: Sequence[TargetRow],
    links: Sequence[PlanLink] = (),
    *,
    progress: ProgressOverlay | None = None,
) -> str:
    """The report of one plan (or of plans read together) as HTML, with its registers.

    ``links`` are the plans of a build of several, for the selector at the top; ``progress``
    the latest word of the progress reports laid over the plan (policykg progress): a status
    column, the tasks behind or not started office by office, each target's reported value."""
    matrix = load_matrix(plans)
    tasks = [task for plan in plans for task in plan.tasks]
    keys = {plan.key for plan in plans}
    return _render(
        title=title,
        links=links,
        current=next(iter(keys)) if len(keys) == 1 else "",
        plans=sorted(plan.title for plan in plans),
        issuers=sorted({plan.issuer.name for plan in plans}),
        counts=_counts(plans, offices, targets),
        matrix=matrix,
        peak=_peak(matrix),
        offices=offices,
        totals=(),
        targets=targets,
        # A plan that assigns nothing: its tasks are listed, and the page says why.
        names_no_units=bool(tasks) and not any(t.parties for t in tasks),
        without_unit=_ordered((t.number, t.title) for t in tasks if not t.offices),
        without_target=_ordered((t.number, t.title) for t in tasks if not t.targets),
        deadlines=_deadlines(targets),
        progress=progress,
        statuses={row.number: _status(row) for row in progress.tasks} if progress else {},
        reported=_reported(progress) if progress else {},
    )


def _deadlines(targets: Sequence[TargetRow]) -> list[tuple[str, int, int]]:
    """The targets grouped by the day they are due, soonest first: (day, stated, implied)."""
    days: dict[str, list[int]] = {}
    for target in targets:
        if target.due:
            days.setdefault(target.due, [0, 0])[target.deadline_implied] += 1
    return [(day, stated, implied) for day, (stated, implied) in sorted(days.items())]


def _status(row: TaskProgress) -> tuple[str, str]:
    """A task's status as the page shows it: its class and its words in Chinese."""
    return (row.status.value if row.status else "none"), status_text(row.status)


def _reported(progress: ProgressOverlay) -> dict[tuple[int, int], str]:
    """Each target's reported value against its goal: 8000个 (66.67%)."""
    return {span: reported_text(v) for span, v in progress.reported.items()}


def render_overview(
    plans: Sequence[PlanView],
    title: str,
    offices: Sequence[OfficeRow],
    targets: Sequence[TargetRow],
    links: Sequence[PlanLink],
) -> str:
    """The overview of a build of several plans: the plans with their counts and reports,
    offices by load across plans (each office once, by its issuer), the office × plan
    heat-map and every target with its plan."""
    matrix = plan_matrix(plans)
    return _render(
        title=title,
        links=links,
        current="",
        plans=[],
        issuers=sorted({plan.issuer.name for plan in plans}),
        counts=_counts(plans, offices, targets),
        matrix=matrix,
        peak=_peak(matrix),
        offices=(),
        totals=office_totals(offices),
        targets=targets,
        names_no_units=False,
        without_unit=(),
        without_target=(),
    )


def overview_title(plans: Sequence[PlanView]) -> str:
    """What a build of several plans is called: how many plans, of which issuers."""
    issuers = sorted({plan.issuer.name for plan in plans})
    shown = "、".join(issuers[:3]) + (" 等" if len(issuers) > 3 else "")
    return f"{shown} · {len(plans)} 份计划"


def _render(**context: object) -> str:
    return template_environment().get_template("report.html.j2").render(**context)


def _counts(
    plans: Sequence[PlanView], offices: Sequence[OfficeRow], targets: Sequence[TargetRow]
) -> dict[str, int]:
    return {
        "plans": len(plans),
        "tasks": sum(len(plan.tasks) for plan in plans),
        "offices": len({o.office_key for o in offices if o.kind == "office"}),
        "targets": len(targets),
        "programmes": len(_entities(plans, "programme")),
        "documents": len(_entities(plans, "policy_document")),
    }


def _peak(matrix: LoadMatrix) -> int:
    return max(matrix.counts.values(), default=1)


def _entities(plans: Sequence[PlanView], kind: str) -> set[str]:
    return {
        m.entity.iri
        for plan in plans
        for task in plan.tasks
        for m in task.mentions
        if m.entity.kind.value == kind
    }


def _ordered(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(rows, key=lambda r: _order(r[0]))


def _order(number: str) -> tuple[int, str]:
    return (int(number), number) if number.isdigit() else (10**9, number)
