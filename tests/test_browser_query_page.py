"""serve's query page in a real browser (Playwright driving Debian's chromium): named
questions as forms, their answers as a sortable table, a workbook and a CSV to download."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policykg.pipeline import BuildResult

from .conftest import CHROMIUM
from .test_browser import VIEWPORT

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium; .ci/run installs it"
)


@pytest.fixture(scope="module")
def query_page(browser: Any, example_build: BuildResult) -> Iterator[Any]:
    """serve's query page over the example's build, open until its tests are done."""
    from .test_server import serving

    with serving(example_build.graph_path.parent) as url:
        page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        page.wait_for_function("() => document.querySelectorAll('#names-office option').length")
        yield page
        page.close()


def asked(page: Any, query: str, **values: str) -> list[list[str]]:
    """Choose a named query, fill its form, run it: the rows of the table it shows."""
    page.select_option("#named", query)
    form = page.locator(f'form[data-query="{query}"]')
    for name, value in values.items():
        form.locator(f'input[name="{name}"]').fill(value)
    page.evaluate("() => { document.getElementById('results').textContent = ''; }")
    form.locator('button[type="submit"]').click()
    page.wait_for_function(
        "() => document.querySelector('#results tbody') || "
        "document.getElementById('status').className === 'error'"
    )
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "#results tbody tr", "trs => trs.map(tr => Array.from(tr.cells, c => c.textContent))"
    )


def test_the_tasks_of_office_form_with_its_office_returns_its_6_tasks_and_the_clis_csv(
    query_page: Any, example_build: BuildResult
) -> None:
    from .test_cli import run

    offered = query_page.eval_on_selector_all("#names-office option", "os => os.map(o => o.value)")
    assert {"组织处", "机关党委"} <= set(offered)
    rows = asked(query_page, "tasks-of-office", office="组织处")
    shown = query_page.eval_on_selector_all(
        "form.named", "fs => fs.filter(f => f.offsetParent).map(f => f.dataset.query)"
    )
    assert shown == ["tasks-of-office"]  # the chosen question's form alone
    assert [row[3] for row in rows] == ["1", "2", "3", "18", "20", "27"]
    assert {row[5] for row in rows} == {"未区分"}  # the role's code shown in Chinese
    assert query_page.inner_text("#count") == "6 行"
    with query_page.expect_download() as download:
        query_page.click("#csv")
    assert download.value.suggested_filename == "tasks-of-office.csv"
    downloaded = Path(download.value.path()).read_bytes().decode("utf-8")
    _, cli, _ = run(
        "query", str(example_build.graph_path.parent), "-n", "tasks-of-office",
        "-p", "office=组织处", "--format", "csv",
    )  # fmt: skip
    assert downloaded.splitlines() == cli.splitlines()
    assert downloaded.startswith("\ufeffplan,issuer,office,task,")
    assert query_page.errors == []


def test_the_results_sort_by_a_clicked_column_numbers_as_numbers(query_page: Any) -> None:
    asked(query_page, "tasks-of-office", office="机关党委")
    header = query_page.locator('#results th[data-column="task"]')
    assert header.inner_text() == "任务"
    header.click()
    header.click()
    cells = query_page.eval_on_selector_all(
        "#results tbody tr", "trs => trs.map(tr => tr.cells[3].textContent)"
    )
    assert cells == ["27", "20", "18", "3", "2", "1"]
    assert header.get_attribute("aria-sort") == "descending"


def test_the_workbook_download_holds_the_same_rows(query_page: Any) -> None:
    from openpyxl import load_workbook

    rows = asked(query_page, "office-load")
    with query_page.expect_download() as download:
        query_page.click("#xlsx")
    assert download.value.suggested_filename == "office-load.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet is not None
    cells = [[str(cell.value) for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[2:4] for row in cells] == [row[2:4] for row in rows]
    assert len(cells) == 22


def test_a_near_miss_on_the_form_says_which_office_was_meant(query_page: Any) -> None:
    assert asked(query_page, "tasks-of-office", office="基教") == []
    assert query_page.inner_text("#status") == "没有处室“基教”；是否指：基教处"


def test_raw_sparql_is_one_tab_away(query_page: Any) -> None:
    query_page.click("#tab-sparql")
    assert query_page.is_visible("#query")
    assert not query_page.is_visible("#forms")
    query_page.fill("#query", "SELECT (COUNT(?t) AS ?tasks) WHERE { ?t a pk:Task }")
    query_page.evaluate("() => { document.getElementById('results').textContent = ''; }")
    query_page.click("#run")
    query_page.wait_for_selector("#results tbody tr")
    assert query_page.inner_text("#results tbody td") == "31"
    query_page.click("#tab-forms")
    assert query_page.is_visible("#forms")
