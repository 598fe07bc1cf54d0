"""The report (out/report.html): heat-map, load ranking, target register, gaps, counts."""

from __future__ import annotations

import re

from policykg.pipeline import BuildResult


def report(build: BuildResult) -> str:
    return (build.graph_path.parent / "report.html").read_text(encoding="utf-8")


def test_the_matrix_row_of_an_office_counts_its_tasks_per_section(
    example_build: BuildResult,
) -> None:
    html = report(example_build)
    row = re.search(r"<tr><th>基教处</th>(.*?)</tr>", html, flags=re.DOTALL)
    assert row is not None
    cells = re.findall(r'<td class="heat"[^>]*>(\d*)</td>', row.group(1))
    assert cells == ["", "1", "3", "", "", "3", "1", "3", "1", ""]  # sections 一 … 十


def test_the_register_lists_every_target_and_the_gaps_are_named(example_build: BuildResult) -> None:
    html = report(example_build)
    body = html.split('<table class="sortable" id="targets">')[1].split("</table>")[0]
    assert body.count("<tr>") == 1 + 119
    gaps = html.split('<ul id="without-target">')[1].split("</ul>")[0]
    assert re.findall(r"<li>(\d+) ", gaps) == ["15", "20", "23", "25", "27"]
    assert '<ul id="without-unit"><li>无</li></ul>' in html
    assert '<b id="count-tasks">31</b>' in html


def test_the_report_is_offline(example_build: BuildResult) -> None:
    html = report(example_build)
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) == []
    assert "default-src 'none'" in html
