"""Two progress reports on one plan compared (``policykg diff --plan``): a 1-6月 and a 1-11月
report written over the shared Ningbo plan, the tasks whose status changed (before → after),
newly and no longer reported, the values against their targets; out/progress.ttl keeping
both reports once each across runs; a report on another plan refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from graph.display import status_text
from graph.progress_comparison import ProgressComparison
from graph.readback import progress_of_graph
from policykg.cli import app
from policykg.config import BuildConfig
from policykg.pipeline import build
from policykg.progress import lay_over
from policykg.progress_diff import compare_reports

from .conftest import CORPUS, DATA

PLAN = CORPUS / "ningbo-edu-2024.txt"
JUNE = DATA / "progress" / "ningbo-edu-2024-1-6.txt"
NOVEMBER = DATA / "progress" / "ningbo-edu-2024-1-11.txt"
LIANDU = DATA / "progress" / "liandu-2023-1-9-table.txt"

# (task, how it changed, status before, after): every task the two reports speak of otherwise.
CHANGES = [
    ("1", "status_changed", "序时推进", "已完成"),
    ("2", "status_changed", "未启动", "序时推进"),
    ("8", "status_changed", "滞后", "序时推进"),
    ("23", "newly_reported", "未报告", "未启动"),
    ("26", "values_changed", "序时推进", "序时推进"),
    ("29", "no_longer_reported", "序时推进", "未报告"),
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan's build, with both reports laid over it by two runs of the command (and the
    later one a second time)."""
    directory = tmp_path_factory.mktemp("progress-diff") / "out"
    build([PLAN], directory, BuildConfig())
    for report in (JUNE, NOVEMBER, NOVEMBER):
        result = CliRunner().invoke(
            app, ["progress", str(report), "--plan", str(directory), "-o", str(directory)]
        )
        assert result.exit_code == 0, result.stderr
    return directory


def changes(comparison: ProgressComparison) -> list[tuple[str, str, str, str]]:
    return [
        (c.task.number, c.kind.value, status_text(c.status_before), status_text(c.status_after))
        for c in comparison.changes
    ]


def test_two_reports_say_which_tasks_changed_and_how_their_values_moved() -> None:
    comparison = compare_reports(str(JUNE), str(NOVEMBER), PLAN, BuildConfig())
    assert changes(comparison) == CHANGES
    assert comparison.unchanged == 1  # task 5, on schedule in both
    values = {
        c.task.number: [
            (
                v.target.metric,
                None if v.before is None else (str(v.before.value), str(v.before.share)),
                None if v.after is None else (str(v.after.value), str(v.after.share)),
            )
            for v in c.values
        ]
        for c in comparison.changes
    }
    assert values == {
        "1": [("省、市清廉学校示范校", ("12", "0.4"), ("32", "1.0667"))],
        "2": [("直属学校(单位)开展内部巡查", None, ("8", "0.6667"))],
        "8": [("课后服务精品课程", ("30", "0.3"), ("90", "0.9"))],
        "23": [],
        "26": [("中小学位", ("4000", "0.3333"), ("10800", "0.9"))],
        "29": [("心理专职教师医教跟岗实习", ("300", "0.375"), None)],
    }
    assert comparison.changes[1].offices == ("组织处", "发规处")


