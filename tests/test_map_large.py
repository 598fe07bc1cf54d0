"""Large maps: laid out in Python with physics off, so the page is usable at once."""

from __future__ import annotations

import math
import random
import shutil

import pytest

from output.map import LARGE_MAP
from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build

from .conftest import map_file
from .test_map import embedded

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OFFICES = [f"第{i}处" for i in range(1, 41)]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A plan of 700 tasks, each owned by one to three of 40 offices (seeded)."""
    rng = random.Random(7)
    lines = ["某市某局2025年重点工作任务分解", "一、全部任务"]
    for number in range(1, 701):
        owners = rng.sample(OFFICES, rng.randint(1, 3))
        lines += [f"{number}.任务{number}", f"目标任务:新建基地{number % 9 + 1}个。"]
        lines.append("责任处室:" + "、".join(owners))
    folder = tmp_path_factory.mktemp("large")
    source = folder / "large.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    return build([source], folder / "out", BuildConfig(issuer="某市某局"))


def test_a_large_map_comes_laid_out_with_physics_off(large: BuildResult) -> None:
    html = map_file(large).read_text(encoding="utf-8")
    nodes, edges = embedded(html, "nodes"), embedded(html, "edges")
    drawn = [n for n in nodes if n["kind"] in ("office", "task")]
    assert len(drawn) == 740 > LARGE_MAP
    assert all(isinstance(n.get("x"), float) and isinstance(n.get("y"), float) for n in nodes)
    assert '"physics": {"enabled": false}' in html
    assert '"drawThreshold": 9' in html  # task labels appear once zoomed in far enough to read
    # A task owned by one office sits by it: nearer to it than to any other office.
    at = {n["id"]: (n["x"], n["y"]) for n in nodes}
    label = {n["id"]: n["label"] for n in nodes}
    offices = [n["id"] for n in nodes if n["kind"] == "office"]
    assert sorted(label[o] for o in offices) == sorted(OFFICES)
    owners: dict[str, list[str]] = {}
    for edge in edges:
        if edge["role"] != "involves":
            owners.setdefault(str(edge["to"]), []).append(str(edge["from"]))
    single = [(task, found[0]) for task, found in owners.items() if len(found) == 1]
    assert len(single) > 100
    for task, owner in single:
        assert min(offices, key=lambda o: math.dist(at[task], at[o])) == owner
    # A circle's area grows with the office's tasks (stated in its tooltip).
    for office in (n for n in nodes if n["kind"] == "office"):
        tasks = int(str(office["title"]).split("负责任务: ")[1].split(" ")[0])
        assert office["size"] == min(round(8 + 5 * math.sqrt(tasks), 1), 60)


def test_a_small_map_comes_laid_out_too_with_every_label_drawn(example_build: BuildResult) -> None:
    html = map_file(example_build).read_text(encoding="utf-8")
    assert all(isinstance(n.get("x"), float) for n in embedded(html, "nodes"))
    assert '"physics": {"enabled": false}' in html
    assert '"drawThreshold": 9' not in html


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium; .ci/run installs it")
def test_a_large_map_is_usable_in_chromium_at_once(large: BuildResult) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(map_file(large).as_uri())
        page.wait_for_function("typeof network !== 'undefined'")
        # Positions are the ones computed in Python (vis reports them in whole pixels).
        moved = page.evaluate(
            """() => { const p = network.getPositions();
                 return nodes.get().filter(n => !n.hidden &&
                   (Math.abs(p[n.id].x - n.x) > 1 || Math.abs(p[n.id].y - n.y) > 1)).length; }"""
        )
        counts = page.inner_text("#counts")
        browser.close()
    assert errors == []
    assert moved == 0
    assert counts.startswith("40 个处室/单位 · 700 项任务 · ")
