"""Questions as forms (issue 20): serve's named queries with their parameters bound, the
names offered from the graph, CSV and XLSX answers, and the map and report of a store or a
lone graph file. The page itself, in a browser, is in tests/test_browser.py."""

from __future__ import annotations

import io
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from policykg.pipeline import BuildResult

from .test_cli import run
from .test_server import request, serving

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORGANISATION = urllib.parse.quote("组织处")


@pytest.fixture(scope="module")
def endpoint(example_build: BuildResult) -> Iterator[str]:
    """serve on the example's build, with the default time limit (a workbook is written in
    the query's time)."""
    with serving(example_build.graph_path.parent, "--max-rows", "50") as url:
        yield url


def fetch_bytes(url: str, accept: str) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_a_named_query_runs_with_its_parameter_and_answers_the_clis_rows(
    endpoint: str, example_build: BuildResult
) -> None:
    status, media, body = request(
        f"{endpoint}named/tasks-of-office?office={ORGANISATION}", headers={"Accept": "text/csv"}
    )
    assert (status, media) == (200, "text/csv; charset=utf-8")
    _, cli, _ = run(
        "query", str(example_build.graph_path.parent), "-n", "tasks-of-office",
        "-p", "office=组织处", "--format", "csv",
    )  # fmt: skip
    assert "\ufeff" + body == cli
    assert [line.split(",")[3] for line in body.splitlines()[1:]] == [
        "1", "2", "3", "18", "20", "27",
    ]  # fmt: skip


def test_a_named_query_answers_as_a_workbook_of_the_same_rows(endpoint: str) -> None:
    url = f"{endpoint}named/tasks-of-office?office={ORGANISATION}"
    status, media, body = fetch_bytes(url, XLSX)
    assert (status, media) == (200, XLSX)
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == ["plan", "issuer", "office", "task", "title", "role", "written"]
    assert [row[3] for row in cells[1:]] == ["1", "2", "3", "18", "20", "27"]
    assert cells[2][6] == "组织处(机关党委)"
    assert sheet.title == "tasks-of-office"


def test_a_near_miss_on_the_form_is_answered_with_the_closest_office(endpoint: str) -> None:
    office = urllib.parse.quote("基教")
    status, _, body = request(f"{endpoint}named/tasks-of-office?office={office}")
    assert (status, body) == (400, "没有处室“基教”；是否指：基教处\n")


def test_a_named_query_without_its_parameter_or_of_no_such_name_is_refused(endpoint: str) -> None:
    status, _, body = request(f"{endpoint}named/tasks-of-office")
    assert (status, body) == (400, "query 'tasks-of-office' needs --param office=…\n")
    status, _, body = request(f"{endpoint}named/drop-all")
    assert (status, body) == (404, "no named query 'drop-all'; see /queries\n")


def test_the_offices_offered_are_the_graphs_units_by_every_name(endpoint: str) -> None:
    status, media, body = request(f"{endpoint}names/office")
    names = json.loads(body)
    assert (status, media) == (200, "application/json")
    assert len(names) == len(set(names)) == 24  # 22 offices and the aliases 机关党委, 督导室
    assert {"组织处", "机关党委", "基教处"} <= set(names)
    assert "宁波大学" not in names  # an organisation a task mentions answers for nothing
    assert request(f"{endpoint}names/everything")[0] == 404


def test_the_page_is_in_chinese_with_a_form_for_every_named_query(endpoint: str) -> None:
    status, _, page = request(endpoint)
    assert status == 200
    listing = json.loads(request(f"{endpoint}queries")[2])
    for query in listing:
        assert f'<form class="named" data-query="{query["name"]}"' in page
        assert query["zh"] in page
    assert '<input name="office" required autocomplete="off" list="names-office"' in page
    assert '<datalist id="names-office" data-kind="office">' in page
    for words in ("常用查询", "下载 CSV", "下载 Excel", "关系图", "报告"):
        assert words in page
    assert '"UnspecifiedRole": "\\u672a\\u533a\\u5206"' in page  # 未区分, shown for the code


def test_an_ask_is_not_offered_as_csv(endpoint: str) -> None:
    status, _, body = request(
        f"{endpoint}sparql?{urllib.parse.urlencode({'query': 'ASK {}'})}",
        headers={"Accept": "text/csv"},
    )
    assert status == 406
    assert body.startswith("this query answers results; ask for one of: application/sparql-")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, three_plans_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("served-store")
    code, stdout, _ = run(
        "build", str(three_plans_dir), "--store", str(root / "store"), "--out", str(root / "out")
    )
    assert code == 0, stdout
    return root / "store"


@pytest.fixture(scope="module")
def store_endpoint(store: Path) -> Iterator[str]:
    with serving(store) as url:
        yield url


def test_a_store_serves_its_map_report_and_each_plans_report(store_endpoint: str) -> None:
    status, media, graph_map = request(f"{store_endpoint}map")
    assert (status, media) == (200, "text/html; charset=utf-8")
    assert "vis.Network" in graph_map
    status, _, report = request(f"{store_endpoint}report")
    assert status == 200
    linked = sorted({urllib.parse.unquote(link) for link in _plan_links(report)})
    assert len(linked) == 3
    for link in linked:
        status, _, plan_report = request(store_endpoint + link)
        assert status == 200, link
        assert "<html" in plan_report
    assert request(f"{store_endpoint}report-nothing.html")[0] == 404
    status, _, answer = request(
        f"{store_endpoint}named/tasks-of-office?office={ORGANISATION}",
        headers={"Accept": "text/csv"},
    )
    assert (status, len(answer.splitlines())) == (200, 7)


def test_a_lone_graph_file_has_its_pages_drawn_not_a_strangers(
    example_build: BuildResult, tmp_path: Path
) -> None:
    lone = tmp_path / "plans-2024.ttl"
    shutil.copyfile(example_build.graph_path, lone)
    (tmp_path / "graph.html").write_text("not this graph's map", encoding="utf-8")
    with serving(lone) as url:
        status, _, graph_map = request(f"{url}map")
    assert status == 200
    assert "vis.Network" in graph_map
    assert "宁波市教育局2024年工作要点" in graph_map


def _plan_links(report: str) -> list[str]:
    import re

    return re.findall(r'href="(report-[A-Za-z0-9._%-]+\.html)"', report)


def test_a_store_too_large_for_one_page_is_refused_its_map(store: Path) -> None:
    from policykg.config import BuildConfig, Limits
    from policykg.errors import InputError
    from policykg.sources import drawable_plans

    with pytest.raises(InputError) as refused:
        drawable_plans(store, BuildConfig(limits=Limits(map_triples=1000)))
    message = str(refused.value)
    assert message.startswith(f"{store}: too large for one map and report: ")
    assert message.endswith(
        "triples: more than the limit of 1,000 (map_triples); raise it with the environment "
        "variable POLICYKG_MAP_TRIPLES=…; or query the store instead"
    )
    assert len(drawable_plans(store).plans) == 3