def test_repeated_progress_runs_keep_each_report_once_in_progress_ttl(out: Path) -> None:
    graph = Graph().parse(out / "progress.ttl", format="turtle")
    reports = progress_of_graph(graph)
    assert [r.period_words for r in reports] == ["1-6月", "1-11月"]
    register = (out / "progress.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(register) == 1 + 6 + 6  # a header, the June rows, the November rows
    # The report page shows the latest word on each task: task 29 by June's report.
    page = (out / "report.html").read_text(encoding="utf-8")
    assert (
        '<td class="status status-on_schedule">序时推进</td><td>按序时推进</td><td>1-6月</td>'
        in (page)
    )


def test_the_command_compares_two_kept_reports_by_period_as_a_table(out: Path) -> None:
    result = CliRunner().invoke(app, ["diff", "1-6月", "1-11月", "--plan", str(out)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "宁波市教育局2024年工作要点"
    assert lines[-1] == "1-6月 → 1-11月 · 状态变化 3 · 新报告 1 · 不再报告 1 · 数值变化 1 · 未变 1"
    rows = [line.split("│")[1:6] for line in lines if line.startswith("│ ") and line[2] != " "]
    assert [(n.strip(), s.strip()) for n, _, _, _, s in rows] == [
        (n, f"{before} → {after}") for n, _, before, after in CHANGES
    ]
    assert "12所 (40%) →" in result.stdout
    assert "32所 (106.67%) / 30所" in result.stdout


def test_the_command_writes_json_and_html_of_a_document_against_a_kept_report(
    out: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        app, ["diff", str(JUNE), "1-11月", "--plan", str(out), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert [
        (c["task"]["number"], c["kind"], (c["before"] or {}).get("status"))
        for c in document["changes"]
    ] == [
        ("1", "status_changed", "on_schedule"),
        ("2", "status_changed", "not_started"),
        ("8", "status_changed", "behind"),
        ("23", "newly_reported", None),
        ("26", "values_changed", "on_schedule"),
        ("29", "no_longer_reported", "on_schedule"),
    ]
    assert document["changes"][4]["values"][0]["after"]["quote"] == "已新增中小学位10800个"
    page = tmp_path / "changes.html"
    result = CliRunner().invoke(
        app, ["diff", str(JUNE), str(NOVEMBER), "--plan", str(PLAN), "--format", "html",
              "-o", str(page)]
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("1-6月 → 1-11月 · 状态变化 3")
    html = page.read_text(encoding="utf-8")
    assert '<tr class="status_changed">\n<td class="num">8</td>' in html
    assert "<li>中小学位: 4000个 (33.33%) → 10800个 (90%) / 12000个</li>" in html


def test_a_report_on_another_plan_is_refused(out: Path) -> None:
    result = CliRunner().invoke(app, ["diff", str(LIANDU), "1-11月", "--plan", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {LIANDU}: none of its 6 rows matches a task of 宁波市教育局2024年工作要点 "
        "(2024-5f44b5354c7b); is it a report on another plan? give that plan with --plan\n"
    )


def test_a_kept_report_on_another_plan_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "liandu"
    build([CORPUS / "liandu-duty-table-2023-fragment.txt"], other, BuildConfig())
    laid = lay_over([LIANDU], other, BuildConfig())
    key = laid.reports[0].key
    CliRunner().invoke(app, ["progress", str(LIANDU), "--plan", str(other), "-o", str(other)])
    (tmp_path / "ningbo").mkdir()
    build([PLAN], tmp_path / "ningbo", BuildConfig())
    (tmp_path / "ningbo" / "progress.ttl").write_bytes((other / "progress.ttl").read_bytes())
    result = CliRunner().invoke(
        app, ["diff", key, str(NOVEMBER), "--plan", str(tmp_path / "ningbo")]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the report '1-9月' is on another plan (")
    assert result.stderr.endswith(
        "not on 宁波市教育局2024年工作要点 (2024-5f44b5354c7b); compare two reports on one plan\n"
    )


def test_a_name_that_is_neither_a_file_nor_a_kept_report_lists_the_kept_ones(out: Path) -> None:
    result = CliRunner().invoke(app, ["diff", "1-9月", "1-11月", "--plan", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: 1-9月: neither a progress report file nor the key, period or title of a report "
        f"on 宁波市教育局2024年工作要点 (2024-5f44b5354c7b) in {out / 'progress.ttl'}; its "
        "reports there: "
    )
    assert result.stderr.count("(1-6月)") == result.stderr.count("(1-11月)") == 1
    missing = out / "elsewhere"
    result = CliRunner().invoke(
        app, ["diff", "1-6月", "1-11月", "--plan", str(out), "--history", str(missing)]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {missing}: no such file; --history names the progress.ttl that 'policykg "
        "progress --out DIR' keeps, or its DIR\n"
    )
    result = CliRunner().invoke(
        app, ["diff", "1-6月", "1-11月", "--plan", str(out), "--format", "ttl"]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown format 'ttl' for progress reports; choose one of: table, html, json\n"
    )


def test_two_reports_kept_in_a_store_compare_by_their_keys(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([PLAN], tmp_path / "out", BuildConfig(), store_dir=store)
    plan = lay_over([JUNE, NOVEMBER], PLAN, BuildConfig())
    for report in (JUNE, NOVEMBER):
        result = CliRunner().invoke(
            app, ["progress", str(report), "--plan", plan.plan.key, "--store", str(store)]
        )
        assert result.exit_code == 0, result.stderr
    june, november = (r.key for r in plan.reports)
    result = CliRunner().invoke(
        app,
        [
            "diff",
            june,
            november,
            "--plan",
            plan.plan.key,
            "--store",
            str(store),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert [c["task"]["number"] for c in found["changes"]] == [n for n, *_ in CHANGES]
    assert (found["earlier"]["key"], found["later"]["key"]) == (june, november)


def test_document_text_stays_data_in_the_html_and_json(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "某局2025年工作要点\n1.推进<script>alert(1)</script>&改革\n牵头单位:办公室\n"
        "2.开展调研\n牵头单位:法规处\n",
        encoding="utf-8",
    )
    reports = []
    for period, status in (("1-6月", "尚未启动"), ("1-11月", "已完成")):
        report = tmp_path / f"{period}.txt"
        report.write_text(
            f"某局2025年工作要点{period}推进情况\n1.推进<script>alert(1)</script>&改革。"
            f"进展情况:{status}。\n",
            encoding="utf-8",
        )
        reports.append(str(report))
    html = CliRunner().invoke(app, ["diff", *reports, "--plan", str(plan), "--format", "html"])
    assert html.exit_code == 0, html.stderr
    assert "<script>" not in html.stdout
    assert (
        '<td class="title">推进&lt;script&gt;alert(1)&lt;/script&gt;&amp;改革</td>' in html.stdout
    )
    found = CliRunner().invoke(app, ["diff", *reports, "--plan", str(plan), "--format", "json"])
    title = json.loads(found.stdout)["changes"][0]["task"]["title"]
    assert title == "推进<script>alert(1)</script>&改革"
