"""The command line: exit codes, exact error lines, and data only on stdout."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app

from .conftest import DATA, EXAMPLE

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    code, stdout, _ = run("build", str(EXAMPLE), "--out", str(out))
    assert code == 0, stdout
    return out


def test_build_prints_one_summary_line_and_the_map_path(built: Path) -> None:
    code, stdout, stderr = run("build", str(EXAMPLE), "--out", str(built))
    lines = stdout.splitlines()
    assert code == 0
    assert lines[0].startswith(
        "Built 1 document(s): 10 sections, 31 tasks, 22 offices, 2 placeholders, "
        "108 responsibilities, 119 targets, 88 programmes, 15 policy documents, "
        "13 organisations, 13 places, 10386 triples in "
    )
    assert lines[0].endswith(
        f"{built / 'graph.ttl'}, {built / 'report.html'}, {built / 'targets.csv'}, "
        f"{built / 'ownership.csv'}"
    )
    assert lines[1] == f"Map: {built / 'graph.html'}"
    assert stderr == ""


@pytest.mark.parametrize(
    ("make_input", "error"),
    [
        (lambda d: d / "missing.txt", "{p}: no such file; check the path"),
        (
            lambda d: d,
            "{p}: is a directory with no document in it (looked for .txt .docx .xlsx .pdf "
            ".html .htm)",
        ),
        (
            lambda d: _write(d / "empty.txt", b""),
            "{p}: the file is empty; give a work plan as plain text",
        ),
        (
            lambda d: _write(d / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(100)),
            "{p}: this is a PNG image, not a text file; "
            "save it as UTF-8 (or GB18030) plain text and try again",
        ),
        (
            lambda d: _write(d / "latin.txt", bytes(range(128, 256)) * 4),
            "{p}: cannot decode the text: it is neither UTF-8 nor GB18030/GBK; "
            "save it as UTF-8 (or GB18030) plain text and try again",
        ),
    ],
    ids=["missing", "directory", "empty", "binary", "undecodable"],
)
def test_bad_input_gives_one_error_line_exit_1_and_writes_nothing(
    tmp_path: Path,
    make_input: Callable[[Path], Path],
    error: str,
) -> None:
    source = make_input(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = run("build", str(source), "--out", str(out))
    assert (code, stdout, stderr) == (1, "", "Error: " + error.format(p=source) + "\n")
    assert not out.exists()


def test_a_bad_second_input_leaves_earlier_output_untouched(built: Path, tmp_path: Path) -> None:
    before = (built / "graph.ttl").read_bytes()
    code, _, stderr = run("build", str(EXAMPLE), str(tmp_path / "nope.txt"), "--out", str(built))
    assert code == 1
    assert stderr.startswith("Error: ")
    assert (built / "graph.ttl").read_bytes() == before


def test_a_document_without_tasks_warns_and_still_writes_the_plan(tmp_path: Path) -> None:
    source = DATA / "notice-without-tasks.txt"
    code, stdout, stderr = run("build", str(source), "--out", str(tmp_path))
    assert code == 0
    assert stderr == (
        f"Warning: {source}: no task found (looked for numbered items with labelled fields "
        "such as 问题描述/工作措施/责任处室, or closing with their units in brackets such as "
        "(X、Y负责)); the plan and its text are in the graph without tasks\n"
    )
    assert "0 tasks" in stdout
    _, rows, _ = run(
        "query",
        str(tmp_path / "graph.ttl"),
        "SELECT ?t WHERE { ?p a pk:WorkPlan ; dcterms:title ?t ; pk:sourceText/pk:content ?c }",
        "--format",
        "csv",
    )
    assert rows == "\ufefft\n关于举办2025年全市教育工作会议的通知\n"


def test_the_same_document_given_twice_is_read_once(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    code, stdout, stderr = run("build", str(EXAMPLE), str(copy), "--out", str(tmp_path / "out"))
    assert code == 0
    assert stderr == (
        f"Warning: {copy}: the same text as {EXAMPLE}; read once\n"
        "Read 2 file(s): 1 built (31 tasks, 22 units, 119 targets), 0 unchanged, 1 duplicate, "
        "0 failed\n"
    )
    assert stdout.startswith("Built 1 document(s): 10 sections, 31 tasks")


def test_malformed_sparql_gives_the_parser_position(built: Path) -> None:
    code, stdout, stderr = run("query", str(built / "graph.ttl"), "SELECT ?t WHERE { ?t a pk:Task ")
    assert (code, stdout) == (1, "")
    assert stderr.startswith("Error: malformed SPARQL at line 1, column 32: ")
    assert stderr.count("\n") == 1


def test_query_formats_csv_and_sparql_json(built: Path) -> None:
    query = (
        'SELECT ?n WHERE { ?t skos:prefLabel "组织处"@zh . ?x pk:responsibleParty ?t ;'
        " skos:notation ?n } ORDER BY xsd:integer(?n)"
    )
    code, csv_text, _ = run("query", str(built), query, "--format", "csv")
    assert (code, csv_text) == (0, "\ufeffn\n1\n2\n3\n18\n20\n27\n")
    code, json_text, _ = run("query", str(built), query, "--format", "json")
    document = json.loads(json_text)
    assert document["head"]["vars"] == ["n"]
    assert [b["n"]["value"] for b in document["results"]["bindings"]] == [
        "1",
        "2",
        "3",
        "18",
        "20",
        "27",
    ]


def test_query_from_a_file_and_a_table(built: Path, tmp_path: Path) -> None:
    query_file = tmp_path / "q.rq"
    query_file.write_text("SELECT (COUNT(?t) AS ?tasks) WHERE { ?t a pk:Task }", encoding="utf-8")
    code, stdout, _ = run("query", str(built / "graph.ttl"), "--file", str(query_file))
    assert code == 0
    assert "│ 31    │" in stdout
    assert stdout.endswith("1 rows\n")


def test_an_unknown_format_names_the_choices(built: Path) -> None:
    code, _, stderr = run("query", str(built), "ASK {}", "--format", "xlsx")
    assert (code, stderr) == (
        1,
        "Error: unknown format 'xlsx'; choose one of: table, csv, json, tsv, xml (rows), or "
        "ttl, nt, jsonld (a graph: CONSTRUCT, DESCRIBE)\n",
    )


def test_validate_conforms_on_the_example(built: Path) -> None:
    code, stdout, _ = run("validate", str(built / "graph.ttl"))
    assert code == 0
    assert stdout.startswith(f"{built / 'graph.ttl'} conforms: 0 violations, 0 warnings in ")


def test_validate_prints_violations_in_chinese_and_exits_1(built: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    text = (built / "graph.ttl").read_text(encoding="utf-8")
    broken.write_text(text.replace('oa:exact "秘书处"', 'oa:exact "秘书科"', 1), encoding="utf-8")
    code, stdout, _ = run("validate", str(broken))
    assert code == 1
    lines = stdout.splitlines()
    # One altered quote breaks two promises: the quote is the text, the surface form is the quote.
    assert lines[0].startswith("Violation: 证据原文(oa:exact)与全文中[start,end)处的文字不一致")
    assert lines[1].startswith("Violation: 责任单位的原文写法与证据原文不一致。")
    assert lines[-1].startswith(f"{broken} does not conform: 2 violations, 0 warnings in ")


def test_a_graph_that_does_not_parse_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    code, _, stderr = run("validate", str(bad))
    assert code == 1
    assert stderr.startswith(f"Error: {bad}: not valid turtle: ")


def test_help_lists_the_exit_codes_and_every_command() -> None:
    code, stdout, _ = run("--help")
    assert code == 0
    assert "Exit codes: 0 success; 1 bad input" in stdout
    assert all(command in stdout for command in ("build", "query", "validate"))


def test_an_unknown_option_is_a_usage_error() -> None:
    code, _, _ = run("build", "--frobnicate")
    assert code == 2


def _write(path: Path, payload: bytes) -> Path:
    path.write_bytes(payload)
    return path
