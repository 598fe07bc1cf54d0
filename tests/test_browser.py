"""The map in a real browser (Playwright driving Debian's chromium): what a person sees."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from policykg.pipeline import BuildResult

from .conftest import map_file

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium; .ci/run installs it"
)


@pytest.fixture(scope="module")
def page(example_build: BuildResult) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: requests.append(r.url))
        page.goto(map_file(example_build).as_uri())
        page.wait_for_function(
            "typeof network !== 'undefined' && network.getPositions().length !== 0"
        )
        page.wait_for_timeout(2500)
        # The tests read what the page logged beside it (Page has no place for it in its types).
        logged: Any = page
        logged.errors, logged.requests = errors, requests
        yield logged
        browser.close()


def test_the_page_loads_with_no_errors_and_nothing_leaves_the_machine(page: Any) -> None:
    assert page.errors == []
    assert [url for url in page.requests if not url.startswith("file:")] == []
    assert page.inner_text("#counts") == "22 个处室/单位 · 31 项任务 · 108 条责任关系"
    assert "处室/单位 (大小 = 负责任务数)" in page.inner_text("#legend")


def test_searching_a_name_focuses_that_office(page: Any) -> None:
    page.fill("#search", "基教处")
    page.press("#search", "Enter")
    assert page.inner_text("#details h2") == "基教处"
    assert page.eval_on_selector_all("#details li", "els => els.length") == 12
    selected = page.evaluate("() => network.getSelectedNodes().map(id => nodes.get(id).label)")
    assert selected == ["基教处"]


def test_searching_an_alias_focuses_its_office_and_lists_its_tasks(page: Any) -> None:
    page.fill("#search", "机关党委")
    page.press("#search", "Enter")
    details = page.inner_text("#details")
    assert details.startswith("组织处")
    assert "别名: 机关党委、组织处(机关党委)" in details
    items = page.eval_on_selector_all("#details li", "els => els.map(e => e.textContent)")
    assert [item.split(" ")[0] for item in items] == ["1", "2", "3", "18", "20", "27"]
    # Its tasks' targets, as a table with the task each belongs to.
    rows = page.eval_on_selector_all(
        "#details table.targets tr", "rows => rows.map(r => r.cells[0].textContent)"
    )
    assert rows[0] == "任务"
    assert set(rows[1:]) <= {"1", "2", "3", "18", "20", "27"}
    # Focus: the office's tasks and their targets keep their colours; other offices fade.
    faded = page.evaluate(
        """() => { const office = nodes.get({filter: n => n.label === "组织处"})[0].id;
             const near = new Set();
             network.getConnectedNodes(office).forEach(t => network.getConnectedNodes(t)
               .forEach(n => near.add(nodes.get(n).kind)));
             const kinds = {};
             nodes.get().forEach(n => { kinds[n.kind + ":" + (n.color === colours[n.id])] = 1; });
             return [Array.from(near).sort(), Object.keys(kinds).sort()]; }"""
    )
    assert "target" in faded[0]
    assert "target:true" in faded[1]
    assert "office:false" in faded[1]


def test_clicking_a_task_shows_its_text_with_the_targets_marked(page: Any) -> None:
    point = page.evaluate(
        """() => {
          const id = nodes.get({filter: n => n.kind === "task" && n.number === "26"})[0].id;
          network.fit({nodes: [id], animation: false});
          return network.canvasToDOM(network.getPositions([id])[id]);
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    details = page.inner_text("#details")
    assert details.startswith("任务 26 高质量做好民生实事项目")
    assert "办公室 (负责)\n各相关处室 (负责)" in details
    table = page.eval_on_selector_all(
        "#details table.targets tr",
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent).join('|'))",
    )
    assert table[0] == "指标|比较|数值|单位|时限"
    assert table[1] == "中小学位|Equal|12000|个|"  # 新增…1.2万个, in numbers
    assert len(table) == 5
    marks = page.eval_on_selector_all("#details .mark-target", "els => els.map(e => e.textContent)")
    assert marks == [
        "新增中小学位1.2万个",
        "幼儿园托位3000个",
        "专职心理教师专题培训和中小学其他教师普通培训全覆盖",
        "义务教育阶段学生脊柱筛查全覆盖",
    ]


def test_a_hostile_name_in_the_panel_stays_text(page: Any) -> None:
    page.evaluate(
        """() => { const id = nodes.get({filter: n => n.kind === "office"})[0].id;
                   nodes.update({id: id, label: "<img src=x onerror=alert(1)>"});
                   showDetails(id); }"""
    )
    assert page.eval_on_selector_all("#details img", "els => els.length") == 0
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#details")


def test_switching_off_a_section_hides_its_tasks_and_offices_left_without_tasks(
    page: Any,
) -> None:
    page.click("#map", position={"x": 5, "y": 995})  # clear any focus
    first = page.locator("input.section-toggle").first
    section = first.get_attribute("data-section")
    visible = """() => nodes.get({filter: n => !n.hidden}).map(n => n.kind + ":" + n.label)"""
    before = page.evaluate(visible)
    first.uncheck()
    after = page.evaluate(visible)
    hidden_tasks = page.evaluate(
        "s => nodes.get({filter: n => n.kind === 'task' && n.section === s}).map(n => n.id)",
        section,
    )
    assert len(hidden_tasks) > 0
    gone = set(before) - set(after)
    assert sum(1 for item in gone if item.startswith("task:")) == len(hidden_tasks)
    # An office disappears exactly when every one of its tasks is in the section switched off.
    for item in gone - {i for i in gone if i.startswith("task:")}:
        office = item.split(":", 1)[1]
        assert page.evaluate(
            """([label, s]) => { const id = nodes.get({filter: n => n.label === label})[0].id;
                 return network.getConnectedNodes(id).every(t => nodes.get(t).section === s); }""",
            [office, section],
        )
    _offices, tasks, _links = page.inner_text("#counts").split(" · ")
    assert tasks == f"{31 - len(hidden_tasks)} 项任务"
    first.check()
    assert page.evaluate(visible) == before
    assert page.inner_text("#counts") == "22 个处室/单位 · 31 项任务 · 108 条责任关系"


def test_switching_off_placeholders_hides_them(page: Any) -> None:
    box = page.locator('input.toggle[data-kind="placeholder"]')
    box.uncheck()
    assert (
        page.evaluate("() => nodes.get({filter: n => n.kind === 'placeholder' && !n.hidden})") == []
    )
    box.check()
    assert (
        len(page.evaluate("() => nodes.get({filter: n => n.kind === 'placeholder' && !n.hidden})"))
        == 2
    )
