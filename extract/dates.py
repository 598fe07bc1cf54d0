"""Deadlines as written (到2025年, 2024年6月底前, 2025年底) and the last day they allow."""

from __future__ import annotations

import calendar
import re
from datetime import date

from .records import Span

_DEADLINE = re.compile(
    r"(?:(?:到|至|于|在)\s*)?(?P<year>(?:19|20)\d{2})\s*年"
    r"(?:\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?)?"
    r"(?P<tail>底前|末前|底|末|前|以前|之前|内)?"
)


def find_deadline(
    text: str, start: int, end: int, *, marked_only: bool = True
) -> tuple[Span, date] | None:
    """The first deadline in ``text[start:end]`` and the last day it allows.

    With ``marked_only`` a date counts only with a word that makes it a deadline (到, 前, 底);
    in a 完成时限 field any date is one.

    >>> found = find_deadline("2024年6月底前完成", 0, 9)
    >>> found[0].text, str(found[1])
    ('2024年6月底前', '2024-06-30')
    """
    for match in _DEADLINE.finditer(text, start, end):
        if marked_only and not (match.group(0)[:1] in "到至于在" or match["tail"]):
            continue
        year, month = int(match["year"]), int(match["month"] or 12)
        if not 1 <= month <= 12:
            continue
        day = int(match["day"]) if match["day"] else calendar.monthrange(year, month)[1]
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        return Span.of(text, match.start(), match.end()), when
    return None
