"""The HTML map: one offline file, the graph's counts, and document text that stays inert."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any, cast

import pytest

from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build

from .conftest import DATA, map_file

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


def embedded(html: str, name: str) -> list[dict[str, Any]]:
    """The node or edge list the page hands to vis-network (JSON: each value of any type)."""
    match = re.search(rf"var {name} = new vis\.DataSet\((.*?)\);\n", html)
    assert match is not None
    return cast(list[dict[str, Any]], json.loads(match.group(1)))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([DATA / "hostile-names.txt"], tmp_path_factory.mktemp("hostile"), BuildConfig())


def test_the_map_references_nothing_outside_the_file(example_build: BuildResult) -> None:
    html = map_file(example_build).read_text(encoding="utf-8")
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) == []
    assert re.findall(r"@import|url\(\s*['\"]?(?:https?:)?//", html) == []
    assert "default-src 'none'" in html


def test_the_map_shows_every_office_task_and_responsibility(example_build: BuildResult) -> None:
    html = map_file(example_build).read_text(encoding="utf-8")
    nodes, edges = embedded(html, "nodes"), embedded(html, "edges")
    kinds = [n["kind"] for n in nodes]
    assert (kinds.count("office"), kinds.count("placeholder"), kinds.count("task")) == (22, 2, 31)
    assert sum(1 for e in edges if e["role"] != "involves") == 108
    jijiaochu = next(n for n in nodes if n["label"] == "基教处")
    assert jijiaochu["size"] == round(8 + 5 * 12**0.5, 1)  # its area grows with its 12 tasks
    task = next(n for n in nodes if n["kind"] == "task" and n["number"] == "21")
    assert (task["name"], task["label"]) == ("推进教育数字化改革", "21 推进教育数字\n化改革")


def test_hostile_names_reach_the_page_only_as_data(hostile: BuildResult) -> None:
    html = map_file(hostile).read_text(encoding="utf-8")
    labels = {str(n["name"]) for n in embedded(html, "nodes")}
    assert "</script><img src=x onerror=alert(1)>{{ 7*7 }}" in labels
    assert "甲处<b>&'\"{{x}}%#" in labels
    assert html.count("</script>") == 2  # our own two script elements, nothing from the text
    data = re.search(r"var nodes = .*?var options", html, flags=re.DOTALL)
    assert data is not None
    assert [c for c in "<>&'\u2028" if c in data.group(0)] == []  # JSON escapes them
    # In HTML text (the legend), a section title is entity-escaped.
    assert "&#34;引号&#34;与&lt;标签&gt;" in html
    assert "<标签>" not in html


def test_targets_programmes_and_documents_are_on_the_map_but_hidden_until_asked(
    example_build: BuildResult,
) -> None:
    html = map_file(example_build).read_text(encoding="utf-8")
    nodes = embedded(html, "nodes")
    details = [n for n in nodes if n["kind"] in ("target", "programme", "document")]
    kinds = [n["kind"] for n in details]
    assert (kinds.count("target"), kinds.count("programme"), kinds.count("document")) == (
        119,
        88,
        15,
    )
    assert all(n["hidden"] for n in details)
    assert 'data-kind="target"' in html
    assert 'data-kind="document"' in html


def test_a_tasks_tooltip_lists_its_targets(example_build: BuildResult) -> None:
    nodes = embedded(map_file(example_build).read_text(encoding="utf-8"), "nodes")
    task = next(n for n in nodes if n["kind"] == "task" and str(n["label"]).startswith("26 "))
    assert "指标 (4):" in str(task["title"])
    assert "新增中小学位1.2万个" in str(task["title"])


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium; .ci/run installs it")
def test_headless_chromium_renders_the_map_with_no_errors(
    example_build: BuildResult, tmp_path: Path
) -> None:
    assert CHROMIUM is not None
    completed = subprocess.run(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path}",
            "--virtual-time-budget=8000",
            "--dump-dom",
            map_file(example_build).as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    console = [line for line in completed.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    assert "22 个处室/单位 · 31 项任务 · 108 条责任关系" in completed.stdout
    assert "<canvas" in completed.stdout


def test_every_kind_of_node_is_on_the_map_with_a_legend_switch(example_build: BuildResult) -> None:
    html = map_file(example_build).read_text(encoding="utf-8")
    kinds = Counter(str(n["kind"]) for n in embedded(html, "nodes"))
    assert kinds == {
        "office": example_build.offices,
        "placeholder": example_build.placeholders,
        "task": example_build.tasks,
        "section": example_build.sections,
        "target": example_build.targets,
        "programme": example_build.programmes,
        "document": example_build.policy_documents,
        "organisation": example_build.organisations,
        "place": example_build.places,
    }
    assert (kinds["section"], kinds["organisation"], kinds["place"]) == (10, 13, 13)
    for kind in kinds:
        assert f'data-kind="{kind}"' in html
