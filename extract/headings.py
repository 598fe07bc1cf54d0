"""Numbered headings: the five levels a plan numbers its items by (``一、`` > ``(一)`` >
``1.`` > ``(1)`` > ``①``), the levels of a table's sections and rows and of paragraphs that
close with their own units below them, how each level prints in a task's path, and the value
of a heading's numeral. Read by the parser (``structure.py``) and by the records it gives
(``plan_records.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policykg.errors import InputError

from .numerals import CIRCLED, NONZERO, SMALL_NUMERAL, number_value

__all__ = [
    "HEADINGS",
    "PARAGRAPH_LEVEL",
    "PATH_FORMATS",
    "TABLE_GROUP_LEVEL",
    "TABLE_ROW_LEVEL",
    "ordinal",
    "ordinal_or",
    "text_lines",
]

_CHINESE = SMALL_NUMERAL
# Nothing is numbered zero: 「0.」 or 「零、」 opening a line is text, not a heading.
_NONZERO = rf"(?=[{_CHINESE}]*[{NONZERO}])"
# A heading's text after its number, without the spaces that end the line: greedy up to the
# last non-space, so a line padded with 100,000 spaces is read in one pass (a lazy ``.*?``
# before ``\s*$`` tried the spaces again from every character: 37 s).
_REST = r"(?P<rest>\S(?:.*\S)?)\s*$"
# (level, pattern, how the number prints in a path)
HEADINGS: tuple[tuple[int, re.Pattern[str], str], ...] = (
    (
        1,
        re.compile(rf"[ \t]*(?P<num>{_NONZERO}[{_CHINESE}]{{1,4}})[ \t]*[、.][ \t]*{_REST}"),
        "{}",
    ),
    (
        2,
        re.compile(
            rf"[ \t]*\([ \t]*(?P<num>{_NONZERO}[{_CHINESE}]{{1,4}})[ \t]*\)"
            rf"[ \t]*{_REST}"
        ),
        "({})",
    ),
    (
        3,
        re.compile(
            r"[ \t]*(?P<num>(?=\d*[1-9])\d{1,4})[ \t]*[.、](?P<glued>(?=\d))?[ \t]*" + _REST
        ),
        "{}",
    ),
    (
        4,
        re.compile(r"[ \t]*\([ \t]*(?P<num>(?=\d*[1-9])\d{1,3})[ \t]*\)[ \t]*" + _REST),
        "({})",
    ),
    (5, re.compile(rf"[ \t]*(?P<num>[{CIRCLED}])[ \t]*" + _REST), "{}"),
)
# Rows of a table sit below every numbered heading, and below the table's own unnumbered
# sections (a category column, a merged row without a number).
TABLE_GROUP_LEVEL = 6
TABLE_ROW_LEVEL = 7
PARAGRAPH_LEVEL = 8  # unnumbered paragraphs that close with their own units, under a heading
PATH_FORMATS = {level: fmt for level, _, fmt in HEADINGS} | {
    TABLE_GROUP_LEVEL: "",
    TABLE_ROW_LEVEL: "[{}]",
    PARAGRAPH_LEVEL: "[{}]",
}


def numbered_line(line: str) -> tuple[int, str, int] | None:
    """The heading level, number and the offset of the text after it, of a line that opens
    with a number as plans print them (一、, (一), 1., (1), ①), or None.

    >>> numbered_line("3.推进节水型社会建设"), numbered_line("(二)落实责任")
    ((3, '3', 2), (2, '二', 3))
    """
    for level, pattern, _ in HEADINGS:
        match = pattern.match(line)
        if match is not None:
            return level, match["num"], match.start("rest")
    return None


def text_lines(text: str) -> Iterator[tuple[int, int]]:
    """The start and end of each line of ``text`` (without its newline), empty ones too."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        yield start, end
        start = end + 1


def ordinal_or(numeral: str, fallback: int) -> int:
    """The value of a row's number, or its position when the number cannot be read."""
    try:
        return ordinal(numeral)
    except (ValueError, TypeError, InputError):
        return fallback


def ordinal(numeral: str) -> int:
    """The value of a heading's number (``numerals.number_value``)."""
    return number_value(numeral)
