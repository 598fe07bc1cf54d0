"""A build's files: graph.ttl with the map, the report and the registers drawn from the model,
written together (or not at all), or graph.ttl alone for a graph too large to draw."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.model import PlanView
from graph.network import MapView, ownership_network, view_network
from graph.registers import office_register, target_register

from .atomic import VIEW_FILES, remove_output, write_together
from .map import render_map
from .registers_csv import ownership_csv, targets_csv
from .report_page import render_report

__all__ = ["BuildFiles", "write_graph_alone", "write_graph_and_views"]


@dataclass(frozen=True, slots=True)
class BuildFiles:
    """Where a build's files went; no map (and no reports) for a graph too large to draw."""

    graph: Path
    map: Path | None = None
    reports: tuple[Path, ...] = ()


def write_graph_and_views(
    out_dir: Path, plans: Sequence[PlanView], view: MapView, turtle: Path
) -> BuildFiles:
    """graph.ttl (``turtle``, written already and staged) with the map, the report and the
    registers of ``plans``, all put in place together."""
    network = ownership_network(plans)
    shown = view_network(network, view)
    titles = sorted(plan.title for plan in plans)
    title = titles[0] if len(titles) == 1 else f"{len(titles)} 份工作计划"
    map_title = {"office": f"{title} · {view.office}", "coownership": f"{title} · 处室共同负责"}
    offices, targets = office_register(plans), target_register(plans)
    views = (
        render_map(shown, map_title.get(view.kind, title), show_details=view.kind == "full"),
        render_report(plans, title, offices, targets),
        targets_csv(targets),
        ownership_csv(offices),
    )
    written = write_together(
        out_dir, {"graph.ttl": turtle, **dict(zip(VIEW_FILES, views, strict=True))}
    )
    return BuildFiles(
        graph=written["graph.ttl"],
        map=written[VIEW_FILES[0]],
        reports=tuple(written[name] for name in VIEW_FILES[1:]),
    )


def write_graph_alone(out_dir: Path, turtle: Path) -> BuildFiles:
    """graph.ttl alone, and the views of an earlier build removed (they would describe
    another graph)."""
    written = write_together(out_dir, {"graph.ttl": turtle})
    for name in VIEW_FILES:
        remove_output(out_dir / name)
    return BuildFiles(graph=written["graph.ttl"])
