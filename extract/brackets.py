"""Brackets in text: splitting at separators that stand outside brackets (甲、乙(丙、丁)、戊 is
three items), and finding the outermost brackets of a passage, whatever their kind."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .records import Span

OPENERS = "([【〔{"
CLOSERS = ")]】〕}"
_MARKS = OPENERS + CLOSERS
_MARK = re.compile(f"[{re.escape(_MARKS)}]")


def depth_after(depth: int, char: str) -> int:
    """How many brackets are open after ``char`` when ``depth`` were before it; a closing
    mark with none open is passed over, so a stray one does not hide the rest of the text.

    >>> depth_after(depth_after(0, "("), "【"), depth_after(0, ")")
    (2, 0)
    """
    if char in OPENERS:
        return depth + 1
    if char in CLOSERS:
        return max(0, depth - 1)
    return depth


def split_outside_brackets(
    text: str, start: int, end: int, separates: Callable[[int], bool]
) -> Iterator[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between positions where ``separates(i)`` holds and no
    bracket is open; a line break always ends a piece. Pieces may be empty.

    >>> t = "甲、乙(丙、丁)、戊"
    >>> [t[s:e] for s, e in split_outside_brackets(t, 0, len(t), lambda i: t[i] == "、")]
    ['甲', '乙(丙、丁)', '戊']
    """
    depth, piece = 0, start
    for i in range(start, end):
        char = text[i]
        if char in _MARKS:
            depth = depth_after(depth, char)
        elif char == "\n" or (depth == 0 and separates(i)):
            yield piece, i
            piece = i + 1
    yield piece, end


@dataclass(frozen=True, slots=True)
class Bracket:
    """The content of one outermost bracket, ``(…)``, ``〔…〕`` or ``【…】``, without its marks.

    ``closed`` is false for a bracket that the text never closes: a copy cut mid-bracket
    (``(市人防办、园林局、`` at the end of a fragment) still lists its units.
    """

    inner: Span
    closed: bool = True


def outer_brackets(text: str, start: int, end: int) -> Iterator[Bracket]:
    """The outermost brackets between ``start`` and ``end``, of any kind; one still open where
    the text itself ends is given unclosed.

    >>> t = "甲。(乙(丙)、丁负责)戊〔己〕(庚"
    >>> [(b.inner.text, b.closed) for b in outer_brackets(t, 0, len(t))]
    [('乙(丙)、丁负责', True), ('己', True), ('庚', False)]
    """
    depth, opened = 0, start
    for mark in _MARK.finditer(text, start, end):  # only the marks, not every character
        i = mark.start()
        char = text[i]
        if char in OPENERS:
            if depth == 0:
                opened = i + 1
            depth += 1
        elif char in CLOSERS and depth > 0:
            depth -= 1
            if depth == 0 and i > opened:
                yield Bracket(Span.of(text, opened, i))
    if depth > 0 and not text[end:].strip() and end > opened:
        inner_end = end
        while inner_end > opened and text[inner_end - 1].isspace():
            inner_end -= 1
        if inner_end > opened:
            yield Bracket(Span.of(text, opened, inner_end), closed=False)
