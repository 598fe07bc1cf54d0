"""The map coloured by progress in a real browser: the switch in the legend turns the tasks'
colours from their sections' to their statuses' (on the canvas, not only in the data), shows
the status legend with its counts, and turns them back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM
from .test_browser import open_map
from .test_map_progress import NOVEMBER, mapped_with_progress

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium; .ci/run installs it"
)
# The colour drawn inside a task's box, a few pixels in from its top-left corner (inside the
# border and the rounded corner, clear of the label in the middle), as "#rrggbb".
BOX_FILL = """number => {
  const id = nodes.getIds({filter: n => n.kind === "task" && n.number === number})[0];
  const b = network.getBoundingBox(id), at = network.canvasToDOM({x: b.left, y: b.top});
  const canvas = document.querySelector("#map canvas");
  const ratio = canvas.width / canvas.clientWidth;
  const inset = 7 + 2 * (nodes.get(id).borderWidth || 1);
  const pixel = canvas.getContext("2d").getImageData(
    Math.round((at.x + inset) * ratio), Math.round((at.y + inset) * ratio), 1, 1).data;
  return "#" + [0, 1, 2].map(i => pixel[i].toString(16).padStart(2, "0")).join("");
}"""


@pytest.fixture(scope="module")
def status_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("progress-map")
    mapped_with_progress(out, NOVEMBER)
    page = open_map(browser, Path(out / "graph.html"))
    yield page
    page.close()


def fill_of(page: Any, number: str) -> str:
    page.wait_for_timeout(200)  # the frame drawn after the update
    return str(page.evaluate(BOX_FILL, number))


def test_the_switch_colours_the_tasks_by_status_and_back(status_page: Any) -> None:
    page = status_page
    assert page.errors == []
    assert page.is_hidden("#status-legend")
    section_fill = fill_of(page, "1")
    assert section_fill != "#009e73"
    page.check('input[name="colouring"][value="status"]')
    assert page.is_visible("#status-legend")
    assert page.eval_on_selector_all(
        "#status-legend .status-entry", "entries => entries.map(e => e.textContent)"
    ) == [
        "已完成1 项",
        "序时推进2 项",
        "滞后1 项",
        "未启动1 项",
        "未说明0 项",
        "未报告26 项",
    ]
    # Completed green, behind orange, not started vermilion, unreported white: on the canvas.
    assert [fill_of(page, n) for n in ("1", "8", "23", "3")] == [
        "#009e73",
        "#e69f00",
        "#d55e00",
        "#ffffff",
    ]
    assert page.evaluate(
        "() => nodes.get({filter: n => n.number === '23'})[0].shapeProperties.borderDashes"
    ) == [6, 3]
    assert "任务 (颜色 = 最新进展)" in page.inner_text("#legend")
    # The SVG export draws the view as it is: not started with its dashed border.
    dashed = page.evaluate(
        "() => Array.from(viewSvg().querySelectorAll('rect[stroke-dasharray]'))"
        ".map(r => r.getAttribute('fill'))"
    )
    assert dashed == ["#d55e00"]
    page.check('input[name="colouring"][value="section"]')
    assert page.is_hidden("#status-legend")
    assert "任务 (颜色 = 所属部分)" in page.inner_text("#legend")
    assert fill_of(page, "1") == section_fill
    assert page.errors == []


def test_a_task_clicked_in_status_mode_keeps_its_status_colour_and_the_rest_fade(
    status_page: Any,
) -> None:
    page = status_page
    page.check('input[name="colouring"][value="status"]')
    page.evaluate("() => focusOn(nodes.getIds({filter: n => n.number === '8'})[0])")
    assert (
        page.evaluate("() => nodes.get({filter: n => n.number === '8'})[0].color.background")
        == "#e69f00"
    )
    page.evaluate("() => resetFocus()")
    assert (
        page.evaluate("() => nodes.get({filter: n => n.number === '1'})[0].color.background")
        == "#009e73"
    )
    page.check('input[name="colouring"][value="section"]')
