"""What the table tests read of a document: its tasks with their units and roles, targets
and sections, in a form a test compares whole."""

from __future__ import annotations

from pathlib import Path

from extract.reading import read_document
from extract.records import Document, Role, Task
from extract.structure import parse_plan

from .conftest import DATA

TABLES = DATA / "tables"
L, S, U = Role.LEAD, Role.SUPPORTING, Role.UNSPECIFIED


def parsed(path: Path) -> Document:
    return parse_plan(read_document(path).text)


def tasks(document: Document) -> list[tuple[str, str, list[tuple[str, Role]]]]:
    """(path, title, [(unit, role)]) of every task; placeholders are marked with a *."""
    return [
        (
            t.path,
            t.title.text,
            [(u.name + ("*" if u.generic else ""), u.role) for u in t.units],
        )
        for t in document.tasks
    ]


def targets(task: Task) -> list[tuple[str, str | None]]:
    return [(str(t.value), t.unit) for t in task.targets]


def sections(document: Document) -> list[tuple[str, str]]:
    return [(s.number, s.title.text) for s in document.sections]
