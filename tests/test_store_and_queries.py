"""Named queries with exact answers on the example, from rdflib and from the Oxigraph store;
the store keeps one graph per document, skips unchanged ones and survives a killed rebuild."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from graph.named import named_queries, named_query
from graph.query import QueryResult, run_query
from graph.store import PlanStore
from policykg.config import BuildConfig
from policykg.errors import InputError
from policykg.pipeline import build

from .conftest import EXAMPLE, THREE_PLANS

CORPUS_FILES = list(THREE_PLANS)


def rows(result: QueryResult) -> list[tuple[str, ...]]:
    return [tuple("" if c is None else str(c) for c in r) for r in result.rows]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("store") / "plans"
    build(CORPUS_FILES, directory.parent / "out", BuildConfig(), store_dir=directory)
    return directory


# Every named query's rows lead with their plan and its issuer.
NINGBO = ("宁波市教育局2024年工作要点", "宁波市教育局")


def both(graph: Graph, store: Path, name: str, **params: str) -> list[tuple[str, ...]]:
    """The rows of a named query from rdflib over the example, after checking that the
    Oxigraph store (which also holds the other corpus documents) gives the same rows."""
    query = named_query(name)
    from_rdflib = rows(run_query(graph, query.text, query.bindings(params)))
    plans = PlanStore(store, writable=False)
    try:
        from_store = rows(plans.query(query.text, query.bindings(params)))
    finally:
        plans.close()
    # The engines differ only in decimal lexical forms and the order inside GROUP_CONCAT.
    assert {canonical(r) for r in from_rdflib} <= {canonical(r) for r in from_store}
    return from_rdflib


def canonical(row: tuple[str, ...]) -> tuple[str, ...]:
    cells = []
    for raw in row:
        cell = raw.removesuffix(".0") if raw.replace(".", "", 1).isdigit() else raw
        for separator in ("、", " "):
            if separator in cell:
                cell = separator.join(sorted(cell.split(separator)))
        cells.append(cell)
    return tuple(cells)


def test_every_shipped_query_is_listed_with_a_description() -> None:
    queries = named_queries()
    assert sorted(queries) == [
        "behind-schedule",
        "documents-to-issue",
        "due-by",
        "office-load",
        "offices-of-task",
        "programmes-by-office",
        "progress-of-office",
        "shared-tasks",
        "targets-of-office",
        "tasks-of-office",
        "tasks-without-target",
        "tasks-without-unit",
    ]
    assert all(q.description for q in queries.values())


def test_tasks_of_an_office(example_graph: Graph, store: Path) -> None:
    assert both(example_graph, store, "tasks-of-office", office="组织处") == [
        (*NINGBO, "组织处", "1", "激发党组织领导的校长负责制制度优势", "UnspecifiedRole", "组织处"),
        (*NINGBO, "组织处", "2", "深化巩固主题教育成果", "UnspecifiedRole", "组织处(机关党委)"),
        (*NINGBO, "组织处", "3", "打造学校基层党组织建设品牌", "UnspecifiedRole", "组织处"),
        (*NINGBO, "组织处", "18", "健全干部教师专业发展体系", "UnspecifiedRole", "组织处"),
        (*NINGBO, "组织处", "20", "开展师德师风专项整治", "UnspecifiedRole", "组织处(机关党委)"),
        (*NINGBO, "组织处", "27", "提高教育支援合作水平", "UnspecifiedRole", "组织处"),
    ]


def test_an_office_is_found_by_its_alias_too(example_graph: Graph, store: Path) -> None:
    found = both(example_graph, store, "tasks-of-office", office="机关党委")
    assert [r[3] for r in found] == ["1", "2", "3", "18", "20", "27"]


def test_offices_of_a_task_in_printed_order(example_graph: Graph, store: Path) -> None:
    assert both(example_graph, store, "offices-of-task", task="21") == [
        (*NINGBO, "21", "1", "发规处", "UnspecifiedRole", "发规处"),
        (*NINGBO, "21", "2", "服电中心", "UnspecifiedRole", "服电中心"),
        (*NINGBO, "21", "3", "各相关处室(单位)", "UnspecifiedRole", "各相关处室(单位)"),
    ]


def test_office_load_ranks_by_tasks_then_targets(example_graph: Graph) -> None:
    found = rows(run_query(example_graph, named_query("office-load").text))
    assert found[:4] == [
        (*NINGBO, "基教处", "12", "0", "0", "24"),
        (*NINGBO, "职教处", "10", "0", "0", "52"),
        (*NINGBO, "发规处", "8", "0", "0", "23"),
        (*NINGBO, "教研室", "8", "0", "0", "18"),
    ]
    assert len(found) == 22


def test_targets_of_an_office(example_graph: Graph, store: Path) -> None:
    found = both(example_graph, store, "targets-of-office", office="高教处")
    assert len(found) == 53
    assert (
        *NINGBO,
        "高教处",
        "13",
        "高校科研经费",
        "AtLeast",
        "1500000000",
        "元",
        "2024年",
        "2024-12-31",
        "高校科研经费突破15亿元",
    ) in found


def test_due_by_gives_the_examples_31_tasks_and_119_targets_implied_by_its_year(
    example_graph: Graph, store: Path
) -> None:
    found = both(example_graph, store, "due-by", date="2025-06-30")
    assert len(found) == 31 + 119
    assert {r[:2] for r in found} == {NINGBO}
    assert {r[4] for r in found} == {"task", "target"}
    assert len([r for r in found if r[4] == "task"]) == 31
    assert {(r[2], r[6], r[7], r[8]) for r in found} == {
        ("2025-06-30", "2024-12-31", "2024年", "true")
    }
    first = found[:2]
    assert [(r[3], r[4], r[5]) for r in first] == [
        ("1", "task", "激发党组织领导的校长负责制制度优势"),
        ("1", "target", "新增省、市清廉学校示范校30所以上"),
    ]
    assert set(first[0][10].split("、")) == {
        "秘书处", "组织处", "发规处", "督导处", "宣德处", "计财处", "校安处",
    }  # fmt: skip
    assert both(example_graph, store, "due-by", date="2024-12-30") == []


def test_tasks_shared_by_two_offices(example_graph: Graph, store: Path) -> None:
    found = both(example_graph, store, "shared-tasks", office="基教处", other="职教处")
    assert [r[4] for r in found] == ["7", "16", "19", "24", "27"]


def test_tasks_without_unit_or_target(example_graph: Graph, store: Path) -> None:
    assert both(example_graph, store, "tasks-without-unit") == []
    found = both(example_graph, store, "tasks-without-target")
    assert [r[2] for r in found] == ["15", "20", "23", "25", "27"]


def test_programmes_by_office_and_documents_to_issue(example_graph: Graph, store: Path) -> None:
    programmes = both(example_graph, store, "programmes-by-office")
    assert (*NINGBO, "宣德处", "大思政课", "4") in programmes
    documents = both(example_graph, store, "documents-to-issue")
    assert len(documents) == 13
    assert documents[0][:6] == (
        *NINGBO,
        "深化“四个学校”建设 提升教育基层治理能力行动方案",
        "Adopt",
        "出台",
        "1",
    )
    assert sorted(documents[0][6].split("、")) == sorted(
        ["秘书处", "组织处", "发规处", "督导处", "宣德处", "计财处", "校安处"]
    )


def test_parameters_are_checked_and_bound_not_pasted(example_graph: Graph) -> None:
    query = named_query("tasks-of-office")
    with pytest.raises(InputError, match="query 'tasks-of-office' needs --param office=…"):
        query.bindings({})
    with pytest.raises(InputError, match="has no parameter team; its parameters: office"):
        query.bindings({"office": "x", "team": "y"})
    hostile = '组织处" } ; DROP ALL ; SELECT * { "'
    assert rows(run_query(example_graph, query.text, query.bindings({"office": hostile}))) == []
    assert len(example_graph) == 10386  # nothing dropped


def test_the_store_holds_one_named_graph_per_document(store: Path) -> None:
    plans = PlanStore(store, writable=False)
    try:
        assert len(plans.graphs()) == 3
        counts = rows(
            plans.query(
                "SELECT ?g (COUNT(DISTINCT ?t) AS ?tasks)"
                " WHERE { GRAPH ?g { ?t a pk:Task } } GROUP BY ?g"
            )
        )
    finally:
        plans.close()
    assert sorted(int(n) for _, n in counts) == [17, 18, 31]


def test_rebuilding_one_document_replaces_its_graph_and_leaves_the_others(tmp_path: Path) -> None:
    directory = tmp_path / "plans"
    first = build(CORPUS_FILES, tmp_path / "out", BuildConfig(), store_dir=directory)
    edited = tmp_path / "ningbo-edited.txt"
    changed = EXAMPLE.read_text(encoding="utf-8").replace(
        "评选100门以上课后服务精品课程。修订非学科类", "评选120门以上课后服务精品课程。修订非学科类"
    )
    edited.write_text(changed, encoding="utf-8")
    files = [f for f in CORPUS_FILES if "ningbo" not in f.name] + [edited]
    second = build(files, tmp_path / "out", BuildConfig(), store_dir=directory)
    assert (first.stored, second.stored, second.unchanged) == (3, 1, 2)
    assert second.tasks == first.tasks == 66
    plans = PlanStore(directory, writable=False)
    try:
        values = rows(
            plans.query(
                'SELECT ?v WHERE { ?x pk:metricText "课后服务精品课程"@zh ; schema:minValue ?v }'
            )
        )
    finally:
        plans.close()
    assert sorted(values) == [("100",), ("120",)]  # printed twice: once edited, once not


def test_a_rebuild_killed_midway_leaves_the_store_whole(tmp_path: Path) -> None:
    directory = tmp_path / "plans"
    build(CORPUS_FILES, tmp_path / "out", BuildConfig(), store_dir=directory)
    edited = tmp_path / "ningbo.txt"
    edited.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    for delay in (0.6, 1.0, 1.4, 1.8):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "policykg",
                "-q",
                "build",
                str(edited),
                *map(str, CORPUS_FILES[:2]),
                "--store",
                str(directory),
                "--out",
                str(tmp_path / "o"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        plans = PlanStore(directory, writable=False)
        try:
            per_graph = rows(
                plans.query(
                    "SELECT ?g (COUNT(DISTINCT ?t) AS ?tasks) (COUNT(DISTINCT ?s) AS ?texts)"
                    " WHERE { GRAPH ?g { ?s a pk:SourceText . OPTIONAL { ?t a pk:Task } } }"
                    " GROUP BY ?g"
                )
            )
        finally:
            plans.close()
        # Every graph is a whole document: its text and all of its tasks, never a part.
        assert all(
            texts == "1" and tasks in ("0", "17", "18", "31") for _, tasks, texts in per_graph
        )


def test_a_store_in_use_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    directory = tmp_path / "plans"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from graph.store import PlanStore;"
            f"s = PlanStore(Path({str(directory)!r}), writable=True); print('open', flush=True);"
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(InputError, match="the store is in use by another policykg process"):
            PlanStore(directory, writable=True)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
