"""Deadlines as written (到2025年, 2024年6月底前, 6月底前, 第三季度, 年底前) and the last day
they allow. The words are data: ``extract/data/dates.toml``."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from policykg.errors import InputError

from .lexicon import alternation, load_data, longest_first
from .numerals import NONZERO, chinese_integer
from .records import Span

__all__ = [
    "MONTH_PATTERN",
    "YEAR_PATTERN",
    "DateWords",
    "alternatives",
    "date_words",
    "find_deadline",
    "last_day",
    "month_number",
    "read_deadline",
]

# A year and a month as the patterns of dates and periods write them.
YEAR_PATTERN = r"(?:19|20)\d{2}"
MONTH_PATTERN = rf"\d{{1,2}}|[{NONZERO}]{{1,2}}"
# 2024-06-30, 2024.6, 2024/6/30: the forms spreadsheets and forms print.
_NUMERIC_DATE = re.compile(
    rf"(?<!\d)(?P<year>{YEAR_PATTERN})[-./](?P<month>\d{{1,2}})(?:[-./](?P<day>\d{{1,2}}))?(?!\d)"
)


@dataclass(frozen=True, slots=True)
class DateWords:
    """The words of dates (data/dates.toml)."""

    openers: tuple[str, ...]
    closers: tuple[str, ...]  # longest first
    year_end: tuple[str, ...]  # longest first
    parts: dict[str, tuple[int, int]]  # 上半年 → (1, 6): its first and last month
    quarter: str
    from_start: tuple[str, ...]
    between: tuple[str, ...]
    through: tuple[str, ...]
    horizon_starts: tuple[str, ...]
    horizon_before_count: tuple[str, ...]  # longest first
    horizon_after_count: tuple[str, ...]  # longest first


@cache
def date_words() -> DateWords:
    """The words dates are read by."""
    data = load_data("dates.toml")
    deadlines, parts = data["deadlines"], dict(data["parts"])
    quarter = parts.pop("quarter")
    from_start = tuple(parts.pop("from_start"))
    return DateWords(
        openers=tuple(deadlines["openers"]),
        closers=longest_first(deadlines["closers"]),
        year_end=longest_first(deadlines["year_end"]),
        parts={word: (int(first), int(last)) for word, (first, last) in parts.items()},
        quarter=quarter,
        from_start=from_start,
        between=tuple(data["periods"]["between"]),
        through=tuple(data["reports"]["through"]),
        horizon_starts=tuple(data["horizons"]["starts"]),
        horizon_before_count=longest_first(data["horizons"]["before_count"]),
        horizon_after_count=longest_first(data["horizons"]["after_count"]),
    )


def alternatives(words: tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first.

    >>> alternatives(("底", "底前"))
    '底前|底'
    """
    return alternation(longest_first(words))


@cache
def _deadline_pattern() -> re.Pattern[str]:
    words = date_words()
    return re.compile(
        rf"(?:(?P<opener>{alternatives(words.openers)})\s*)?(?P<year>{YEAR_PATTERN})\s*年"
        r"(?:\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?)?"
        rf"(?P<tail>{alternatives(words.closers)})?"
    )


@cache
def _yearless_pattern() -> re.Pattern[str]:
    """A month (6月底前, 六月), a quarter (第三季度末, 3季度) or a half (上半年) of a year not
    written beside it, or the year's end (年底前)."""
    words = date_words()
    closers = rf"(?:{alternatives(words.closers)})?"
    return re.compile(
        rf"(?:(?<![\d年])(?P<month>{MONTH_PATTERN})\s*月(?:\s*(?P<day>\d{{1,2}})\s*日)?"
        rf"|第?(?P<quarter>[1-4一二三四])\s*{re.escape(words.quarter)}"
        rf"|(?P<part>{alternatives(tuple(words.parts))})){closers}"
        rf"|(?P<year_end>{alternatives(words.year_end)})"
    )


def last_day(year: int, month: int, day: int | None = None) -> date | None:
    """The day (the month's last, without one), or None for no such day.

    >>> last_day(2024, 2), last_day(2024, 13)
    (datetime.date(2024, 2, 29), None)
    """
    if not 1 <= month <= 12:
        return None
    try:
        return date(year, month, day or calendar.monthrange(year, month)[1])
    except ValueError:
        return None


def month_number(numeral: str) -> int | None:
    """A month's number written in digits or in Chinese (6, 六, 十二), or None."""
    if numeral.isdigit():
        return int(numeral)
    try:
        return chinese_integer(numeral)
    except InputError:
        return None


def find_deadline(
    text: str, start: int, end: int, *, marked_only: bool = True
) -> tuple[Span, date] | None:
    """The first deadline in ``text[start:end]`` with its year, and the last day it allows.

    With ``marked_only`` a date counts only with a word that makes it a deadline (到, 前, 底);
    in a 完成时限 field any date is one.

    >>> found = find_deadline("2024年6月底前完成", 0, 9)
    >>> found[0].text, str(found[1])
    ('2024年6月底前', '2024-06-30')
    """
    for match in _deadline_pattern().finditer(text, start, end):
        if marked_only and not (match["opener"] or match["tail"]):
            continue
        day = match["day"]
        when = last_day(int(match["year"]), int(match["month"] or 12), int(day) if day else None)
        if when is not None:
            return Span.of(text, match.start(), match.end()), when
    return None


def read_deadline(text: str, start: int, end: int, year: int | None) -> tuple[Span, date] | None:
    """The deadline a 完成时限 cell or field states, and its last day.

    Any date in it counts, marked or not: with its year (2024年6月底前, 2024-06-30, 2024.6),
    or without one in ``year``, the plan's (6月底前, 第三季度, 上半年, 年底前). A cell of a task
    that runs on with no last day (长期, 持续推进) states none, and so does one with no date.

    >>> found = read_deadline("三季度末前完成", 0, 7, 2024)
    >>> found[0].text, str(found[1])
    ('三季度末前', '2024-09-30')
    >>> str(read_deadline("6月底前", 0, 5, 2025)[1]), read_deadline("长期坚持", 0, 4, 2024)
    ('2025-06-30', None)
    """
    found = [
        reading
        for reading in (
            find_deadline(text, start, end, marked_only=False),
            _numeric_date(text, start, end),
            _yearless(text, start, end, year),
        )
        if reading is not None
    ]
    return min(found, key=lambda reading: reading[0].start, default=None)


def _numeric_date(text: str, start: int, end: int) -> tuple[Span, date] | None:
    for match in _NUMERIC_DATE.finditer(text, start, end):
        day = match["day"]
        when = last_day(int(match["year"]), int(match["month"]), int(day) if day else None)
        if when is not None:
            return Span.of(text, match.start(), match.end()), when
    return None


def _yearless(text: str, start: int, end: int, year: int | None) -> tuple[Span, date] | None:
    if year is None:
        return None
    words = date_words()
    for match in _yearless_pattern().finditer(text, start, end):
        if match["month"] is not None:
            month = month_number(match["month"])
            day = int(match["day"]) if match["day"] else None
        elif match["quarter"] is not None:
            quarter = month_number(match["quarter"])
            month, day = (quarter * 3 if quarter else None), None
        elif match["part"] is not None:
            month, day = words.parts[match["part"]][1], None
        else:
            month, day = 12, None
        when = last_day(year, month, day) if month is not None else None
        if when is not None:
            return Span.of(text, match.start(), match.end()), when
    return None
