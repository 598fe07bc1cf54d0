"""Every output path is written, never replaced: a link stays a link, a device or FIFO is
written through (or refused), a directory is refused; regular files are still written
atomically. One writer (output.atomic) for diff --output and build --out alike."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from output.atomic import write_file, write_together
from policykg.errors import InputError

from ..conftest import DATA
from .bounded import run_policykg

PLAN = DATA / "hangzhou-health-2025.txt"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two drafts of one plan: the second with a task's title reworded."""
    folder = tmp_path_factory.mktemp("drafts")
    old, new = folder / "old.txt", folder / "new.txt"
    text = PLAN.read_text(encoding="utf-8")
    old.write_text(text, encoding="utf-8")
    new.write_text(
        text.replace("推进紧密型城市医疗集团建设", "加快紧密型城市医疗集团建设"), "utf-8"
    )
    return old, new


def test_diff_output_to_dev_full_says_the_disk_is_full_and_leaves_the_device(
    pair: tuple[Path, Path],
) -> None:
    done = run_policykg("diff", *pair, "--output", "/dev/full")
    assert (done.code, done.errors) == (
        1,
        ["Error: /dev/full: cannot write the outputs (No space left on device)"],
    )
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_diff_output_through_a_symlink_writes_the_file_it_points_to(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target)
    done = run_policykg("diff", *pair, "--format", "json", "--output", link)
    assert done.code == 0, done.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("{")


def test_a_fifo_is_written_through_when_read_and_refused_when_not(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"pipe: is a FIFO that no process reads; start its"):
        write_file(fifo, "nobody listens")
    heard: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            heard.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(200):  # until the reader has the FIFO open
        try:
            write_file(fifo, "数据")
            break
        except InputError:
            threading.Event().wait(0.01)
    reader.join(timeout=10)
    assert heard == ["数据".encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dev_null_is_written_through_not_replaced() -> None:
    write_file(Path("/dev/null"), "nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_directory_or_socket_as_an_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "report.html").mkdir()
    with pytest.raises(InputError) as refused:
        write_together(tmp_path, {"report.html": "x"})
    assert str(refused.value) == (
        f"{tmp_path}/report.html: is a directory; an output is written to a file (or through "
        "a character device or FIFO): choose another path"
    )


def test_a_build_keeps_a_symlinked_output_a_link(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "kept"
    out.mkdir()
    elsewhere.mkdir()
    (out / "graph.ttl").symlink_to(elsewhere / "graph.ttl")  # a link to nothing yet
    (out / "report.html").symlink_to("/dev/null")
    done = run_policykg("build", PLAN, "--out", out)
    assert done.code == 0, done.stderr
    assert (out / "graph.ttl").is_symlink()
    assert (elsewhere / "graph.ttl").read_text(encoding="utf-8").startswith("@prefix")
    assert os.readlink(out / "report.html") == "/dev/null"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["graph.ttl"]  # no temporary left
