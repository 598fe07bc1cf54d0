"""Bad input: a clear answer, the documented exit code, and nothing written."""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.reading import decode_document
from extract.structure import parse_plan
from policykg.cli import app
from policykg.pipeline import BuildResult

from ..conftest import EXAMPLE

SAVE = "save it as UTF-8 (or GB18030) plain text and try again"
PLAN = EXAMPLE.read_text(encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "text")
    return buffer.getvalue()


REFUSED: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty", lambda: b"", "the file is empty; give a work plan as plain text"),
    (
        "whitespace",
        lambda: b" \n\t \r\n",
        "the file holds only whitespace; give a work plan as text",
    ),
    (
        "png",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(200),
        f"this is a PNG image, not a text file; {SAVE}",
    ),
    ("zip", zip_bytes, f"this is a ZIP archive (not a .docx), not a text file; {SAVE}"),
    (
        "truncated-utf8",
        lambda: PLAN.encode()[:-2],
        f"is UTF-8 but byte {len(PLAN.encode()) - 3} is not valid UTF-8; the file is damaged or "
        f"truncated; repair it or {SAVE}",
    ),
    ("nul-heavy", lambda: b"\x00\x01\x02\x03" * 500, f"looks like a binary file, not text; {SAVE}"),
]


@pytest.mark.parametrize(("case", "payload", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_bad_files_are_refused_and_nothing_is_written(
    tmp_path: Path, case: str, payload: Callable[[], bytes], message: str
) -> None:
    source = tmp_path / f"{case}.txt"
    source.write_bytes(payload())
    out = tmp_path / "out"
    code, stdout, stderr = run("build", str(source), "--out", str(out))
    assert (code, stdout, stderr) == (1, "", f"Error: {source}: {message}\n")
    assert not out.exists()


def test_a_missing_path_and_an_empty_directory_are_refused(tmp_path: Path) -> None:
    code, _, stderr = run("build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert (code, stderr) == (1, f"Error: {tmp_path / 'nope.txt'}: no such file; check the path\n")
    code, _, stderr = run("build", str(tmp_path), "--out", str(tmp_path / "o"))
    assert (code, stderr) == (
        1,
        f"Error: {tmp_path}: is a directory with no document in it (looked for .txt .docx "
        ".xlsx .pdf .html .htm)\n",
    )


def test_an_output_directory_that_cannot_be_made_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output directory should be")
    code, stdout, stderr = run("build", str(EXAMPLE), "--out", str(blocker))
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"Error: {blocker}: cannot write output there (File exists); choose "
        "another directory with --out\n"
    )
    assert blocker.read_text() == "a file where the output directory should be"


@pytest.mark.parametrize(
    ("case", "encode"),
    [
        ("gbk", lambda t: t.encode("gbk")),
        ("gb18030", lambda t: t.encode("gb18030")),
        ("utf-8-bom", lambda t: codecs.BOM_UTF8 + t.encode()),
        ("utf-16-le-no-bom", lambda t: t.encode("utf-16-le")),
        ("utf-16-be-no-bom", lambda t: t.encode("utf-16-be")),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode()),
        (
            "mixed-line-ends",
            lambda t: "".join(
                (("\r\n", "\r", "\n")[i % 3] if i else "") + line
                for i, line in enumerate(t.split("\n"))
            ).encode(),
        ),
        ("nul-bytes", lambda t: t.replace("。", "。\x00", 3).encode()),
    ],
)
def test_encodings_and_line_ends_give_the_same_turtle(
    tmp_path: Path, example_build: BuildResult, case: str, encode: Callable[[str], bytes]
) -> None:
    source = tmp_path / f"{case}.txt"
    source.write_bytes(encode(PLAN))
    code, _, _ = run("build", str(source), "--out", str(tmp_path / "out"))
    assert code == 0
    expected = example_build.graph_path.read_bytes()
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == expected


def test_arbitrary_bytes_raise_nothing_but_input_errors() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policykg.errors import InputError

    @settings(max_examples=300, deadline=None)
    @given(st.binary(max_size=400))
    def decode(data: bytes) -> None:
        try:
            source = decode_document(data, "x")
        except InputError:
            return
        parse_plan(source.text)

    decode()


def test_a_field_label_with_no_content_is_a_warning_naming_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(
        "某局2025年工作要点\n一、甲\n1.任务\n工作措施:\n责任处室:甲处\n", encoding="utf-8"
    )
    code, _, stderr = run("build", str(source), "--out", str(tmp_path / "out"))
    assert (code, stderr) == (0, f"Warning: {source}: line 4: field 工作措施 has no content\n")


def test_a_unit_list_of_only_separators_and_deep_brackets_do_not_break_anything() -> None:
    text = (
        "某局工作要点\n一、甲\n1.任务一\n责任处室:、、 ,;、\n"
        "2.任务二((((((((((深))))))))))\n目标任务:建设((((3个))))基地\n责任处室:甲处((((乙))))\n"
    )
    document = parse_plan(text)
    assert [(t.number, [u.name for u in t.units]) for t in document.tasks] == [
        ("1", []),
        ("2", ["甲处((((乙))))"]),
    ]


def test_numbering_that_skips_or_repeats_keeps_every_task(tmp_path: Path) -> None:
    text = (
        "某局工作要点\n一、甲\n1.任务一\n责任处室:甲处\n3.任务三\n责任处室:乙处\n"
        "3.任务三又\n责任处室:丙处\n"
    )
    document = parse_plan(text)
    assert [(t.key, t.number) for t in document.tasks] == [
        ("1-1", "1"),
        ("1-3.1", "3"),
        ("1-3.2", "3"),
    ]


def test_five_thousand_tasks_build(tmp_path: Path) -> None:
    lines = ["某局2025年工作要点", "一、全部任务"]
    for number in range(1, 5001):
        lines += [
            f"{number}.任务{number}",
            f"目标任务:新建基地{number % 7 + 1}个。",
            "责任处室:甲处、乙处",
        ]
    source = tmp_path / "big.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    code, stdout, _ = run("build", str(source), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "5000 tasks" in stdout
    assert "5000 targets" in stdout
