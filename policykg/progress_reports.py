"""``policykg progress``: progress reports read and laid over their plan, then written.

The plan comes from a document, a graph file, a build's out/ directory, or a store (by its
document key). Each report (txt, html, docx, xlsx, pdf: the readers of plans) is read into
entries (``extract.progress_entries``), matched to the plan's tasks
(``graph.progress_matching``) and written:

- into ``--out DIR``: ``progress.ttl`` (the reports given, added to those earlier runs left
  there — the same report again replaced, not doubled — so DIR keeps a plan's history month by
  month; beside the plan's ``graph.ttl`` when DIR is the plan's build: ``policykg query DIR``
  reads both) and ``progress.csv`` (every report there on the plan);
- into ``--store S``: each report as a named graph of its own (``progress-graph/KEY/REPORT``),
  replaced when the same report is laid over again.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

from graph.model import PlanView, ProgressStatus
from graph.progress_model import ProgressReportView
from policykg.config import BuildConfig
from policykg.errors import InputError
from policykg.sources import one_plan, plans_of, with_path

__all__ = [
    "PROGRESS_FILES",
    "LaidOver",
    "accumulated",
    "lay_over",
    "plan_to_report_on",
    "progress_files",
    "read_reports",
    "report_pages",
    "store_progress",
    "stored_reports",
]

PROGRESS_FILES = ("progress.ttl", "progress.csv")


@dataclass(frozen=True, slots=True)
class LaidOver:
    """The plan and the reports laid over it, in the order given."""

    plan: PlanView
    reports: tuple[ProgressReportView, ...]

    def summary(self) -> str:
        """One line: rows read, matched, by status, and unmatched."""
        statements = [s for r in self.reports for s in r.statements]
        matched = [s for s in statements if s.task is not None]
        counts = ", ".join(
            f"{sum(1 for s in matched if s.status is status)} {status.value.replace('_', ' ')}"
            for status in ProgressStatus
        )
        return (
            f"Laid {len(self.reports)} report(s) over {self.plan.title} ({self.plan.key}): "
            f"{len(statements)} rows, {len(matched)} matched to tasks ({counts}), "
            f"{len(statements) - len(matched)} unmatched"
        )

    def change_lines(self) -> list[str]:
        """For each report after the first (by the day its period ends), the tasks whose
        status changed since the one before."""
        from graph.display import status_text
        from graph.progress_comparison import ProgressChangeKind, compare_progress

        told = (ProgressChangeKind.STATUS_CHANGED, ProgressChangeKind.NEWLY_REPORTED)

        ordered = sorted(self.reports, key=lambda r: (r.period_end or date.min, r.iri))
        lines = []
        for earlier, later in pairwise(ordered):
            periods = (
                f"{earlier.period_words or earlier.title} → {later.period_words or later.title}"
            )
            lines += [
                f"changed ({periods}): 任务{c.task.number}「{c.task.title}」 "
                f"{status_text(c.status_before)} → {status_text(c.status_after)}"
                for c in compare_progress(self.plan, earlier, later).changes
                if c.kind in told
            ]
        return lines

    def unmatched_lines(self) -> list[str]:
        """A line for each row matched to no task: never dropped, always listed."""
        return [
            f"unmatched: {s.number} {s.title or s.span.quote[:40]}".replace("  ", " ")
            for report in self.reports
            for s in report.unmatched
        ]


def lay_over(
    reports: Sequence[Path], plan_source: Path, config: BuildConfig, store: Path | None = None
) -> LaidOver:
    """Read ``reports`` and lay each over the plan of ``plan_source`` (a document key when
    ``store`` is given)."""
    if not reports:
        raise InputError("give at least one progress report")
    plan = plan_to_report_on(plan_source, config, store)
    return LaidOver(plan, read_reports(reports, plan, config))


def read_reports(
    reports: Sequence[Path], plan: PlanView, config: BuildConfig
) -> tuple[ProgressReportView, ...]:
    """Each of ``reports`` read and laid over ``plan``, in the order given."""
    from extract.progress_entries import read_progress
    from extract.reading import read_document
    from extract.segmentation import Segmenter
    from graph.progress_matching import resolve_progress
    from ontology.iris import IriMinter

    segmenter = Segmenter()

    def tokenize(text: str) -> list[str]:
        return [token.word for token in segmenter.tokens(text)]

    mint = IriMinter(config.base)
    views = []
    for path in reports:
        try:
            text = read_document(path, config.limits).text
            document = read_progress(text, plan.document.year, segmenter)
        except InputError as exc:
            raise InputError(with_path(str(exc), path)) from None
        if not document.entries:
            raise InputError(
                f"{path}: no progress rows or paragraphs found; a report needs a table with a "
                "进展情况/推进情况/完成情况 column, or numbered paragraphs that say how each "
                "task stands"
            )
        views.append(resolve_progress(document, plan, mint, tokenize))
    return tuple(views)


def plan_to_report_on(source: Path, config: BuildConfig, store: Path | None) -> PlanView:
    """The plan of ``source``: a document, a graph file, a build, or a key of ``store``."""
    try:
        if store is not None:
            return plans_of(store, str(source), config)[0]
        return one_plan(source, config)
    except InputError as exc:
        raise InputError(with_path(str(exc), source)) from None


def accumulated(laid: LaidOver, out_dir: Path) -> tuple[ProgressReportView, ...]:
    """The reports ``out_dir``'s progress.ttl holds from earlier runs with those of ``laid``:
    a report laid over again (the same text on the same plan: the same IRI) replaced, not
    doubled; in the order of their plans and periods."""
    earlier = stored_reports(out_dir / PROGRESS_FILES[0])
    kept = {r.iri: r for r in earlier} | {r.iri: r for r in laid.reports}
    return _in_order(kept.values())


def stored_reports(path: Path) -> tuple[ProgressReportView, ...]:
    """The progress reports of a progress.ttl (none when there is no such file)."""
    from graph.file_triples import text_triples
    from graph.progress_reader import progress_of_triples

    if not path.is_file():
        return ()
    try:
        return progress_of_triples(text_triples(path))
    except InputError as exc:
        raise InputError(with_path(str(exc), path)) from None


def _in_order(reports: Iterable[ProgressReportView]) -> tuple[ProgressReportView, ...]:
    return tuple(sorted(reports, key=lambda r: (r.plan, r.period_end or date.min, r.iri)))


def progress_files(
    laid: LaidOver, reports: Sequence[ProgressReportView], config: BuildConfig
) -> dict[str, str | bytes | Path]:
    """The files ``--out`` gets: ``reports`` (those of ``laid`` with the earlier ones,
    ``accumulated``) as Turtle, and the rows of those on ``laid``'s plan as CSV."""
    from graph.progress_writer import write_progress
    from ontology.iris import IriMinter
    from output.progress_csv import progress_csv
    from output.streams import TurtleFile

    buffer = io.StringIO()
    sink = TurtleFile(buffer)
    mint = IriMinter(config.base)
    for report in reports:
        write_progress(sink, report, mint)
    sink.close()
    on_plan = [r for r in reports if r.plan == laid.plan.iri]
    return {
        PROGRESS_FILES[0]: buffer.getvalue(),
        PROGRESS_FILES[1]: progress_csv(laid.plan, on_plan),
    }


