"""Gold annotations: what a person reading a plan says a correct extraction holds.

A gold file is one JSON object in the format of the shared annotation guidelines
(``GUIDELINES.md``): ``document`` (the file annotated), and ``tasks``, each with its printed
``number``, ``title`` and ``units`` and, where the task has them, ``lead``, ``collective``,
``indicators`` (``value``, ``unit``, ``comparator``; ``text`` and ``max`` are for people),
``programmes`` and ``documents``. A bureau can write one for two of its own plans and see how
far to trust the tool (``policykg evaluate``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.errors import InputError

_REQUIRED = "each task needs number, title and units (see GUIDELINES.md)"


@dataclass(frozen=True, slots=True)
class GoldIndicator:
    """A quantity the plan commits to, as annotated."""

    value: float
    unit: str | None
    comparator: str | None


@dataclass(frozen=True, slots=True)
class GoldTask:
    """One annotated task: its number, title and the facts a correct extraction gives it."""

    number: str
    title: str
    units: tuple[str, ...]
    lead: tuple[str, ...] = ()
    collective: bool = False
    indicators: tuple[GoldIndicator, ...] = ()
    programmes: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """The annotation of one plan document."""

    document: str | None
    tasks: tuple[GoldTask, ...]


def read_gold(path: Path) -> GoldDocument:
    """The gold annotation in ``path``, or InputError naming the file and what is wrong."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the gold file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: the gold file is not UTF-8 text: {exc.reason}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    return gold_document(raw, str(path))


def gold_document(raw: object, origin: str) -> GoldDocument:
    """A gold annotation from parsed JSON; ``origin`` names it in errors.

    >>> gold_document({"tasks": [{"number": 1, "title": "新增学位", "units": []}]}, "g").tasks[0]
    GoldTask(number='1', title='新增学位', units=(), lead=(), collective=False, \
indicators=(), programmes=(), documents=())
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("tasks"), list):
        raise InputError(f"{origin}: a gold file is a JSON object with a list of 'tasks'")
    document = raw.get("document")
    if document is not None and not isinstance(document, str):
        raise InputError(f"{origin}: 'document' must be the name of the file annotated")
    tasks = tuple(_task(item, f"{origin}: task {i}") for i, item in enumerate(raw["tasks"], 1))
    return GoldDocument(document=document, tasks=tasks)


def _task(item: object, where: str) -> GoldTask:
    if not isinstance(item, dict):
        raise InputError(f"{where} is not a JSON object; {_REQUIRED}")
    missing = [key for key in ("number", "title", "units") if key not in item]
    if missing:
        raise InputError(f"{where} lacks {', '.join(map(repr, missing))}; {_REQUIRED}")
    number = item["number"]
    if not isinstance(number, str | int) or isinstance(number, bool):
        raise InputError(f"{where}: 'number' must be the task's number as printed")
    if not isinstance(item["title"], str):
        raise InputError(f"{where}: 'title' must be text")
    collective = item.get("collective", False)
    if not isinstance(collective, bool):
        raise InputError(f"{where}: 'collective' must be true or false")
    indicators = item.get("indicators", [])
    if not isinstance(indicators, list):
        raise InputError(f"{where}: 'indicators' must be a list")
    return GoldTask(
        number=str(number),
        title=item["title"],
        units=_names(item, "units", where),
        lead=_names(item, "lead", where),
        collective=collective,
        indicators=tuple(
            _indicator(x, f"{where}, indicator {i}") for i, x in enumerate(indicators, 1)
        ),
        programmes=_names(item, "programmes", where),
        documents=_names(item, "documents", where),
    )


def _names(item: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    names = item.get(key, [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InputError(f"{where}: '{key}' must be a list of names")
    return tuple(names)


def _indicator(item: object, where: str) -> GoldIndicator:
    if not isinstance(item, dict) or "value" not in item:
        raise InputError(f"{where} needs a 'value' (the number, 万/亿 multiplied out)")
    value = item["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where}: 'value' must be a number, not {value!r}")
    unit, comparator = item.get("unit"), item.get("comparator")
    for key, given in (("unit", unit), ("comparator", comparator)):
        if given is not None and not isinstance(given, str):
            raise InputError(f"{where}: '{key}' must be text or null")
    return GoldIndicator(value=float(value), unit=unit, comparator=comparator)
