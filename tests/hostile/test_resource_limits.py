"""Tiny inputs that describe a great deal are refused at the reading boundary, each with the
limit it passed and how to raise it, in bounded time and memory; and nothing is dropped or
skipped without a word (deep pages, long plans, linked directories, a build's own store)."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from policykg.config import BuildConfig, Limits
from policykg.pipeline import build

from ..conftest import DATA
from . import bombs
from .bounded import run_policykg

MEMORY = 600 << 20  # every refusal below fits in this (the same files took 1.7–6 GB before)
PLAN = DATA / "hangzhou-health-2025.txt"


def refused(path: Path, tmp_path: Path, seconds: float = 120) -> list[str]:
    """The Error lines of a build of ``path`` (which must exit 1) within the caps. The memory
    cap is what catches a regression (these files took 1.7–6 GB before); the time bound
    only keeps a hang from holding CI, with room for a loaded machine (the slowest refusal
    takes about 6 s on an idle one)."""
    done = run_policykg("build", path, "--out", tmp_path / "out", seconds=seconds, memory=MEMORY)
    assert done.code == 1, done.stderr
    assert not (tmp_path / "out").exists()
    return done.errors


def raise_it(name: str) -> str:
    return f"raise it with the environment variable {Limits.variable(name)}=…"


def test_a_docx_cell_spanning_300_million_columns_is_refused(tmp_path: Path) -> None:
    path = bombs.write(tmp_path / "span.docx", bombs.docx_bytes(cell_span=300_000_000))
    assert refused(path, tmp_path) == [
        f"Error: {path}: its tables hold too many cells (spans counted): more than the limit of "
        f"1,000,000 (max_table_cells); {raise_it('max_table_cells')}"
    ]


def test_an_xlsx_range_merged_over_the_whole_sheet_is_refused(tmp_path: Path) -> None:
    path = bombs.write(tmp_path / "merged.xlsx", bombs.xlsx_bytes("A1:XFD1048576"))
    assert refused(path, tmp_path) == [
        f"Error: {path}: its sheets hold too many cells (merged ranges counted): more than the "
        f"limit of 1,000,000 (max_table_cells); {raise_it('max_table_cells')}"
    ]


def test_a_docx_zip_bomb_is_refused_before_it_is_unzipped(tmp_path: Path) -> None:
    path = bombs.write(tmp_path / "bomb.docx", bombs.docx_bytes(padding=272 << 20))
    assert path.stat().st_size < 2 << 20
    with zipfile.ZipFile(path) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
    assert refused(path, tmp_path) == [
        f"Error: {path}: it unzips to {unzipped:,} bytes: more than the limit of 268,435,456 "
        f"(max_unzipped_bytes); {raise_it('max_unzipped_bytes')}"
    ]


@pytest.mark.parametrize(
    ("name", "pdf"),
    [
        ("characters.pdf", lambda: bombs.pdf_of_characters(2_000_000)),
        ("lines.pdf", lambda: bombs.pdf_of_lines(2_000_000)),
    ],
)
def test_a_tiny_pdf_drawing_millions_of_objects_is_refused(
    name: str, pdf: Callable[[], bytes], tmp_path: Path
) -> None:
    path = bombs.write(tmp_path / name, pdf())
    assert path.stat().st_size < 20_000
    assert refused(path, tmp_path) == [
        f"Error: {path}: page 1 draws too many characters and lines: more than the limit of "
        f"200,000 (max_pdf_page_objects); {raise_it('max_pdf_page_objects')}"
    ]


def test_a_link_to_dev_zero_and_a_fifo_are_refused_unread(tmp_path: Path) -> None:
    zero, fifo = tmp_path / "zero.txt", tmp_path / "fifo.txt"
    zero.symlink_to("/dev/zero")
    os.mkfifo(fifo)
    assert refused(zero, tmp_path) == [
        f"Error: {zero}: is a character device, not a file; give the document as a regular file"
    ]
    assert refused(fifo, tmp_path, seconds=20) == [
        f"Error: {fifo}: is a FIFO, not a file; give the document as a regular file"
    ]


def test_a_file_past_the_byte_cap_is_refused_and_the_cap_can_be_raised(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(300 << 20)  # sparse: 300 MB that take no room
    assert refused(huge, tmp_path) == [
        f"Error: {huge}: 314,572,800 bytes: more than the limit of 268,435,456 "
        f"(max_file_bytes); {raise_it('max_file_bytes')}"
    ]
    small = {**os.environ, "POLICYKG_MAX_FILE_BYTES": "100"}
    done = run_policykg("build", PLAN, "--out", tmp_path / "out", env=small)
    assert done.errors == [
        f"Error: {PLAN}: {PLAN.stat().st_size:,} bytes: more than the limit of 100 "
        f"(max_file_bytes); {raise_it('max_file_bytes')}"
    ]
    bad = run_policykg(
        "build", PLAN, "--out", tmp_path / "out", env={**small, "POLICYKG_MAX_FILE_BYTES": "lots"}
    )
    assert (bad.code, bad.errors) == (
        1,
        ["Error: POLICYKG_MAX_FILE_BYTES='lots': a limit is a whole number above 0"],
    )


def test_a_web_page_nested_too_deeply_is_refused_not_dropped(tmp_path: Path) -> None:
    deep = bombs.write(tmp_path / "deep.html", bombs.nested_html(300))
    assert refused(deep, tmp_path) == [
        f"Error: {deep}: its elements nest too deeply: more than the limit of 255 "
        f"(max_html_depth); {raise_it('max_html_depth')} (the HTML parser reads at most 255 "
        "levels)"
    ]
    fine = bombs.write(tmp_path / "fine.html", bombs.nested_html(200))
    done = run_policykg("build", fine, "--out", tmp_path / "ok")
    assert done.code == 0, done.stderr
    assert "1 tasks" in done.stdout


def test_a_plan_past_long_text_says_why_it_has_no_map(tmp_path: Path) -> None:
    result = build([PLAN], tmp_path / "out", BuildConfig(limits=Limits(long_text=100)))
    assert result.map_path is None
    assert result.warnings[-1] == (
        f"{PLAN}: longer than 100 characters (long_text), so it was written task by task and "
        f"never held whole: only graph.ttl was written, no map or report. Query it (policykg "
        f"query {tmp_path / 'out'} …), or, with the memory for it, raise the limit with the "
        "environment variable POLICYKG_LONG_TEXT=…"
    )


def test_a_build_never_reads_its_own_store_or_outputs_back(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / PLAN.name).write_bytes(PLAN.read_bytes())
    for _ in range(2):
        done = run_policykg(
            "-q", "build", plans, "--out", plans / "out", "--store", plans / "store"
        )
        assert done.code == 0, done.stderr
    again = run_policykg("build", plans, "--out", plans / "out", "--store", plans / "store")
    assert "Read 1 file(s): 0 built (0 tasks, 0 units, 0 targets), 1 unchanged" in again.stderr


def test_a_linked_subdirectory_is_searched_once(tmp_path: Path) -> None:
    plans, elsewhere = tmp_path / "plans", tmp_path / "elsewhere"
    plans.mkdir()
    elsewhere.mkdir()
    (elsewhere / PLAN.name).write_bytes(PLAN.read_bytes())
    (plans / "linked").symlink_to(elsewhere)
    (elsewhere / "loop").symlink_to(plans)  # round and round, if followed blindly
    done = run_policykg("build", plans, "--out", tmp_path / "out")
    assert done.code == 0, done.stderr
    assert "Built 1 document(s)" in done.stdout
