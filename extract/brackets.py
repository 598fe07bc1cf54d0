"""Splitting text at separators that stand outside brackets: 甲、乙(丙、丁)、戊 is three items."""

from __future__ import annotations

from collections.abc import Callable, Iterator

OPENERS = "([【〔{"
CLOSERS = ")]】〕}"


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
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth = max(0, depth - 1)
        elif char == "\n" or (depth == 0 and separates(i)):
            yield piece, i
            piece = i + 1
    yield piece, end
