"""A build's files: graph.ttl with the map, the report and the registers drawn from the model,
written together (or not at all), or graph.ttl alone for a graph too large to draw.

A build of several plans writes report.html as the corpus's overview and one report per plan
beside it (``report-KEY.html``); reports of plans an earlier build held are removed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from graph.model import PlanView
from graph.network import MapView, ownership_network, view_network
from graph.progress_views import PlansWithProgress, ProgressOverlay
from graph.registers import office_register, target_register
from policykg.errors import InputError

from .atomic import (
    VIEW_FILES,
    is_build_output,
    plan_report_name,
    plan_reports,
    remove_output,
    write_together,
)
from .map import render_map
from .registers_csv import ownership_csv, targets_csv
from .report_page import overview_title, plan_links, render_overview, render_report

__all__ = ["BuildFiles", "ViewPages", "render_views", "write_graph_alone", "write_graph_and_views"]


@dataclass(frozen=True, slots=True)
class BuildFiles:
    """Where a build's files went; no map (and no reports) for a graph too large to draw."""

    graph: Path
    map: Path | None = None
    reports: tuple[Path, ...] = ()


def write_graph_and_views(
    out_dir: Path,
    plans: Sequence[PlanView],
    view: MapView,
    turtle: Path,
    progress: Mapping[str, ProgressOverlay] | None = None,
) -> BuildFiles:
    """graph.ttl (``turtle``, written already and staged) with the map, the report and the
    registers of ``plans`` (with the ``progress`` of those that have reports, by plan key),
    all put in place together."""
    views = render_views(plans, view, progress)
    per_plan = [name for name in views if name not in VIEW_FILES]
    written = write_together(out_dir, {"graph.ttl": turtle, **views})
    for stale in plan_reports(out_dir):
        if stale.name not in per_plan:
            stale.unlink(missing_ok=True)
    return BuildFiles(
        graph=written["graph.ttl"],
        map=written[VIEW_FILES[0]],
        reports=tuple(written[name] for name in (*VIEW_FILES[1:], *per_plan)),
    )


def render_views(
    plans: Sequence[PlanView],
    view: MapView,
    progress: Mapping[str, ProgressOverlay] | None = None,
) -> dict[str, str]:
    """The map, the report and the registers of ``plans`` by file name (VIEW_FILES), and the
    report of each plan (``report-KEY.html``) when there are several; with the ``progress``
    of plans (by key) that have reports, their reports show it and the map can colour their
    tasks by status."""
    progress = progress or {}
    network = ownership_network(plans)
    shown = view_network(network, view)
    offices, targets = office_register(plans), target_register(plans)
    if len(plans) == 1:
        title = plans[0].title
        report = render_report(plans, title, offices, targets, progress=progress.get(plans[0].key))
        per_plan: dict[str, str] = {}
    else:
        title = overview_title(plans)
        links = plan_links(plans)
        report = render_overview(plans, title, offices, targets, links)
        per_plan = {
            plan_report_name(plan.key): render_report(
                [plan],
                plan.title,
                [o for o in offices if o.plan_key == plan.key],
                [t for t in targets if t.plan_key == plan.key],
                links,
                progress=progress.get(plan.key),
            )
            for plan in plans
        }
    views = (
        render_map(
            shown,
            _map_title(title, view, shown),
            show_details=view.kind == "full",
            progress=[progress[key] for key in sorted(progress)],
        ),
        report,
        targets_csv(targets),
        ownership_csv(offices),
    )
    return {**dict(zip(VIEW_FILES, views, strict=True)), **per_plan}


class ViewPages:
    """The map and the reports a server shows: the files a build wrote into ``directory``
    where they are, else drawn once, when first asked for, from the plans ``load`` reads (a
    store, or a graph file with no build around it) with the progress reported on them —
    the same pages a build writes."""

    def __init__(self, directory: Path | None, load: Callable[[], PlansWithProgress]) -> None:
        self.directory, self._load = directory, load
        self._drawn: dict[str, str] | None = None
        self._lock = threading.Lock()

    def page(self, name: str) -> bytes:
        """The page called ``name`` (graph.html, report.html, report-KEY.html); InputError
        saying why when there is none."""
        if not (name in VIEW_FILES[:2] or is_build_output(name)) or not name.endswith(".html"):
            raise InputError(f"no page {name!r}; the pages are /map and /report")
        if self.directory is not None and (self.directory / name).is_file():
            return (self.directory / name).read_bytes()
        with self._lock:
            if self._drawn is None:
                drawn = self._load()
                self._drawn = render_views(drawn.plans, MapView.parse("ownership"), drawn.progress)
        if name not in self._drawn:
            raise InputError(f"no page {name!r}; the pages are /map and /report")
        return self._drawn[name].encode("utf-8")


def _map_title(title: str, view: MapView, shown: nx.Graph) -> str:
    """The map's title: an office view names its office by its canonical name (whatever name
    the view was asked by)."""
    if view.kind == "office":
        return f"{title} · {shown.graph['focus_name']}"
    if view.kind == "coownership":
        return f"{title} · 处室共同负责"
    return title


def write_graph_alone(out_dir: Path, turtle: Path) -> BuildFiles:
    """graph.ttl alone, and the views of an earlier build removed (they would describe
    another graph)."""
    written = write_together(out_dir, {"graph.ttl": turtle})
    for name in VIEW_FILES:
        remove_output(out_dir / name)
    for stale in plan_reports(out_dir):
        remove_output(stale)
    return BuildFiles(graph=written["graph.ttl"])
