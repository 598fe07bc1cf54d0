"""What reaches the terminal is shown, never obeyed: escape sequences and line breaks in file
names, documents and graphs are printed as escapes, and bidi controls never reach a name."""

from __future__ import annotations

from pathlib import Path

from extract.reading import decode_document
from extract.structure import parse_plan

from .bounded import run_policykg

OSC = "\x1b]0;owned\x07"


def test_a_file_name_cannot_forge_an_error_line_or_send_an_escape(tmp_path: Path) -> None:
    name = f"plan{OSC}\nError: all good.txt"
    done = run_policykg("build", tmp_path / name, "--out", tmp_path / "out")
    assert done.code == 1
    assert done.stderr.splitlines() == [
        f"Error: {tmp_path}/plan\\x1b]0;owned\\x07\\nError: all good.txt: no such file; "
        "check the path"
    ]
    assert "\x1b" not in done.stderr


def test_argv_bytes_that_are_not_utf8_are_one_error_line(tmp_path: Path) -> None:
    done = run_policykg("build", "\udcff\udcfe.txt", "--out", tmp_path / "out", cwd=tmp_path)
    assert (done.code, done.stderr) == (
        1,
        "Error: \\udcff\\udcfe.txt: no such file; check the path\n",
    )


def test_a_graph_literal_with_an_escape_sequence_is_shown_escaped_in_a_table(
    tmp_path: Path,
) -> None:
    graph = tmp_path / "g.nt"
    graph.write_text(
        "<urn:a> <http://www.w3.org/2004/02/skos/core#prefLabel> "
        '"处\\u001B]0;x\\u0007\\u202E室" .\n',
        encoding="utf-8",
    )
    done = run_policykg("query", graph, "SELECT ?l WHERE { ?s skos:prefLabel ?l }")
    assert done.code == 0
    assert "处\\x1b]0;x\\x07\\u202e室" in done.stdout
    assert "\x1b" not in done.stdout
    assert "\u202e" not in done.stdout
    data = run_policykg(
        "query", graph, "SELECT ?l WHERE { ?s ?p ?l }", "--format", "csv", "--no-bom"
    )
    assert data.stdout == "l\n处\x1b]0;x\x07\u202e室\n"  # data for programs stays as it is


def test_bidi_controls_never_reach_an_office_name() -> None:
    text = (
        "某市教育局2024年工作要点\n一、加强党的建设\n1.深化主题教育成果\n"
        "目标任务:巩固成果。\n责任处室:\u202e处织组\u202c、\u200f宣传处\u2067\n"
    )
    document = parse_plan(decode_document(text.encode(), "bidi.txt").text)
    (task,) = document.tasks
    assert [unit.name for unit in task.units] == ["处织组", "宣传处"]
