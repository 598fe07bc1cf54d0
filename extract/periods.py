"""The periods documents cover: a plan's years, read from its title (温州市水利局2024年工作要点,
…实施方案(2019-2020年)), and a progress report's months (1-11月, 第一季度, 前三季度, 上半年,
截至11月底). The words are data: ``extract/data/dates.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from .dates import MONTH_PATTERN, YEAR_PATTERN, alternatives, date_words, last_day, month_number
from .records import PlanPeriod, Span

__all__ = ["PlanPeriod", "ReportPeriod", "horizon_period", "plan_period", "report_period"]

_LONGEST_PLAN = 20  # years a plan's period may span (a 2021-2035 远景目标 is 15)


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """The days a progress report covers, ``start`` to ``end``, and the words that say so."""

    span: Span
    start: date
    end: date


@cache
def _plan_pattern() -> re.Pattern[str]:
    between = alternatives(date_words().between)
    return re.compile(
        rf"(?<!\d)(?P<first>{YEAR_PATTERN})\s*年?\s*(?:{between})\s*(?P<last>{YEAR_PATTERN})(?!\d)\s*年?"
        rf"|(?<!\d)(?P<year>{YEAR_PATTERN})\s*年度?"
    )


def plan_period(text: str, start: int, end: int) -> PlanPeriod | None:
    """The years a plan's title (``text[start:end]``) names: a period (2019-2020年,
    2021—2025年, 2019年至2020年) or one year (2024年, 2024年度: an annual plan). None when it
    names no year (a 文号's 〔2019〕 is no period).

    >>> found = plan_period("潮州市打赢蓝天保卫战实施方案(2019-2020年)", 0, 25)
    >>> found.first, found.last, found.span.text, str(found.end)
    (2019, 2020, '2019-2020年', '2020-12-31')
    >>> found = plan_period("温州市水利局2024年工作要点", 0, 15)
    >>> found.first, found.last, found.span.text
    (2024, 2024, '2024年')
    >>> plan_period("国发〔2019〕4号", 0, 10) is None
    True
    """
    for match in _plan_pattern().finditer(text, start, end):
        if match["year"] is not None:
            year = int(match["year"])
            return PlanPeriod(year, year, Span.of(text, match.start(), match.end()))
        first, last = int(match["first"]), int(match["last"])
        if first <= last <= first + _LONGEST_PLAN:
            return PlanPeriod(first, last, Span.of(text, match.start(), match.end()))
    return None


@cache
def _horizon_pattern() -> re.Pattern[str]:
    words = date_words()
    return re.compile(
        rf"(?<!\d)(?P<first>{YEAR_PATTERN})\s*年\s*(?:{alternatives(words.horizon_starts)})"
        rf"\s*,?\s*(?:{alternatives(words.horizon_before_count)})?"
        rf"\s*(?P<count>{MONTH_PATTERN})\s*(?:{alternatives(words.horizon_after_count)})"
    )


def horizon_period(text: str, start: int, end: int) -> PlanPeriod | None:
    """The years a plan's opening (``text[start:end]``) gives itself as a first year and a
    number of years, for a plan whose title names none: 2012年起5年内 is 2012 to 2016. None
    when it gives none (到2025年 alone says when, not from when).

    >>> found = horizon_period("2012年起5年内,大力实施六大人才行动计划", 0, 20)
    >>> found.first, found.last, found.span.text
    (2012, 2016, '2012年起5年内')
    >>> found = horizon_period("从2021年开始,力争用两年左右时间", 0, 20)
    >>> found.first, found.last
    (2021, 2022)
    >>> horizon_period("到2025年,基本建成", 0, 10) is None
    True
    """
    for match in _horizon_pattern().finditer(text, start, end):
        count = month_number(match["count"])
        if count is None or not 1 <= count <= _LONGEST_PLAN:
            continue
        first = int(match["first"])
        return PlanPeriod(first, first + count - 1, Span.of(text, match.start(), match.end()))
    return None


@cache
def _report_pattern() -> re.Pattern[str]:
    words = date_words()
    between = alternatives(words.between)
    quarter = re.escape(words.quarter)
    return re.compile(
        rf"(?:(?P<through>{alternatives(words.through)})\s*)?"
        rf"(?:(?P<year>{YEAR_PATTERN})\s*年\s*)?"
        rf"(?:(?P<from>{MONTH_PATTERN})\s*月?\s*(?:{between})\s*(?P<to>{MONTH_PATTERN})\s*月(?:份)?"
        rf"|(?P<from_start>{alternatives(words.from_start)})(?P<quarters>[1-4一二三四])"
        rf"\s*个?\s*{quarter}"
        rf"|第?(?P<quarter>[1-4一二三四])\s*{quarter}"
        rf"|(?P<part>{alternatives(tuple(words.parts))})"
        rf"|(?P<month>{MONTH_PATTERN})\s*月(?:(?P<day>\d{{1,2}})\s*日|份|底|末)?)"
    )


def report_period(text: str, start: int, end: int, year: int | None) -> ReportPeriod | None:
    """The first period a report's title or header (``text[start:end]``) names, in the year
    written with it or else ``year``: 1-11月, 第一季度, 前三季度, 上半年, 截至11月底 (the year
    up to that day). None when it names none, or no year is known.

    >>> found = report_period("2023年1-11月重点工作推进情况", 0, 20, None)
    >>> found.span.text, str(found.start), str(found.end)
    ('2023年1-11月', '2023-01-01', '2023-11-30')
    >>> [str(report_period(t, 0, len(t), 2024).end) for t in ("第一季度进展", "前三季度", "上半年")]
    ['2024-03-31', '2024-09-30', '2024-06-30']
    >>> found = report_period("截至2024年6月底", 0, 10, None)
    >>> str(found.start), str(found.end)
    ('2024-01-01', '2024-06-30')
    """
    words = date_words()
    for match in _report_pattern().finditer(text, start, end):
        written = int(match["year"]) if match["year"] else year
        if written is None:
            continue
        months = _months(match, words.parts)
        if months is None:
            continue
        first, last, day = months
        if match["through"]:
            first = 1
        opening, closing = last_day(written, first, 1), last_day(written, last, day)
        if opening is None or closing is None or opening > closing:
            continue
        return ReportPeriod(Span.of(text, match.start(), match.end()), opening, closing)
    return None


def _months(
    match: re.Match[str], parts: dict[str, tuple[int, int]]
) -> tuple[int, int, int | None] | None:
    """The first and last month a period's words name (and the day it ends, if written)."""
    if match["from"] is not None:
        first, last = month_number(match["from"]), month_number(match["to"])
        return (first, last, None) if first and last else None
    if match["quarters"] is not None:
        count = month_number(match["quarters"])
        return (1, count * 3, None) if count else None
    if match["quarter"] is not None:
        quarter = month_number(match["quarter"])
        return (quarter * 3 - 2, quarter * 3, None) if quarter else None
    if match["part"] is not None:
        first, last = parts[match["part"]]
        return first, last, None
    month = month_number(match["month"])
    day = int(match["day"]) if match["day"] else None
    return (month, month, day) if month else None
