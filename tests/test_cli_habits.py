"""The command line's habits (issue 20): a near miss answered with the closest names, rows
sorted and cut, CSV with a byte-order mark, formats refused where they cannot apply, help
with conventional metavars and one example per command, validate naming the task."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykg.pipeline import BuildResult

from .conftest import REPO
from .test_cli import run

LANZHOU = REPO / "tests" / "data" / "explorer" / "lanzhou-sport-2024.txt"
COMMANDS = ("build", "diff", "evaluate", "query", "validate", "serve", "export", "push")
CONSTRUCT = "CONSTRUCT { ?t a pk:Task } WHERE { ?t a pk:Task } LIMIT 2"


@pytest.fixture(scope="module")
def built(example_build: BuildResult) -> Path:
    return example_build.graph_path.parent


@pytest.fixture(scope="module")
def lanzhou(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sports bureau's plan of another city, built by the command line."""
    out = tmp_path_factory.mktemp("lanzhou")
    code, stdout, _ = run("build", str(LANZHOU), "--out", str(out))
    assert code == 0, stdout
    return out


# --- a near miss -------------------------------------------------------------------------


def test_an_office_named_short_of_its_name_is_answered_with_the_closest(built: Path) -> None:
    code, stdout, stderr = run("query", str(built), "-n", "tasks-of-office", "-p", "office=基教")
    assert (code, stdout, stderr) == (1, "", "Error: 没有处室“基教”；是否指：基教处\n")


def test_a_near_miss_in_a_plan_of_another_city_finds_its_office(lanzhou: Path) -> None:
    code, _, stderr = run("query", str(lanzhou), "-n", "targets-of-office", "-p", "office=竞技处")
    assert (code, stderr) == (1, "Error: 没有处室“竞技处”；是否指：竞技体育处\n")


def test_a_name_close_to_none_lists_the_offices_there_are(lanzhou: Path) -> None:
    code, _, stderr = run("query", str(lanzhou), "-n", "tasks-of-office", "-p", "office=群体")
    assert (code, stderr) == (
        1,
        "Error: 没有处室“群体”；处室有：办公室、宣传处、竞技体育处、群众体育处\n",
    )


def test_the_second_office_of_shared_tasks_is_checked_too(built: Path) -> None:
    code, _, stderr = run(
        "query", str(built), "-n", "shared-tasks", "-p", "office=组织处", "-p", "other=秘书"
    )
    assert (code, stderr) == (1, "Error: 没有处室“秘书”；是否指：秘书处\n")


def test_two_real_offices_that_share_no_task_give_no_rows_and_no_error(lanzhou: Path) -> None:
    code, stdout, stderr = run(
        "query", str(lanzhou), "-n", "shared-tasks", "-p", "office=宣传处",
        "-p", "other=群众体育处", "--format", "csv", "--no-bom",
    )  # fmt: skip
    assert (code, stdout, stderr) == (0, "plan,issuer,office,other,task,title\n", "")


# --- sorted and cut ----------------------------------------------------------------------


def test_rows_sort_by_a_column_largest_first_and_are_cut(built: Path) -> None:
    code, stdout, _ = run(
        "query", str(built), "-n", "office-load", "--sort", "tasks", "--desc", "--limit", "4",
        "--format", "csv", "--no-bom",
    )  # fmt: skip
    assert code == 0
    assert [line.split(",")[2:4] for line in stdout.splitlines()] == [
        ["office", "tasks"],
        ["基教处", "12"],
        ["职教处", "10"],
        ["发规处", "8"],
        ["教研室", "8"],
    ]


def test_task_numbers_sort_as_numbers_not_as_text(built: Path) -> None:
    code, stdout, _ = run(
        "query", str(built), "-n", "tasks-of-office", "-p", "office=组织处",
        "--sort", "task", "--desc", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    assert [line.split(",")[3] for line in stdout.splitlines()[1:]] == [
        "27", "20", "18", "3", "2", "1",
    ]  # fmt: skip


def test_a_table_is_cut_to_the_limit_and_says_how_many_rows_it_shows(built: Path) -> None:
    code, stdout, _ = run("query", str(built), "-n", "tasks-without-target", "--limit", "2")
    assert code == 0
    assert stdout.endswith("\n2 rows\n")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ("-n", "office-load", "--sort", "load"),
            "no column 'load' to sort by; choose one of: plan, issuer, office, tasks, as_lead, "
            "as_support, targets",
        ),
        (("-n", "office-load", "--desc"), "--desc needs --sort COLUMN"),
        (("-n", "office-load", "--limit", "-1"), "--limit must be at least 0"),
        (
            (CONSTRUCT, "--limit", "1"),
            "--sort and --limit apply to rows; this query answers a graph (the answer of a "
            "CONSTRUCT or DESCRIBE)",
        ),
    ],
    ids=["unknown-column", "desc-alone", "negative-limit", "graph"],
)
def test_sorting_and_cutting_what_cannot_be_is_refused(
    built: Path, args: tuple[str, ...], error: str
) -> None:
    code, stdout, stderr = run("query", str(built), *args)
    assert (code, stdout, stderr) == (1, "", f"Error: {error}\n")


# --- CSV for Excel -----------------------------------------------------------------------


