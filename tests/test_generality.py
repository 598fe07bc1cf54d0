"""No name, number or phrase of the example is written into the code: patterns are learnt,
dictionaries are data."""

from __future__ import annotations

from typing import Any

from .conftest import REPO

PACKAGES = ("extract", "graph", "ontology", "output", "policykg")


def code_text() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for package in PACKAGES
        for path in sorted((REPO / package).rglob("*.py"))
    )


def test_no_office_programme_or_document_of_the_example_is_in_the_code(
    ningbo_gold: dict[str, Any],
) -> None:
    names = {u for t in ningbo_gold["tasks"] for u in t["units"]}
    names |= {p for t in ningbo_gold["tasks"] for p in t["programmes"] if len(p) > 2}
    names |= {d for t in ningbo_gold["tasks"] for d in t["documents"]}
    names |= {ningbo_gold["issuer"]}
    code = code_text()
    assert sorted(n for n in names if n in code) == []


def test_no_task_title_or_target_of_the_example_is_in_the_code(ningbo_gold: dict[str, Any]) -> None:
    phrases = {t["title"] for t in ningbo_gold["tasks"]}
    phrases |= {i["text"] for t in ningbo_gold["tasks"] for i in t["indicators"]}
    code = code_text()
    assert sorted(p for p in phrases if p in code) == []
