"""The README keeps up with the code: every command is documented and has help."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from policykg.cli import app

from .conftest import REPO

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, flags=re.DOTALL)
    assert first_block is not None
    assert [line.split()[:2] for line in first_block.group(1).splitlines()] == [
        ["make", "run"],
        ["make", "test"],
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme_table_and_has_help(command: str) -> None:
    assert f"| `policykg {command}" in README
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) > 3


def test_the_readme_quotes_the_real_summary_line_of_the_example() -> None:
    assert (
        "Built 1 document(s): 10 sections, 31 tasks, 22 offices, 2 placeholders, "
        "108 responsibilities, 119 targets, 88 programmes, 15 policy documents, "
        "13 organisations, 13 places, 9932 triples in " in README
    )
