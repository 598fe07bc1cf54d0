"""The pictures in docs/, made from fresh builds in headless Chromium (``make screenshots``).

docs/map.png        the example's ownership map as it opens
docs/map-office.png the map of one office (office:机关党委, marked and named 组织处), its panel open
docs/map-plans.png  three plans built together, one chosen in the plan selector
docs/report.png     the example's report
docs/report-progress.png  the example's report with the November progress report laid over it
docs/map-progress.png     the example's map with the same report, its tasks coloured by status
docs/overview.png   the overview report of the three plans
docs/query.png      serve's query page: the tasks-of-office form asked for 组织处

Chinese needs a CJK font (Debian: ``apt-get install fonts-noto-cjk``); without one the
pictures would show boxes, so the script stops and says so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
EXAMPLE = REPO / "examples" / "ningbo-edu-2024.txt"
PROGRESS_REPORTS = [REPO / "tests" / "data" / "progress" / "ningbo-edu-2024-1-11-paragraphs.txt"]
THREE_PLANS = [
    REPO / "tests" / "corpus" / name
    for name in (
        "guowuyuan-consumption-poverty-alleviation-2018.txt",
        "guowuyuan-vocational-education-reform-2019.txt",
        "ningbo-edu-2024.txt",
    )
]
VIEWPORT = {"width": 1600, "height": 1000}


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("needs Debian's chromium: apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 1
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    if not fonts.stdout.strip():
        print("needs a Chinese font: apt-get install fonts-noto-cjk", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    from graph.network import MapView
    from policykg.config import BuildConfig
    from policykg.pipeline import build
    from policykg.progress import lay_over, report_pages

    with tempfile.TemporaryDirectory(prefix="policykg-shots-") as scratch:
        root = Path(scratch)
        example = build([EXAMPLE], root / "example", BuildConfig())
        office = build(
            [EXAMPLE],
            root / "office",
            BuildConfig(),
            view=MapView("office", "机关党委"),
        )
        plans = root / "plans"
        plans.mkdir()
        for path in THREE_PLANS:
            shutil.copyfile(path, plans / path.name)
        corpus = build([plans], root / "corpus", BuildConfig())
        progress = build([EXAMPLE], root / "progress", BuildConfig())
        # The November report alone: two tasks behind or not started show in the list.
        out = progress.graph_path.parent
        laid = lay_over(PROGRESS_REPORTS, out, BuildConfig())
        for name, page_text in report_pages(laid, laid.reports, out, BuildConfig()).items():
            (out / name).write_text(str(page_text), encoding="utf-8")
        maps = (example.map_path, office.map_path, corpus.map_path)
        if None in maps:
            print("a build wrote no map", file=sys.stderr)
            return 1
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport=VIEWPORT)
            example_map, office_map, corpus_map = (Path(str(m)) for m in maps)
            _shoot(page, example_map, DOCS / "map.png")
            _shoot(page, office_map, DOCS / "map-office.png")
            page.goto(corpus_map.as_uri())
            page.wait_for_timeout(500)
            key = page.evaluate(
                "() => nodes.get({filter: n => n.kind === 'task' && n.plan"
                " && n.name === '推进教育数字化改革'})[0].plan"
            )
            page.select_option("#plan-select", key)
            page.wait_for_timeout(300)
            page.screenshot(path=str(DOCS / "map-plans.png"))
            _shoot(page, example.graph_path.parent / "report.html", DOCS / "report.png")
            _shoot(page, corpus.graph_path.parent / "report.html", DOCS / "overview.png")
            _shoot(page, out / "report.html", DOCS / "report-progress.png")
            page.goto((out / "graph.html").as_uri())
            page.wait_for_timeout(500)
            page.check('input[name="colouring"][value="status"]')
            page.wait_for_timeout(300)
            page.screenshot(path=str(DOCS / "map-progress.png"))
            _shoot_query_page(page, example.graph_path.parent, DOCS / "query.png")
            browser.close()
    shots = ("map.png", "map-office.png", "map-plans.png", "report.png", "overview.png")
    for name in (*shots, "report-progress.png", "map-progress.png", "query.png"):
        print(DOCS / name)
    return 0


def _shoot_query_page(page: Any, build: Path, destination: Path) -> None:
    """serve started on the build (any free port), its form for one office's tasks run."""
    server = subprocess.Popen(
        [sys.executable, "-m", "policykg", "serve", str(build), "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    assert server.stderr is not None
    try:
        url = server.stderr.readline().split(" at ", 1)[1].split(" ", 1)[0]
        page.goto(url)
        page.wait_for_function("() => document.querySelectorAll('#names-office option').length")
        page.select_option("#named", "tasks-of-office")
        form = page.locator('form[data-query="tasks-of-office"]')
        form.locator('input[name="office"]').fill("组织处")
        form.locator('button[type="submit"]').click()
        page.wait_for_selector("#results tbody tr")
        page.screenshot(path=str(destination))
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()


def _shoot(page: Any, path: Path, destination: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_timeout(500)
    page.screenshot(path=str(destination))


if __name__ == "__main__":
    sys.exit(main())
