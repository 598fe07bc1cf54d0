"""The README keeps up with the code: every command is documented and has help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

from policykg.cli import app

from .conftest import REPO

# Typer types the command it makes as a click Command; an app of several commands is a group.
COMMANDS = sorted(cast(TyperGroup, get_command(app)).commands)
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


def test_every_sample_in_the_readme_is_what_its_command_prints() -> None:
    """The samples are made by running their commands (tools/readme_samples.py, through cog:
    ``make readme``); this fails when one no longer matches."""
    checked = subprocess.run(
        [str(Path(sys.executable).parent / "cog"), "-I", "tools", "--check", "README.md"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr + " (run make readme)"
    assert "10386 triples in … s → out/graph.ttl" in README
