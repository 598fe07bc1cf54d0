"""Personal names, as leaders' columns (分管领导, 责任领导) print them: a surname and one or two
given characters (何某平, 张某), a compound surname (欧阳) and one or two. Surnames are data:
``extract/data/surnames.txt``. Such names are people, never offices."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from policykg.errors import InputError

_GIVEN = (2, 1, 3)  # given-name lengths, the commonest first


@dataclass(frozen=True, slots=True)
class Surnames:
    """Single-character and compound surnames."""

    single: frozenset[str]
    compound: tuple[str, ...]


@cache
def surnames() -> Surnames:
    """The surnames of data/surnames.txt."""
    try:
        raw = resources.files("extract").joinpath("data", "surnames.txt").read_text("utf-8")
    except OSError as exc:
        raise InputError(f"dictionary extract/data/surnames.txt cannot be read: {exc}") from exc
    lines = [line.strip() for line in raw.splitlines()]
    words = [line for line in lines if line and not line.startswith("#")]
    single = frozenset(c for word in words if len(word) > 2 for c in word)
    compound = tuple(word for word in words if len(word) == 2)
    return Surnames(single=single, compound=compound)


def name_lengths(text: str, at: int) -> list[int]:
    """The lengths a personal name starting at ``text[at]`` may have, likeliest first
    (none when no surname starts there).

    >>> name_lengths("欧阳某某局", 0), name_lengths("某局", 0)
    ([3, 4], [])
    """
    names = surnames()
    family = next((len(c) for c in names.compound if text.startswith(c, at)), 0)
    if not family and text[at : at + 1] in names.single:
        family = 1
    if not family:
        return []
    given = (1, 2) if family == 2 else _GIVEN
    return [
        family + g
        for g in given
        if at + family + g <= len(text) and _all_han(text, at, at + family + g)
    ]


def is_personal_name(text: str) -> bool:
    """Whether ``text`` is one personal name or several separated by 、 (a leaders' cell).

    >>> is_personal_name("何某平、张某"), is_personal_name("区卫健局")
    (True, False)
    """
    parts = [p for p in text.replace(",", "、").split("、") if p]
    return bool(parts) and all(len(p) in name_lengths(p, 0) for p in parts)


def _all_han(text: str, start: int, end: int) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text[start:end])
