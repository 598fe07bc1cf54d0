"""Find quoted names (“…”, "…", 「…」, 『…』) and titles (《…》) in text.

A quote runs to the first matching closing mark on the same line; titles may hold quotes
(《推进“三个课堂”建设 促进教育公平实施方案》). ASCII double quotes pair up in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from .records import Span

_PAIRS = {"“": "”", "「": "」", "『": "』", "《": "》", "〈": "〉"}
_MAX_LENGTH = 80
_MARKS = re.compile("[" + "".join(_PAIRS) + '"\n]')


class Mark(StrEnum):
    """Which marks enclose a name."""

    QUOTATION = "quotation"
    TITLE = "title"


@dataclass(frozen=True, slots=True)
class Quoted:
    """A marked name: ``outer`` includes the marks, ``inner`` is the name alone."""

    mark: Mark
    outer: Span
    inner: Span


def find_quoted(text: str, start: int = 0, end: int | None = None) -> list[Quoted]:
    """Every quoted name and title in ``text[start:end]``, in order of their opening mark.

    >>> [q.inner.text for q in find_quoted('出台《推进“三个课堂”建设方案》,落实"双减"')]
    ['推进“三个课堂”建设方案', '三个课堂', '双减']
    """
    end = len(text) if end is None else end
    found: list[Quoted] = []
    ascii_open: int | None = None
    for match in _MARKS.finditer(text, start, end):  # only the marks, not every character
        i = match.start()
        char = text[i]
        if char in _PAIRS:
            close = _closing(text, i, end, _PAIRS[char])
            if close is not None:
                mark = Mark.TITLE if char in "《〈" else Mark.QUOTATION
                found.append(_quoted(text, mark, i, close))
        elif char == '"':
            if ascii_open is None:
                ascii_open = i
            else:
                if i - ascii_open > 1:
                    found.append(_quoted(text, Mark.QUOTATION, ascii_open, i))
                ascii_open = None
        else:  # a line break
            ascii_open = None
    return sorted(found, key=lambda q: q.outer.start)


@lru_cache(maxsize=64)
def quoted_between(text: str, start: int, end: int) -> tuple[Quoted, ...]:
    """``find_quoted`` of ``text[start:end]``, remembered: a task's places and organisations
    and its programmes and documents are read from the quotes of the same regions."""
    return tuple(find_quoted(text, start, end))


def _closing(text: str, opening: int, end: int, closer: str) -> int | None:
    """Where the mark opened at ``opening`` closes, nesting the same kind of mark."""
    depth = 0
    opener = text[opening]
    for j in range(opening, min(end, opening + _MAX_LENGTH + 2)):
        if text[j] == "\n":
            return None
        if text[j] == opener:
            depth += 1
        elif text[j] == closer:
            depth -= 1
            if depth == 0:
                return j if j > opening + 1 else None
    return None


def _quoted(text: str, mark: Mark, opening: int, closing: int) -> Quoted:
    return Quoted(
        mark=mark,
        outer=Span.of(text, opening, closing + 1),
        inner=Span.of(text, opening + 1, closing),
    )
