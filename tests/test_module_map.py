"""The house as docs/architecture.md draws it: every module of the five packages is named
there, each module has a name of its own across the packages, and none (nor a benchmark's or
a test's) passes 400 lines."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from .test_exported_members import PACKAGES

REPO = Path(__file__).resolve().parent.parent
ARCHITECTURE = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
MODULES = sorted(
    path
    for package in PACKAGES
    for path in (REPO / package).glob("*.py")
    if path.stem != "__init__"
)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_module_is_in_the_module_map(path: Path) -> None:
    assert f"`{path.name}`" in ARCHITECTURE or f"`{path.parent.name}/{path.name}`" in ARCHITECTURE


def test_no_two_packages_have_a_module_of_one_name() -> None:
    names = Counter(path.stem for path in MODULES if path.stem != "__main__")
    assert [name for name, count in names.items() if count > 1] == []


def test_no_module_passes_400_lines() -> None:
    kept = [*MODULES, *(REPO / "bench").glob("*.py"), *(REPO / "tests").rglob("*.py")]
    lines = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in kept}
    assert {str(path.relative_to(REPO)): n for path, n in lines.items() if n > 400} == {}