def report_pages(
    laid: LaidOver, reports: Sequence[ProgressReportView], out_dir: Path, config: BuildConfig
) -> dict[str, str | bytes | Path]:
    """The plan's report page drawn again with the latest word of ``reports`` on it, when
    ``out_dir`` is a build that holds the plan (report.html for a build of one plan,
    report-KEY.html of several), and the build's map (the ownership view) with the switch
    that colours tasks by status."""
    from graph.network import MapView
    from graph.progress_views import progress_overlay
    from graph.query import is_build_directory
    from output.atomic import VIEW_FILES, plan_report_name
    from output.publish import render_views

    if not is_build_directory(out_dir):
        return {}
    plans = plans_of(out_dir, config=config)
    plan = next((p for p in plans if p.key == laid.plan.key), None)
    if plan is None:
        return {}
    overlay = progress_overlay(plan, reports)
    views = render_views(plans, MapView.parse("ownership"), {plan.key: overlay})
    report = VIEW_FILES[1] if len(plans) == 1 else plan_report_name(plan.key)
    # The map only where the build drew one (a graph too large to draw has none).
    drawn = [VIEW_FILES[0]] if (out_dir / VIEW_FILES[0]).is_file() else []
    return {name: views[name] for name in (report, *drawn)}


def store_progress(laid: LaidOver, store_dir: Path, config: BuildConfig) -> list[str]:
    """Each report into the store as a named graph of its own; the graphs' IRIs."""
    from graph.progress_writer import write_progress
    from graph.staging import rewriting
    from graph.store import PlanStore
    from ontology.iris import IriMinter
    from output.streams import NTriplesFile

    mint = IriMinter(config.base)
    graphs = []
    # Readers go on reading the store while its copy is written (graph/staging.py).
    with (
        rewriting(store_dir) as copy,
        PlanStore(copy, writable=True, shown_as=store_dir) as store,
        tempfile.TemporaryDirectory(prefix=".policykg-progress-", dir=store_dir.parent) as spool,
    ):
        for report in laid.reports:
            path = Path(spool) / f"{report.key}.nt"
            sink = NTriplesFile(path)
            write_progress(sink, report, mint)
            sink.close()
            graph = mint.progress_graph(laid.plan.key, report.key)
            store.replace_from_file(graph, path)
            graphs.append(graph)
    return graphs
