"""Text from documents is data wherever it lands: Turtle, IRIs, HTML, JSON in scripts, CSV."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.validation import validate
from output.diff_formats import diff_html, diff_json
from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build, diff_plans

from ..conftest import map_file

HOSTILE_UNITS = [
    '=HYPERLINK("http://x")处',
    "+1处",
    "-2处",
    "@SUM处",
    "</script>处",
    '"引号"处',
    "'单引号'处",
    "<b>&amp;处",
    "{{7*7}}处",
    "%00#处",
    "a>b处",
    "\u2028分隔处",
]


def hostile_plan(year: int, extra_unit: str = "") -> str:
    """A plan whose titles, units and targets are made of the hostile names."""
    text = f"某局{year}年工作要点\n一、测试\n"
    for number, unit in enumerate(HOSTILE_UNITS, start=1):
        text += f"{number}.任务{unit}</script><svg/onload=alert(1)>\n"
        text += f"目标任务:建设{number + year % 2}个“{unit}”项目。\n责任处室:{unit}{extra_unit}\n"
    return text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    directory = tmp_path_factory.mktemp("hostile")
    source = directory / "hostile.txt"
    source.write_text(hostile_plan(2025), encoding="utf-8")
    return build([source], directory / "out", BuildConfig())


def test_turtle_parses_back_and_conforms(hostile: BuildResult) -> None:
    graph = Graph().parse(hostile.graph_path, format="turtle")
    labels = {str(o) for o in graph.objects() if not isinstance(o, URIRef)}
    assert all(unit in labels for unit in HOSTILE_UNITS)
    assert validate(graph).conforms


def test_every_iri_is_minted_ascii_whatever_the_names(hostile: BuildResult) -> None:
    graph = Graph().parse(hostile.graph_path, format="turtle")
    iris = {t for triple in graph for t in triple if isinstance(t, URIRef)}
    assert [i for i in iris if not str(i).isascii() or any(c in str(i) for c in '<>"{}| ^`')] == []


def test_names_in_the_map_are_data_not_markup(hostile: BuildResult) -> None:
    html = map_file(hostile).read_text(encoding="utf-8")
    data = re.search(r"var nodes = new vis\.DataSet\((.*?)\);\n", html)
    assert data is not None
    assert [c for c in "<>&'\u2028" if c in data.group(1)] == []
    labels = {str(n["name"]) for n in json.loads(data.group(1))}  # labels may be cut short
    assert labels >= set(HOSTILE_UNITS)
    assert any("</script><svg/onload=alert(1)>" in label for label in labels)
    assert html.count("</script>") == 2
    assert "<svg" not in html.split("<script>", 2)[-1].split("</script>")[-1]


@pytest.mark.parametrize("name", ["targets.csv", "ownership.csv"])
def test_csv_cells_never_start_a_formula(hostile: BuildResult, name: str) -> None:
    path = Path(hostile.graph_path).parent / name
    with path.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@")] == []
    assert '\'=HYPERLINK("http://x")处' in cells


def test_names_in_the_report_are_escaped_text(hostile: BuildResult) -> None:
    html = (Path(hostile.graph_path).parent / "report.html").read_text(encoding="utf-8")
    assert "<svg" not in html
    assert "</script>处" not in html
    assert "&lt;/script&gt;处" in html
    assert html.count("<script>") == 1


def test_names_in_the_diff_are_escaped_text_and_json_data(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(hostile_plan(2024), encoding="utf-8")
    new.write_text(hostile_plan(2025, extra_unit="、<script>&'\"处"), "utf-8")
    diff, triples = diff_plans(old, new, BuildConfig())
    kinds = {c.kind.value for c in diff.changes}
    assert kinds == {"UnitAdded", "TargetRaised"}
    html = diff_html(diff)
    assert "<svg" not in html
    assert "<script" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;&amp;&#39;&#34;处" in html
    document = json.loads(diff_json(diff))
    units = {c["unit"] for row in document["rows"] for c in row["changes"] if c["unit"]}
    assert units == {"<script>&'\"处"}
    iris = {t for triple in triples for t in triple if isinstance(t, URIRef)}
    assert [i for i in iris if not str(i).isascii() or any(c in str(i) for c in '<>"{}| ^`')] == []
