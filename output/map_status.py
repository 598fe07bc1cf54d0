"""The map coloured by progress: each task's latest status (``graph.progress_views``, the one
place that decides it) as the node's colour and border, its legend with counts, and the lines
of its tooltip. The page switches between this and the usual colouring by section."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.display import status_text
from graph.model import ProgressStatus
from graph.progress_views import ProgressOverlay, TaskProgress

__all__ = ["StatusLegendEntry", "StatusStyle", "status_legend", "status_node", "task_progress"]


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """How a task of one status is drawn: fill, border, border width, and a dashed border."""

    fill: str
    border: str
    width: int
    dashed: bool = False


# Okabe-Ito hues, told apart with the common colour blindnesses; behind and not started
# carry a heavy border (dashed for not started) too, so they show without colour at all.
STATUS_STYLES: dict[ProgressStatus | None, StatusStyle] = {
    ProgressStatus.COMPLETED: StatusStyle("#009e73", "#00573f", 1),
    ProgressStatus.ON_SCHEDULE: StatusStyle("#56b4e9", "#1f5f8b", 1),
    ProgressStatus.BEHIND: StatusStyle("#e69f00", "#7b341e", 4),
    ProgressStatus.NOT_STARTED: StatusStyle("#d55e00", "#1a202c", 4, dashed=True),
    ProgressStatus.UNKNOWN: StatusStyle("#f0e442", "#718096", 1),
    None: StatusStyle("#ffffff", "#a0aec0", 1),
}


@dataclass(frozen=True, slots=True)
class StatusLegendEntry:
    """One line of the status legend: the swatch of a status, its Chinese name, how many
    tasks of the map stand there."""

    key: str
    style: StatusStyle
    text: str
    count: int


def task_progress(overlays: Iterable[ProgressOverlay]) -> dict[str, TaskProgress]:
    """Each task's latest word, by task IRI, over the overlays of the map's plans."""
    return {task.iri: task for overlay in overlays for task in overlay.tasks}


def status_node(progress: TaskProgress | None) -> dict[str, Any]:
    """What a task node carries for the status colouring: its status key, the vis-network
    colour and border of that status, and the tooltip lines (status, period, the words)."""
    status = progress.status if progress is not None else None
    style = STATUS_STYLES[status]
    lines = f"\n进展: {status_text(status)}"
    if progress is not None and progress.status is not None:
        lines += f" ({progress.period})" if progress.period else ""
        lines += f"\n  “{progress.words}”" if progress.words else ""
    return {
        "status": _key(status),
        "statusColor": {"background": style.fill, "border": style.border},
        "statusBorderWidth": style.width,
        "statusDashes": style.dashed,
        "statusLines": lines,
    }


def status_legend(
    task_ids: Iterable[str], progress: Mapping[str, TaskProgress]
) -> list[StatusLegendEntry]:
    """Every status, in the vocabulary's order then unreported, with the number of the map's
    tasks (``task_ids``) that stand there."""
    counts: dict[ProgressStatus | None, int] = dict.fromkeys(STATUS_STYLES, 0)
    for task in task_ids:
        found = progress.get(task)
        counts[found.status if found is not None else None] += 1
    return [
        StatusLegendEntry(_key(status), style, status_text(status), counts[status])
        for status, style in STATUS_STYLES.items()
    ]


def _key(status: ProgressStatus | None) -> str:
    return status.value if status is not None else "none"
