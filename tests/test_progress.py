"""Progress reports laid over the shared plans: a paragraph report, a table with merged cells
(as text and as a web page), a workbook; each row matched to its task by number and words,
its status and the words that state it, its values against the task's targets, unmatched rows
listed; the graph read back gives the model it was written from; the command writes files
and a store."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from extract.progress_entries import read_progress
from extract.reading import read_document
from extract.segmentation import Segmenter
from graph.model import PlanView
from graph.progress_matching import resolve_progress
from graph.progress_model import ProgressReportView
from graph.progress_reader import progress_of_graph
from graph.progress_writer import write_progress
from graph.query import load_graph, run_query
from graph.resolve import resolve_plan
from graph.store import PlanStore
from graph.triples import GraphSink
from ontology.iris import IriMinter
from ontology.namespaces import bind_prefixes
from policykg.cli import app
from policykg.config import BuildConfig
from policykg.pipeline import build, read_plans

from .conftest import CORPUS, DATA, EXAMPLE

REPORTS = DATA / "progress"
MINT = IriMinter(BuildConfig().base)
SEGMENTER = Segmenter()

Row = tuple[str, str | None, str, str]  # number printed, task matched, status, status words


def plan_of(path: Path) -> PlanView:
    (document,), _ = read_plans([path])
    return resolve_plan(document, BuildConfig())


@pytest.fixture(scope="module")
def ningbo() -> PlanView:
    return plan_of(EXAMPLE)


@pytest.fixture(scope="module")
def liandu() -> PlanView:
    return plan_of(CORPUS / "liandu-duty-table-2023-fragment.txt")


@pytest.fixture(scope="module")
def livelihood() -> PlanView:
    return plan_of(CORPUS / "district-livelihood-table-2021-fragment.txt")


def laid_over(report: Path, plan: PlanView) -> ProgressReportView:
    text = read_document(report).text
    document = read_progress(text, plan.document.year, SEGMENTER)
    return resolve_progress(
        document, plan, MINT, lambda t: [token.word for token in SEGMENTER.tokens(t)]
    )


def rows(report: ProgressReportView, plan: PlanView) -> list[Row]:
    numbers = {task.iri: task.number for task in plan.tasks}
    return [
        (s.number, numbers.get(s.task or ""), s.status.value, s.status_words)
        for s in report.statements
    ]


def values(report: ProgressReportView, plan: PlanView) -> list[tuple[str, str, str, str | None]]:
    """(task, target metric, value, share) of every reported value."""
    numbers = {task.iri: task.number for task in plan.tasks}
    metrics = {t.iri: t.metric for task in plan.tasks for t in task.targets}
    return [
        (
            numbers[s.task or ""],
            metrics[v.target],
            str(v.value),
            None if v.share is None else str(v.share),
        )
        for s in report.statements
        for v in s.values
    ]


def test_a_paragraph_report_finds_its_tasks_by_words_when_it_numbers_afresh(
    ningbo: PlanView,
) -> None:
    report = laid_over(REPORTS / "ningbo-edu-2024-1-11-paragraphs.txt", ningbo)
    assert (report.title, report.period_words) == (
        "宁波市教育局2024年工作要点1-11月推进情况",
        "1-11月",
    )
    assert (str(report.period_start), str(report.period_end)) == ("2024-01-01", "2024-11-30")
    assert rows(report, ningbo) == [
        ("1", "1", "completed", "已完成"),
        ("2", "2", "on_schedule", "按序时推进"),
        ("3", "8", "behind", "进展缓慢"),  # 3 is 打造学校基层党组织建设品牌: its title is unlike
        ("4", "26", "on_schedule", "序时推进"),
        ("5", "23", "not_started", "尚未启动"),
        ("6", None, "unknown", ""),  # 校园足球特色学校联盟: no task of the plan, kept
    ]
    assert [s.title for s in report.unmatched] == ["建设校园足球特色学校联盟"]
    assert values(report, ningbo) == [
        ("1", "省、市清廉学校示范校", "32", "1.0667"),
        ("2", "直属学校(单位)开展内部巡查", "8", "0.6667"),
        ("8", "课后服务精品课程", "60", "0.6"),
        ("26", "中小学位", "8000", "0.6667"),  # 已新增中小学位8000个 of 12,000: 67 %
        ("26", "幼儿园托位", "3100", "1.0333"),
    ]
    statement = report.statements[3]
    assert statement.span.quote == "已新增中小学位8000个、幼儿园托位3100个,序时推进。"
    assert report.document.text[statement.span.start : statement.span.end] == statement.span.quote


def test_a_table_with_merged_cells_and_a_yes_no_column_over_a_duty_table(
    liandu: PlanView,
) -> None:
    report = laid_over(REPORTS / "liandu-2023-1-9-table.txt", liandu)
    assert (str(report.period_start), str(report.period_end)) == ("2023-01-01", "2023-09-30")
    assert rows(report, liandu) == [
        ("1", "1", "on_schedule", "是"),
        ("2", "2", "behind", "否"),
        ("4", "4", "on_schedule", "是"),
        ("10", "10", "completed", "已完成"),  # 〃: the 是 above, the text saying more
        ("", "14", "not_started", "尚未启动"),  # no number: its words find task 14
        ("", None, "completed", "已完成"),  # 建设智慧停车系统: no such task
    ]
    assert values(report, liandu) == [
        ("1", "地区生产总值", "6.8", "1.0462"),
        ("2", "区本级固定资产投资", "18", "0.72"),
        ("4", "农业增加值", "3.6", "1.0286"),
        ("10", "城镇登记失业率", "2.1", None),  # a ceiling (3%以内): no share of it
    ]


def test_a_web_page_table_with_a_row_span_reads_as_the_text_table(
    liandu: PlanView, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(
        "<html><body><h1>莲都区2023年重点工作第三季度推进情况</h1><table>"
        "<tr><th>序号</th><th>重点工作</th><th>推进情况</th><th>是否达序</th></tr>"
        "<tr><td>1</td><td>地区生产总值增长6.5%以上</td><td>增长6.8%。</td>"
        "<td rowspan='2'>是</td></tr>"
        "<tr><td>5</td><td>服务业增加值增长6%</td><td>服务业增加值增长6.2%。</td></tr>"
        "<tr><td>8</td><td>区本级一般公共预算收入增长7.5%</td><td>收入下降,进度滞后。</td>"
        "<td>否</td></tr></table></body></html>",
        encoding="utf-8",
    )
    report = laid_over(page, liandu)
    assert (str(report.period_start), str(report.period_end)) == ("2023-07-01", "2023-09-30")
    assert rows(report, liandu) == [
        ("1", "1", "on_schedule", "是"),
        ("5", "5", "on_schedule", "是"),
        ("8", "8", "behind", "进度滞后"),
    ]
    # 增长6.8% names no metric: it reports on no target; 服务业增加值增长6.2% does.
    assert values(report, liandu) == [("5", "服务业增加值", "6.2", "1.0333")]


def write_workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "推进情况"
    sheet.append(["2021年重大民生实事项目第一季度推进情况"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "项目名称", "责任单位", "推进情况", "备注"])
    sheet.append([1, "增加教育资源供给", "教育局", "已开工学校重点建设项目9个,序时推进。"])
    sheet.append([2, "促进就业稳定增长", "人社局", "城镇新增就业4000人,失业人员再就业1500人。"])
    sheet.append([3, "优化养老服务", "民政局", "为老年人提供居家上门服务6000名,进度滞后。"])
    sheet.append([4, "文体惠民行动", None, "尚未启动。"])
    sheet.merge_cells("C5:C6")
    sheet.append([5, "新建口袋公园", "住建局", "已建成口袋公园3个。"])
    book.save(path)


def test_a_workbook_report_over_a_livelihood_table(livelihood: PlanView, tmp_path: Path) -> None:
    workbook = tmp_path / "第一季度.xlsx"
    write_workbook(workbook)
    report = laid_over(workbook, livelihood)
    assert (report.period_words, str(report.period_end)) == ("第一季度", "2021-03-31")
    assert rows(report, livelihood) == [
        ("1", "1", "on_schedule", "序时推进"),
        ("2", "2", "unknown", ""),
        ("3", "4", "behind", "进度滞后"),
        ("4", "5", "not_started", "尚未启动"),
        ("5", None, "completed", "已建成"),
    ]
    assert values(report, livelihood) == [
        ("1", "、改扩建学校重点建设项目", "9", "0.75"),
        ("2", "全区城镇新增就业", "4000", "0.2667"),
        ("2", "失业人员再就业", "1500", "0.2586"),
        ("4", "老年人提供居家上门服务", "6000", "0.2609"),
    ]


@pytest.mark.parametrize(
    "report", ["ningbo-edu-2024-1-11-paragraphs.txt", "liandu-2023-1-9-table.txt"]
)
def test_reading_a_reports_graph_back_gives_the_model_it_was_written_from(
    report: str, ningbo: PlanView, liandu: PlanView
) -> None:
    view = laid_over(REPORTS / report, ningbo if report.startswith("ningbo") else liandu)
    graph = bind_prefixes(Graph())
    write_progress(GraphSink(graph), view, MINT)
    assert progress_of_graph(graph) == (view,)
    assert Decimal(0) not in {v.value for s in view.statements for v in s.values}


def test_the_command_writes_the_report_beside_the_plans_build_and_lists_unmatched_rows(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    build([EXAMPLE], out, BuildConfig())
    report = REPORTS / "ningbo-edu-2024-1-11-paragraphs.txt"
    result = CliRunner().invoke(
        app, ["progress", str(report), "--plan", str(out), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        "Laid 1 report(s) over 宁波市教育局2024年工作要点 (2024-5f44b5354c7b): 6 rows, 5 matched "
        "to tasks (1 completed, 2 on schedule, 1 behind, 1 not started, 0 unknown), 1 unmatched"
    )
    assert lines[1:] == ["unmatched: 6 建设校园足球特色学校联盟"]
    # The build's directory answers for the plan and its progress together.
    found = run_query(
        load_graph(out),
        "SELECT ?n ?status WHERE { ?s pk:aboutTask ?t ; pk:progressStatus ?status . "
        "?t skos:notation ?n } ORDER BY ?n",
    )
    assert [(str(n), str(s).rsplit("#", 1)[1]) for n, s in found.rows] == [
        ("1", "Completed"),
        ("2", "OnSchedule"),
        ("23", "NotStarted"),
        ("26", "OnSchedule"),
        ("8", "Behind"),
    ]
    register = (out / "progress.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(register) == 1 + 6
    assert "中小学位 8000个/12000个 = 66.67%" in register[4]
    # The report page is drawn again with the progress: behind or not started per office,
    # a status for every task, each target's reported value against its goal.
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<li><b>教研室</b>: 23 深化招生考试改革 (未启动)</li>" in page
    assert "<li><b>基教处</b>: 8 提升课后服务质量 (滞后); 23 深化招生考试改革 (未启动)</li>" in page
    assert '<td class="status status-behind">滞后</td><td>进展缓慢</td><td>1-11月</td>' in page
    assert page.count('<td class="status status-none">未报告</td><td></td><td></td>') == 31 - 5
    assert '<td class="n">8000个 (66.67%)</td>' in page
    assert result.stderr.splitlines()[0].endswith(
        f"→ {out / 'progress.ttl'}, {out / 'progress.csv'}, {out / 'report.html'}, "
        f"{out / 'graph.html'}"
    )


def test_the_command_keeps_each_report_in_the_store_as_a_graph_of_its_own(
    tmp_path: Path, livelihood: PlanView
) -> None:
    store = tmp_path / "store"
    build(
        [CORPUS / "district-livelihood-table-2021-fragment.txt"],
        tmp_path / "out",
        BuildConfig(),
        store_dir=store,
    )
    workbook = tmp_path / "第一季度.xlsx"
    write_workbook(workbook)
    for _ in range(2):  # the same report twice: one graph, replaced
        result = CliRunner().invoke(
            app, ["progress", str(workbook), "--plan", livelihood.key, "--store", str(store)]
        )
        assert result.exit_code == 0, result.stderr
    plans = PlanStore(store, writable=False)
    try:
        graphs = plans.graphs()
        statements = plans.query(
            "SELECT (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a pk:ProgressStatement } }"
        )
    finally:
        plans.close()
    assert [g.split("/")[-3:-1] for g in graphs if "progress-graph" in g] == [
        ["progress-graph", livelihood.key]
    ]
    assert len(graphs) == 2
    assert int(str(statements.rows[0][0])) == 5


def test_two_reports_say_which_tasks_changed_status(tmp_path: Path) -> None:
    reports = [
        REPORTS / "ningbo-edu-2024-full-year.txt",
        REPORTS / "ningbo-edu-2024-1-11-paragraphs.txt",
    ]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["progress", *map(str, reports), "--plan", str(EXAMPLE), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[1:] == [
        "unmatched: 6 建设校园足球特色学校联盟",
        # In the order of their periods, whatever the order given; task 1 is not reported again.
        "changed (1-11月 → 全年): 任务8「提升课后服务质量」 滞后 → 已完成",
        "changed (1-11月 → 全年): 任务23「深化招生考试改革」 未启动 → 序时推进",
        "changed (1-11月 → 全年): 任务26「高质量做好民生实事项目」 序时推进 → 已完成",
    ]


def graph_of(plan: PlanView, *reports: ProgressReportView) -> Graph:
    from graph.emit import write_plan

    graph = bind_prefixes(Graph())
    sink = GraphSink(graph)
    write_plan(sink, plan, MINT)
    for report in reports:
        write_progress(sink, report, MINT)
    return graph


def named(graph: Graph, name: str, **params: str) -> list[tuple[str, ...]]:
    from graph.named import named_query

    query = named_query(name)
    result = run_query(graph, query.text, query.bindings(params))
    return [tuple("" if c is None else str(c) for c in row) for row in result.rows]


def test_behind_schedule_lists_what_the_latest_report_says_is_behind(ningbo: PlanView) -> None:
    november = laid_over(REPORTS / "ningbo-edu-2024-1-11-paragraphs.txt", ningbo)
    year = laid_over(REPORTS / "ningbo-edu-2024-full-year.txt", ningbo)
    found = named(graph_of(ningbo, november), "behind-schedule")
    assert {row[:2] for row in found} == {("宁波市教育局2024年工作要点", "宁波市教育局")}
    assert [row[2:7] for row in found] == [
        ("1-11月", "8", "提升课后服务质量", "Behind", "进展缓慢"),
        ("1-11月", "23", "深化招生考试改革", "NotStarted", "尚未启动"),
    ]
    assert set(found[0][7].split("、")) == {"基教处", "体艺劳处"}
    assert named(graph_of(ningbo, november, year), "behind-schedule") == []  # both caught up


def test_progress_of_an_office_gives_its_tasks_report_by_report(ningbo: PlanView) -> None:
    november = laid_over(REPORTS / "ningbo-edu-2024-1-11-paragraphs.txt", ningbo)
    year = laid_over(REPORTS / "ningbo-edu-2024-full-year.txt", ningbo)
    found = named(graph_of(ningbo, november, year), "progress-of-office", office="基教处")
    assert [row[3:] for row in found] == [
        ("8", "提升课后服务质量", "1-11月", "Behind", "进展缓慢"),
        ("8", "提升课后服务质量", "全年", "Completed", "已完成"),
        ("23", "深化招生考试改革", "1-11月", "NotStarted", "尚未启动"),
        ("23", "深化招生考试改革", "全年", "OnSchedule", "正在推进"),
    ]  # task 26 is 发规处's: not listed
