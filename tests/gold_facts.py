"""The ownership facts of a parsed document beside those of its gold file, for exact
comparisons: each task's number, title, units in printed order, leads and whether a
placeholder answers for it (shared/gold/GUIDELINES.md)."""

from __future__ import annotations

import unicodedata
from typing import Any

from extract.records import Document, Role

from .conftest import CORPUS, gold, parse_file

Facts = tuple[str, str, tuple[str, ...], tuple[str, ...], bool]


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def document_facts(document: Document) -> list[Facts]:
    """(number, title, units, leads, collective) of every task, in order."""
    return [
        (
            task.number,
            _normal(task.title.text),
            tuple(u.name for u in task.units if not u.generic),
            tuple(u.name for u in task.units if not u.generic and u.role is Role.LEAD),
            any(u.generic for u in task.units),
        )
        for task in document.tasks
    ]


def gold_facts(gold: dict[str, Any]) -> list[Facts]:
    """The same facts as the gold file states them."""
    return [
        (
            task["number"],
            _normal(task["title"]),
            tuple(_normal(u) for u in task["units"]),
            tuple(_normal(u) for u in task["lead"]),
            bool(task["collective"]),
        )
        for task in gold["tasks"]
    ]


def facts_and_gold(name: str) -> tuple[list[Facts], list[Facts]]:
    """The facts of a corpus document as parsed, and as its gold file states them."""
    expected = gold(name)
    return document_facts(parse_file(CORPUS / expected["document"])), gold_facts(expected)
