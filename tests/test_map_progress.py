"""The map coloured by progress: after ``policykg progress`` over a build, each task node of the
map carries its latest status (colour, border, tooltip) and the legend a switch between the
colouring by section and by status, with counts; a map without reports has no switch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from output.publish import ViewPages
from policykg.cli import app
from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build
from policykg.sources import drawable_plans

from .conftest import DATA, EXAMPLE, map_file
from .test_map import embedded

REPORTS = DATA / "progress"
NOVEMBER = REPORTS / "ningbo-edu-2024-1-11-paragraphs.txt"
FULL_YEAR = REPORTS / "ningbo-edu-2024-full-year.txt"
LEGEND_ENTRY = re.compile(
    r'<div class="status-entry" data-status="(\w+)"><span class="swatch box" '
    r'style="background: (#[0-9a-f]{6}); border: (\d)px (\w+) #[0-9a-f]{6}"></span>'
    r'([^<]+)<span class="count">(\d+) 项</span>'
)


def mapped_with_progress(out: Path, *reports: Path) -> str:
    """The map of the example's build in ``out`` once ``reports`` are laid over it."""
    build([EXAMPLE], out, BuildConfig())
    result = CliRunner().invoke(
        app, ["progress", *map(str, reports), "--plan", str(out), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    return (out / "graph.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def november(tmp_path_factory: pytest.TempPathFactory) -> str:
    return mapped_with_progress(tmp_path_factory.mktemp("november"), NOVEMBER)


def task_statuses(html: str) -> dict[str, tuple[str, str, int, bool]]:
    """Task number → (status, fill, border width, dashed border) as the page's node data says."""
    return {
        n["number"]: (
            n["status"],
            n["statusColor"]["background"],
            n["statusBorderWidth"],
            n["statusDashes"],
        )
        for n in embedded(html, "nodes")
        if n["kind"] == "task"
    }


# The November report's statuses, as each task of the example's map draws them: behind and
# not started show by their border too, not by colour alone.
NOVEMBER_STATUSES = {
    "1": ("completed", "#009e73", 1, False),
    "2": ("on_schedule", "#56b4e9", 1, False),
    "26": ("on_schedule", "#56b4e9", 1, False),
    "8": ("behind", "#e69f00", 4, False),
    "23": ("not_started", "#d55e00", 4, True),
}


def test_each_reported_task_gets_the_colour_of_its_status_and_the_rest_are_unreported(
    november: str,
) -> None:
    statuses = task_statuses(november)
    assert len(statuses) == 31
    reported = {number: s for number, s in statuses.items() if s[0] != "none"}
    assert reported == NOVEMBER_STATUSES
    assert {s[1:] for number, s in statuses.items() if number not in reported} == {
        ("#ffffff", 1, False)
    }


def test_the_legend_names_each_status_in_chinese_with_its_count(november: str) -> None:
    assert 'name="colouring" value="status">按最新进展 (1-11月)</label>' in november
    entries = LEGEND_ENTRY.findall(november)
    assert [(key, text, int(count)) for key, _, _, _, text, count in entries] == [
        ("completed", "已完成", 1),
        ("on_schedule", "序时推进", 2),
        ("behind", "滞后", 1),
        ("not_started", "未启动", 1),
        ("unknown", "未说明", 0),
        ("none", "未报告", 26),
    ]
    fills = [fill for _, fill, *_ in entries]
    assert len(set(fills)) == len(fills)
    assert [(width, style) for key, _, width, style, *_ in entries if key == "not_started"] == [
        ("3", "dashed")
    ]


def test_a_tasks_tooltip_says_its_status_its_period_and_the_words_that_stated_it(
    november: str,
) -> None:
    titles = {n["number"]: n["title"] for n in embedded(november, "nodes") if n["kind"] == "task"}
    assert titles["8"].endswith("\n进展: 滞后 (1-11月)\n  “进展缓慢”")
    assert titles["3"].endswith("\n进展: 未报告")


def test_the_latest_report_on_a_task_decides_its_colour(tmp_path: Path) -> None:
    html = mapped_with_progress(tmp_path / "out", FULL_YEAR, NOVEMBER)
    reported = {
        number: status for number, (status, *_) in task_statuses(html).items() if status != "none"
    }
    assert reported == {
        "1": "completed",
        "2": "on_schedule",
        "8": "completed",
        "23": "on_schedule",
        "26": "completed",
    }
    titles = {n["number"]: n["title"] for n in embedded(html, "nodes") if n["kind"] == "task"}
    assert titles["8"].endswith("\n进展: 已完成 (全年)\n  “已完成”")
    assert titles["1"].splitlines()[-2] == "进展: 已完成 (1-11月)"
    # Periods differ task by task: the switch names none.
    assert 'value="status">按最新进展</label>' in html


def test_the_same_reports_draw_the_same_map_byte_for_byte(november: str, tmp_path: Path) -> None:
    assert mapped_with_progress(tmp_path / "again", NOVEMBER) == november


def test_a_map_without_reports_has_no_status_switch(example_build: BuildResult) -> None:
    html = map_file(example_build).read_text(encoding="utf-8")
    assert 'name="colouring"' not in html
    assert 'class="status-entry"' not in html
    assert all("status" not in n for n in embedded(html, "nodes"))


def test_a_store_that_holds_a_report_draws_the_map_by_status_for_a_build_and_for_serve(
    tmp_path: Path,
) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    build([EXAMPLE], out, BuildConfig(), store_dir=store)
    (plan,) = drawable_plans(store).plans
    assert 'name="colouring"' not in (out / "graph.html").read_text(encoding="utf-8")
    result = CliRunner().invoke(
        app, ["progress", str(NOVEMBER), "--plan", plan.key, "--store", str(store)]
    )
    assert result.exit_code == 0, result.stderr
    served = ViewPages(None, lambda: drawable_plans(store)).page("graph.html").decode("utf-8")
    build([EXAMPLE], out, BuildConfig(), store_dir=store)
    rebuilt = (out / "graph.html").read_text(encoding="utf-8")
    for html in (served, rebuilt):
        statuses = task_statuses(html)
        assert {n: s for n, s in statuses.items() if s[0] != "none"} == NOVEMBER_STATUSES
    assert '<td class="status status-behind">滞后</td>' in (out / "report.html").read_text(
        encoding="utf-8"
    )
