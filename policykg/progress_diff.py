"""``policykg diff REPORT_A REPORT_B --plan PLAN_OR_KEY``: two progress reports on one plan
compared task by task (``graph.progress_comparison``).

Each report is a progress document, laid over the plan now, or the name of a report laid over
it earlier with ``policykg progress`` — its key, its period (``1-6月``) or its title — kept in
the store (``--store``), or in the progress.ttl of ``--history`` (the file or its directory),
else of the plan's build (``--plan out/``), else in ``out/progress.ttl`` (where ``progress``
writes by default). A document none of whose rows
matches a task of the plan, and a kept report on another plan, are refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graph.model import PlanView
from graph.progress_model import ProgressReportView
from policykg.config import BuildConfig
from policykg.errors import InputError
from policykg.progress_reports import (
    PROGRESS_FILES,
    plan_to_report_on,
    read_reports,
    stored_reports,
)

if TYPE_CHECKING:
    from graph.progress_comparison import ProgressComparison

__all__ = ["compare_reports"]

DEFAULT_PROGRESS_DIR = Path("out")  # where ``policykg progress`` writes without --out


def compare_reports(
    first: str,
    second: str,
    plan_source: Path,
    config: BuildConfig,
    *,
    store: Path | None = None,
    history: Path | None = None,
) -> ProgressComparison:
    """What ``second`` says of each task of the plan otherwise than ``first``."""
    from graph.progress_comparison import compare_progress

    plan = plan_to_report_on(plan_source, config, store)
    kept: _Kept | None = None
    reports = []
    for name in (first, second):
        path = Path(name)
        if path.is_file() and path.name != PROGRESS_FILES[0]:
            reports.append(_laid_over(path, plan, config))
            continue
        kept = kept or _Kept(plan_source, config, store, history)
        reports.append(kept.named(name, plan))
    return compare_progress(plan, reports[0], reports[1])


def _laid_over(path: Path, plan: PlanView, config: BuildConfig) -> ProgressReportView:
    (report,) = read_reports([path], plan, config)
    if all(statement.task is None for statement in report.statements):
        raise InputError(
            f"{path}: none of its {len(report.statements)} rows matches a task of "
            f"{plan.title} ({plan.key}); is it a report on another plan? give that plan "
            "with --plan"
        )
    return report


class _Kept:
    """The reports laid over plans earlier: a store's, or a progress.ttl's."""

    def __init__(
        self, plan_source: Path, config: BuildConfig, store: Path | None, history: Path | None
    ) -> None:
        if store is not None:
            self.where = store
            self.reports = _store_reports(store, config)
            return
        if history is not None:
            self.where = history / PROGRESS_FILES[0] if history.is_dir() else history
            if not self.where.is_file():
                raise InputError(
                    f"{self.where}: no such file; --history names the progress.ttl that "
                    "'policykg progress --out DIR' keeps, or its DIR"
                )
        else:
            build = plan_source if plan_source.is_dir() else plan_source.parent
            found = build / PROGRESS_FILES[0]
            self.where = found if found.is_file() else DEFAULT_PROGRESS_DIR / PROGRESS_FILES[0]
        self.reports = stored_reports(self.where)

    def named(self, name: str, plan: PlanView) -> ProgressReportView:
        """The one report called ``name`` (key, period or title), on ``plan`` if several."""
        called = [r for r in self.reports if name in (r.key, r.period_words, r.title)]
        on_plan = [r for r in called if r.plan == plan.iri]
        chosen = on_plan or called  # a report on another plan only: compare_progress refuses
        if len(chosen) == 1:
            return chosen[0]
        known = [r for r in self.reports if r.plan == plan.iri]
        if not chosen:
            raise InputError(
                f"{name}: neither a progress report file nor the key, period or title of a "
                f"report on {plan.title} ({plan.key}) in {self.where}; its reports there: "
                + (
                    ", ".join(map(_label, known))
                    or "none (lay one over the plan first with 'policykg progress')"
                )
            )
        raise InputError(
            f"{name}: {len(chosen)} reports on {plan.title} in {self.where} are called so; "
            "name one by its key: " + ", ".join(_label(r) for r in chosen)
        )


def _label(report: ProgressReportView) -> str:
    return f"{report.key} ({report.period_words or report.title or 'no period'})"


def _store_reports(store: Path, config: BuildConfig) -> tuple[ProgressReportView, ...]:
    """Every progress report the store keeps (each in a graph of its own)."""
    from graph.progress_reader import progress_of_triples
    from graph.store import PlanStore, is_store
    from ontology.iris import IriMinter

    if not is_store(store):
        raise InputError(f"{store}: not a store; build one with 'policykg build --store DIR'")
    prefix = IriMinter(config.base).progress_graph("", "").removesuffix("/")
    with PlanStore(store, writable=False) as plans:
        triples = [t for g in plans.graphs() if g.startswith(prefix) for t in plans.triples(g)]
    return progress_of_triples(triples)
