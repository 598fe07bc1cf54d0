"""The README's sample outputs, made by running the commands they show (cog calls ``run``).

``make readme`` rewrites every sample in README.md from a fresh build of the bundled example;
``make readme-check`` (and tests/test_docs.py) fails when a sample no longer matches what the
command prints. Durations are the one thing a run cannot repeat: they read ``… s``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
_SECONDS = re.compile(r"\b\d+\.\d+ s\b")
_WIDTH = "110"  # the tables' width: the same in every terminal and in CI
# Files of the repository a sample reads besides the examples, at the same paths.
_SAMPLE_FILES = (
    "tests/data/targets/suzhou-hrss-2025.txt",
    "tests/data/evaluation/suzhou-hrss-2025.gold.json",
    "tests/corpus/guowuyuan-employment-2018.txt",
    "tests/data/progress/ningbo-edu-2024-1-11-paragraphs.txt",
    "tests/data/progress/ningbo-edu-2024-1-6.txt",
    "tests/data/progress/ningbo-edu-2024-1-11.txt",
)


@cache
def workspace() -> Path:
    """A directory holding the examples (as ``examples/``), where samples run."""
    here = Path(tempfile.mkdtemp(prefix="policykg-readme-"))
    (here / "examples").mkdir()
    for source in EXAMPLES.glob("*.txt"):
        (here / "examples" / source.name).write_bytes(source.read_bytes())
    for name in _SAMPLE_FILES:
        (here / name).parent.mkdir(parents=True, exist_ok=True)
        (here / name).write_bytes((REPO / name).read_bytes())
    return here


def output(command: str) -> str:
    """What ``command`` (a policykg command line) prints, run in the workspace."""
    words = shlex.split(command)
    assert words[0] == "policykg", command
    environment = {**os.environ, "COLUMNS": _WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "policykg", *words[1:]],
        cwd=workspace(),
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    return _SECONDS.sub("… s", (done.stdout + done.stderr).rstrip("\n"))


def run(command: str, shown: str | None = None, prompt: bool = True) -> None:
    """Print ``command`` (as ``shown``, if given) and what it prints, for cog."""
    import cog  # type: ignore[import-not-found]  # only under cog

    text = output(command)
    cog.outl("```")
    if prompt:
        cog.outl(f"$ {shown or command}")
    cog.outl(text)
    cog.outl("```")


def build_example() -> None:
    """The build every other sample reads (silently)."""
    output("policykg build examples/ningbo-edu-2024.txt --out out")


def reviewed_workbook() -> None:
    """The reviewer loop's workbooks (silently): the employment plan built and exported as
    任务分工表.xlsx, and reviewed.xlsx, the same corrected as tests/test_reviewer_loop.py
    corrects it (a lead changed, a unit added, a target raised), so the sample is the test's."""
    sys.path.insert(0, str(REPO))
    from tests.test_reviewer_loop import PLAN, corrected

    plan = PLAN.relative_to(REPO)
    output(f"policykg build {plan} --out employment")
    output("policykg export employment --format xlsx --out 任务分工表.xlsx")
    corrected(workspace() / "任务分工表.xlsx", workspace() / "reviewed.xlsx")