def test_csv_starts_with_a_byte_order_mark_unless_told_not_to(built: Path) -> None:
    query = "SELECT (COUNT(?t) AS ?n) WHERE { ?t a pk:Task }"
    assert run("query", str(built), query, "--format", "csv") == (0, "\ufeffn\n31\n", "")
    assert run("query", str(built), query, "--format", "csv", "--no-bom") == (0, "n\n31\n", "")


def test_no_bom_with_a_format_other_than_csv_is_refused(built: Path) -> None:
    code, _, stderr = run("query", str(built), "ASK {}", "--no-bom")
    assert (code, stderr) == (1, "Error: --no-bom applies to --format csv\n")


# --- formats where they apply -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "fmt", "error"),
    [
        (
            CONSTRUCT,
            "csv",
            "--format csv cannot hold a graph (the answer of a CONSTRUCT or DESCRIBE); choose "
            "one of: ttl, nt, jsonld",
        ),
        (
            CONSTRUCT,
            "json",
            "--format json cannot hold a graph (the answer of a CONSTRUCT or DESCRIBE); choose "
            "one of: ttl, nt, jsonld",
        ),
        (
            "ASK { ?t a pk:Task }",
            "csv",
            "--format csv cannot hold a yes or no (the answer of an ASK); choose one of: table, "
            "json, xml",
        ),
        (
            "SELECT ?t WHERE { ?t a pk:Task }",
            "ttl",
            "--format ttl cannot hold rows (the answer of a SELECT); choose one of: table, csv, "
            "json, tsv, xml",
        ),
    ],
    ids=["construct-csv", "construct-json", "ask-csv", "select-ttl"],
)
def test_a_format_that_cannot_hold_the_answer_is_refused(
    built: Path, query: str, fmt: str, error: str
) -> None:
    code, stdout, stderr = run("query", str(built), query, "--format", fmt)
    assert (code, stdout, stderr) == (1, "", f"Error: {error}\n")


def test_a_construct_is_written_in_the_graph_format_asked_for(built: Path) -> None:
    code, stdout, _ = run("query", str(built), CONSTRUCT, "--format", "nt")
    lines = stdout.splitlines()
    assert code == 0
    assert len(lines) == 2
    assert all(
        re.fullmatch(r"<https://w3id\.org/policykg/id/doc/[^>]+/task-\d+> <http://www\.w3\.org/"
                     r"1999/02/22-rdf-syntax-ns#type> <https://w3id\.org/policykg/ns#Task> \.",
                     line)
        for line in lines
    )  # fmt: skip
    code, stdout, _ = run("query", str(built), CONSTRUCT)
    assert code == 0
    assert stdout.startswith("@prefix ")


# --- help -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_conventional_metavars_and_one_example(command: str) -> None:
    code, stdout, _ = run(command, "--help")
    assert code == 0
    usage = stdout.splitlines()[0]
    argument = r" \[?[A-Z][A-Z_.a-z]*(\.\.\.)?\]?"
    assert re.fullmatch(rf"Usage: policykg {command} \[OPTIONS\]({argument})+", usage), usage
    assert re.search(r"<[a-z]|\{|list\[", stdout) is None, stdout
    examples = re.findall(rf"\n  Example:\n    (policykg {command} .+)\n", stdout)
    assert len(examples) == 1, stdout


def test_help_of_build_names_its_values() -> None:
    _, stdout, _ = run("build", "--help")
    assert stdout.splitlines()[0] == "Usage: policykg build [OPTIONS] PLAN..."
    for option in ("--out DIR", "--issuer NAME", "--year YEAR", "--store DIR", "--view VIEW"):
        assert option in stdout


# --- validate ----------------------------------------------------------------------------


def test_validate_names_the_task_of_each_violation_in_task_order(
    built: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttl"
    text = (built / "graph.ttl").read_text(encoding="utf-8")
    broken.write_text(text.replace('oa:exact "组织处"', 'oa:exact "组织科"'), encoding="utf-8")
    code, stdout, _ = run("validate", str(broken))
    assert code == 1
    named = [line.split(" — ", 1)[1].split(" (", 1)[0] for line in stdout.splitlines()[:-1]]
    messages = [line.split(" — ", 1)[0] for line in stdout.splitlines()[:-1]]
    quote, written = (
        "Violation: 证据原文(oa:exact)与全文中[start,end)处的文字不一致,或越出全文长度。",
        "Violation: 责任单位的原文写法与证据原文不一致。",
    )
    # Four tasks name 组织处 as written (the other two write 组织处(机关党委)): two findings each,
    # listed task by task, the same way every run.
    assert named == [
        "任务 1 激发党组织领导的校长负责制制度优势",
        "任务 1 激发党组织领导的校长负责制制度优势",
        "任务 3 打造学校基层党组织建设品牌",
        "任务 3 打造学校基层党组织建设品牌",
        "任务 18 健全干部教师专业发展体系",
        "任务 18 健全干部教师专业发展体系",
        "任务 27 提高教育支援合作水平",
        "任务 27 提高教育支援合作水平",
    ]
    assert messages == [quote, written] * 4
    assert stdout.splitlines()[-1].startswith(f"{broken} does not conform: 8 violations, ")
