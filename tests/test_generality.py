"""No name, number or phrase of the example is written into the code: patterns are learnt,
dictionaries are data."""

from __future__ import annotations

import json
from typing import Any

from extract.reading import read_document

from .conftest import CORPUS, GOLD, REPO

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


def gold_unit_names() -> set[str]:
    """Every unit name of every shared document's gold file, as printed in its lists."""
    names: set[str] = set()
    for path in sorted(GOLD.glob("*.gold.json")):
        tasks = json.loads(path.read_text(encoding="utf-8"))["tasks"]
        names |= {name for task in tasks for name in (*task["units"], *task.get("lead", []))}
    return names


def test_no_unit_name_of_any_shared_document_is_in_the_code() -> None:
    names = gold_unit_names()
    assert len(names) > 100  # the guard reads every gold file, not none
    code = code_text()
    assert sorted(name for name in names if name in code) == []


def user_dictionary_words() -> list[str]:
    lines = (REPO / "extract" / "data" / "userdict.txt").read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip()]


def documents_using(word: str, texts: dict[str, str]) -> list[str]:
    return sorted(name for name, text in texts.items() if word in text)


def test_the_user_dictionary_holds_no_word_of_only_one_shared_document() -> None:
    texts = {
        path.name: read_document(path).text
        for path in sorted(CORPUS.iterdir())
        if path.suffix in (".txt", ".docx")
    }
    assert len(texts) >= 10
    single = {}
    for word in user_dictionary_words():
        users = documents_using(word, texts)
        if len(users) == 1:
            single[word] = users[0]
    assert single == {}


def test_a_word_of_one_document_is_what_the_dictionary_guard_catches() -> None:
    texts = {"a.txt": "近视率下降1%", "b.txt": "优良率达到90%", "c.txt": "优良率提高"}
    assert documents_using("近视率", texts) == ["a.txt"]
    assert documents_using("优良率", texts) == ["b.txt", "c.txt"]
