"""The map in a real browser (Playwright driving Debian's chromium): what a person sees.

One page load per map, shared by the tests of that map: the example, and three plans built
together. Geometry is read from vis-network itself (each node's box and the view's scale) and
compared with the page's own panels in screen pixels.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policykg.pipeline import BuildResult

from .conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium; .ci/run installs it"
)
VIEWPORT = {"width": 1600, "height": 1000}
# Every shown node's box in screen pixels (label included), and its kind and name.
NODE_BOXES = """() => {
  const frame = document.getElementById("map").getBoundingClientRect();
  return nodes.getIds({filter: n => !n.hidden}).map(id => {
    const b = network.getBoundingBox(id), n = nodes.get(id);
    const a = network.canvasToDOM({x: b.left, y: b.top});
    const c = network.canvasToDOM({x: b.right, y: b.bottom});
    return {left: a.x + frame.left, top: a.y + frame.top, right: c.x + frame.left,
            bottom: c.y + frame.top, kind: n.kind, name: n.name || n.label};
  });
}"""


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The pairs of boxes that share any area."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["left"] < b["right"]
                and b["left"] < a["right"]
                and a["top"] < b["bottom"]
                and b["top"] < a["bottom"]
            ):
                pairs.append((a["name"], b["name"]))
    return pairs


def intersects(box: dict[str, Any], other: dict[str, Any]) -> bool:
    return bool(
        box["left"] < other["right"]
        and other["left"] < box["right"]
        and box["top"] < other["bottom"]
        and other["top"] < box["bottom"]
    )


def open_map(browser: Any, path: Path) -> Any:
    page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    page.errors, page.requests = [], []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("typeof network !== 'undefined' && network.getPositions().length !== 0")
    page.wait_for_timeout(300)  # the first frame drawn
    return page


@pytest.fixture(scope="module")
def page(browser: Any, example_build: BuildResult) -> Iterator[Any]:
    yield from opened(browser, example_build)


@pytest.fixture(scope="module")
def corpus_page(browser: Any, three_plans_build: BuildResult) -> Iterator[Any]:
    yield from opened(browser, three_plans_build)


def opened(browser: Any, result: BuildResult) -> Iterator[Any]:
    """The map of a build, open until the tests that share it are done."""
    assert result.map_path is not None
    page = open_map(browser, result.map_path)
    yield page
    page.close()


def test_the_page_loads_with_no_errors_and_nothing_leaves_the_machine(page: Any) -> None:
    assert page.errors == []
    assert [url for url in page.requests if not url.startswith("file:")] == []
    assert page.inner_text("#counts") == "22 个处室/单位 · 31 项任务 · 108 条责任关系"
    assert "处室/单位 (大小 = 负责任务数)" in page.inner_text("#legend")


def test_at_the_first_view_no_two_nodes_overlap_and_labels_are_legible(page: Any) -> None:
    boxes = page.evaluate(NODE_BOXES)
    assert len(boxes) == 22 + 2 + 31
    assert overlapping(boxes) == []
    # Labels of 14 px drawn at the view's zoom: at least 12 px on screen.
    assert 14 * page.evaluate("() => network.getScale()") >= 12


def test_the_legend_covers_no_node_and_folds_away_to_give_the_map_room(page: Any) -> None:
    legend = page.evaluate(
        "() => document.getElementById('sidebar').getBoundingClientRect().toJSON()"
    )
    frame = page.evaluate("() => document.getElementById('map').getBoundingClientRect().toJSON()")
    boxes = page.evaluate(NODE_BOXES)
    assert [b["name"] for b in boxes if intersects(b, legend)] == []
    inside = [b for b in boxes if frame["left"] <= b["left"] and b["right"] <= frame["right"]]
    assert len(inside) == len(boxes)  # every node is on screen, right of the legend
    page.click("#collapse")
    assert page.is_hidden("#sidebar")
    wider = page.evaluate("() => document.getElementById('map').getBoundingClientRect().width")
    assert wider > frame["width"] + 250
    assert overlapping(page.evaluate(NODE_BOXES)) == []
    page.click("#expand")
    assert page.is_visible("#legend")


def test_a_search_that_matches_nothing_says_so(page: Any) -> None:
    page.fill("#search", "不存在的处室")
    page.press("#search", "Enter")
    assert page.inner_text("#search-status") == "未找到“不存在的处室”"
    assert page.eval_on_selector_all("#search-results li", "els => els.length") == 0


def test_the_pages_fuzzy_score_is_rapidfuzzs_ratio(page: Any) -> None:
    from rapidfuzz import fuzz

    pairs = [
        ("基教", "基教处"),
        ("职业教育处", "职教处"),
        ("基础教育", "基教处"),
        ("组织", "办公室"),
    ]
    pairs += [("𠀀教处", "基教处"), ("Ａ处", "A处"), ("", "教研室")]
    scores = page.evaluate("pairs => pairs.map(p => similarity(p[0], p[1]))", pairs)
    assert scores == pytest.approx([fuzz.ratio(a, b) for a, b in pairs])


def test_a_near_miss_finds_the_office_and_a_phrase_finds_its_task(page: Any) -> None:
    page.fill("#search", "职业教育处")  # no office has that name; 职教处 is 75 from it
    page.press("#search", "Enter")
    assert page.inner_text("#details h2") == "职教处"
    page.fill("#search", "脊柱筛查")  # words of task 26's text, not of its title
    page.press("#search", "Enter")
    assert page.inner_text("#details h2").startswith("任务 26 ")
    assert page.inner_text("#search-status") == "找到 1 项"


def test_the_current_view_exports_as_png_and_svg(page: Any) -> None:
    with page.expect_download() as png:
        page.click("#export-png")
    assert png.value.suggested_filename == "policykg-map.png"
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.click("#export-svg")
    from xml.etree import ElementTree

    root = ElementTree.parse(svg.value.path()).getroot()
    groups = root.findall("{http://www.w3.org/2000/svg}g")
    shown = page.evaluate("() => nodes.get({filter: n => !n.hidden}).length")
    assert len(groups) == shown
    texts = {"".join(t.text or "" for t in g) for g in groups}
    assert "基教处" in texts


def test_the_corpus_map_shows_three_plans_with_no_node_over_another_or_the_legend(
    corpus_page: Any,
) -> None:
    page = corpus_page
    assert page.errors == []
    boxes = page.evaluate(NODE_BOXES)
    assert len(boxes) == 123  # 53 offices, 4 placeholders, 66 tasks
    assert overlapping(boxes) == []
    legend = page.evaluate(
        "() => document.getElementById('sidebar').getBoundingClientRect().toJSON()"
    )
    assert [b["name"] for b in boxes if intersects(b, legend)] == []
    options = page.eval_on_selector_all("#plan-select option", "els => els.map(e => e.textContent)")
    assert options[0] == "全部 3 份计划"
    assert len(options) == 4


def test_the_plan_selector_shows_one_plan_and_hides_the_others_nodes(corpus_page: Any) -> None:
    page = corpus_page
    key = page.evaluate(
        "name => nodes.get({filter: n => n.kind === 'task' && n.name === name})[0].plan",
        "推进教育数字化改革",
    )
    page.select_option("#plan-select", key)
    shown = page.evaluate(
        "() => nodes.get({filter: n => !n.hidden}).map(n => [n.kind, n.plan || '', n.name])"
    )
    assert sorted({plan for kind, plan, _ in shown if kind == "task"}) == [key]
    assert sum(1 for kind, *_ in shown if kind == "task") == 31
    assert sum(1 for kind, *_ in shown if kind in ("office", "placeholder")) == 24
    assert "国家发展和改革委员会" not in {name for *_, name in shown}
    assert page.inner_text("#map-title") == "宁波市教育局2024年工作要点"
    assert page.inner_text("#counts") == "22 个处室/单位 · 31 项任务 · 108 条责任关系"
    assert overlapping(page.evaluate(NODE_BOXES)) == []
    page.select_option("#plan-select", "")
    assert page.inner_text("#counts").startswith("53 个处室/单位 · 66 项任务")


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
          const at = network.canvasToDOM(network.getPositions([id])[id]);
          const frame = document.getElementById("map").getBoundingClientRect();
          return {x: at.x + frame.left, y: at.y + frame.top};
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    details = page.inner_text("#details")
    assert details.startswith("任务 26 高质量做好民生实事项目")
    assert "办公室 (未区分)\n各相关处室 (未区分)" in details
    table = page.eval_on_selector_all(
        "#details table.targets tr",
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent).join('|'))",
    )
    assert table[0] == "指标|比较|目标值|时限"
    assert table[1] == "中小学位|等于(=)|1.2万个|"  # 新增…1.2万个, in Chinese
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
                   nodes.update({id: id, name: "<img src=x onerror=alert(1)>"});
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
