"""policykg evaluate: the project's own scorer agrees count for count with the shared
reference scorer, scores plans of a bureau's own, and says what is wrong with a gold file.

The graphs in tests/data/evaluation/ are the core facts (tools/core_facts.py) of each shared
document's graph as built on the day the numbers below were recorded, plus a hand-written
graph of edge cases; REFERENCE holds what shared/tools/evaluate.py --json said of each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.evaluation import FIELDS, Evaluation, evaluate_graph, micro_average
from graph.gold import read_gold
from graph.query import load_graph
from policykg.cli import app

from .conftest import DATA, GOLD

SNAPSHOTS = DATA / "evaluation"
TpFpFn = tuple[int, int, int]
# (tp, fp, fn) of tasks, units, lead, indicators, programmes and documents; graph tasks,
# collective accuracy and comparator accuracy: what the reference scorer said.
Scores = tuple[TpFpFn, TpFpFn, TpFpFn, TpFpFn, TpFpFn, TpFpFn, int, float, float | None]

# fmt: off
REFERENCE: dict[str, Scores] = {
    "anshan-lishan-task-division-2023-fragment":
        ((6, 0, 0), (11, 1, 1), (6, 0, 0), (5, 0, 0), (0, 0, 0), (0, 0, 0), 6, 0.8333, 1.0),
    "chaozhou-blue-sky-2019-fragment":
        ((1, 0, 1), (4, 0, 10), (2, 0, 3), (0, 0, 0), (0, 0, 1), (0, 0, 1), 1, 0.0, None),
    "district-livelihood-table-2021-fragment":
        ((0, 0, 5), (0, 0, 14), (0, 0, 5), (0, 0, 19), (0, 0, 3), (0, 0, 0), 0, 0.4, None),
    "guangzhou-talent-project-2012-table":
        ((0, 0, 44), (0, 0, 96), (0, 0, 44), (0, 0, 63), (0, 0, 25), (0, 0, 0), 0, 0.1818, None),
    "guangzhou-talent-project-2012":
        ((43, 0, 1), (68, 42, 28), (43, 67, 1), (60, 3, 3), (24, 1, 1), (0, 0, 0), 43, 0.8636, 1.0),
    "guowuyuan-bonded-zones-2019":
        ((20, 0, 1), (42, 3, 6), (20, 0, 1), (0, 0, 0), (1, 0, 0), (0, 0, 0), 20, 0.8571, None),
    "guowuyuan-consumption-poverty-alleviation-2018":
        ((17, 0, 0), (97, 0, 0), (0, 0, 0), (0, 0, 0), (11, 0, 0), (0, 0, 0), 17, 1.0, None),
    "guowuyuan-employment-2018":
        ((10, 0, 5), (18, 3, 13), (7, 1, 4), (2, 0, 2), (0, 0, 1), (0, 0, 0), 10, 0.5333, 1.0),
    "liandu-duty-table-2023-fragment":
        ((0, 0, 14), (0, 0, 31), (0, 0, 13), (0, 0, 9), (0, 0, 3), (0, 0, 0), 0, 0.9286, None),
    "ningbo-edu-2024":
        ((31, 0, 0), (105, 0, 0), (0, 0, 0), (114, 0, 0), (89, 0, 0), (15, 0, 0), 31, 1.0, 1.0),
    # pooling, aliases, one unit for one name, placeholders, implied and ranged targets,
    # lenient comparators, units normalised, a gold task with nothing to match
    "edge-cases":
        ((2, 1, 1), (4, 0, 2), (1, 0, 1), (6, 0, 1), (2, 0, 1), (1, 0, 0), 4, 1.0, 0.8333),
}
# fmt: on


def gold_of(name: str) -> Path:
    shared = GOLD / f"{name}.gold.json"
    return shared if shared.exists() else SNAPSHOTS / f"{name}.gold.json"


def scored(name: str) -> Evaluation:
    return evaluate_graph(load_graph(SNAPSHOTS / f"{name}.ttl"), read_gold(gold_of(name)))


def scores_of(evaluation: Evaluation) -> Scores:
    tasks, units, lead, indicators, programmes, documents = (
        (c.tp, c.fp, c.fn) for c in (evaluation.counts[name] for name in FIELDS)
    )
    return (
        tasks, units, lead, indicators, programmes, documents,
        evaluation.graph_tasks, evaluation.collective_accuracy, evaluation.comparator_accuracy,
    )  # fmt: skip


def test_every_shared_gold_document_has_a_recorded_reference_score() -> None:
    shared = {path.name.removesuffix(".gold.json") for path in GOLD.glob("*.gold.json")}
    assert shared <= set(REFERENCE)
    assert {path.stem for path in SNAPSHOTS.glob("*.ttl")} == set(REFERENCE)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_scores_agree_with_the_reference_scorer_count_for_count(name: str) -> None:
    assert scores_of(scored(name)) == REFERENCE[name]


def test_json_has_the_reference_fields_in_its_order() -> None:
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            str(SNAPSHOTS / "edge-cases.ttl"),
            str(SNAPSHOTS / "edge-cases.gold.json"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert list(answer) == [
        "document", "gold_tasks", "project_tasks", "tasks", "units", "lead", "collective_acc",
        "indicators", "comparator_acc", "programmes", "documents",
    ]  # fmt: skip
    assert answer["indicators"] == {"p": 1.0, "r": 0.8571, "f1": 0.9231, "tp": 6, "fp": 0, "fn": 1}


def test_a_bureau_scores_a_plan_of_its_own_built_in_memory() -> None:
    plan = DATA / "targets" / "suzhou-hrss-2025.txt"
    result = CliRunner().invoke(
        app, ["evaluate", str(plan), str(SNAPSHOTS / "suzhou-hrss-2025.gold.json")]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "suzhou-hrss-2025.txt: 3 gold tasks, 3 tasks in the graph",
        "field       precision  recall      F1    tp    fp    fn",
        "tasks          1.0000  1.0000  1.0000     3     0     0",
        "units          1.0000  1.0000  1.0000     4     0     0",
        "lead           1.0000  1.0000  1.0000     3     0     0",
        "indicators     1.0000  1.0000  1.0000     8     0     0",
        "programmes     1.0000  1.0000  1.0000     0     0     0",
        "documents      1.0000  1.0000  1.0000     0     0     0",
        "collective flags agree on 1.0000 of the gold tasks, "
        "comparators on 1.0000 of the matched targets",
    ]


def test_a_plan_scores_as_its_built_graph_does(tmp_path: Path) -> None:
    plan = DATA / "targets" / "hefei-employment-2026.txt"
    gold = tmp_path / "hefei.gold.json"
    gold.write_text(
        json.dumps(
            {
                "document": plan.name,
                "tasks": [
                    {"number": "一", "title": "加大稳岗返还力度", "units": ["市人社局"]},
                    {
                        "number": "三",
                        "title": "鼓励青年见习",
                        "units": ["团市委", "市人社局"],
                        "indicators": [{"value": 5000, "unit": "个", "comparator": "at_least"}],
                    },
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(plan), "--out", str(tmp_path / "out")])
    assert built.exit_code == 0
    from_plan = runner.invoke(app, ["evaluate", str(plan), str(gold), "--format", "json"])
    from_graph = runner.invoke(
        app, ["evaluate", str(tmp_path / "out"), str(gold), "--format", "json"]
    )
    assert from_plan.exit_code == from_graph.exit_code == 0
    assert from_plan.stdout == from_graph.stdout
    # 市财政局 shares task 一 in the plan; the gold file leaves it out.
    assert json.loads(from_plan.stdout)["units"] == {
        "p": 0.75, "r": 1.0, "f1": 0.8571, "tp": 3, "fp": 1, "fn": 0,
    }  # fmt: skip


def test_micro_average_sums_the_counts_of_every_document() -> None:
    total = micro_average(scored(name) for name in ("ningbo-edu-2024", "edge-cases"))
    assert (total["indicators"].tp, total["indicators"].fp, total["indicators"].fn) == (120, 0, 1)
    assert round(total["indicators"].f1, 4) == 0.9959
    assert set(total) == set(FIELDS)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not JSON: Expecting property name enclosed in double quotes at line 1, "
         "column 2"),
        ('{"document": "a.txt"}', "a gold file is a JSON object with a list of 'tasks'"),
        ('{"tasks": [{"number": "1", "title": "建设"}]}',
         "task 1 lacks 'units'; each task needs number, title and units (see GUIDELINES.md)"),
        ('{"tasks": [{"number": "1", "title": "建设", "units": [],'
         ' "indicators": [{"unit": "个"}]}]}',
         "task 1, indicator 1 needs a 'value' (the number, 万/亿 multiplied out)"),
        ('{"tasks": [{"number": "1", "title": "建设", "units": "办公室"}]}',
         "task 1: 'units' must be a list of names"),
    ],
)  # fmt: skip
def test_a_bad_gold_file_is_one_error_line_naming_it(
    tmp_path: Path, content: str, problem: str
) -> None:
    gold = tmp_path / "bad.gold.json"
    gold.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(SNAPSHOTS / "edge-cases.ttl"), str(gold)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {gold}: {problem}\n"


def test_an_unknown_format_is_refused_with_the_choices() -> None:
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            str(SNAPSHOTS / "edge-cases.ttl"),
            str(SNAPSHOTS / "edge-cases.gold.json"),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown format 'csv'; choose one of: table, json\n"
