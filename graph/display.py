"""Numbers, comparators and roles as people read them in Chinese pages, registers and sheets.

The graph keeps machine values (``schema:minValue 1500000000``, ``pk:AtLeast``); every page,
register and spreadsheet shows them through these functions instead: ``不少于(≥)``, ``15亿元``,
``三分之一``, ``牵头``. They are plain functions of the model's values, so any writer (the
map, the report, the diff page, the CSV registers, an xlsx export) can call them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ontology.concepts import Comparator, ProgressStatus, Role

from .model import TargetView
from .progress_model import ReportedValueView

__all__ = [
    "amount_text",
    "comparator_text",
    "magnitude_text",
    "number_text",
    "reported_text",
    "role_text",
    "status_text",
    "target_text",
]

# What each comparator is called, the sign beside it where a sign says it shorter.
_COMPARATOR_WORDS: dict[Comparator, tuple[str, str]] = {
    Comparator.AT_LEAST: ("不少于", "≥"),
    Comparator.MORE_THAN: ("超过", ">"),
    Comparator.AT_MOST: ("不超过", "≤"),
    Comparator.LESS_THAN: ("低于", "<"),
    Comparator.EQUAL: ("等于", "="),
    Comparator.APPROX: ("约", "≈"),
    Comparator.RANGE: ("介于", ""),
    Comparator.INCREASE_BY: ("提高", ""),
    Comparator.DECREASE_BY: ("下降", ""),
    Comparator.FULL_COVERAGE: ("全覆盖", ""),
}
_ROLE_WORDS = {Role.LEAD: "牵头", Role.SUPPORTING: "配合", Role.UNSPECIFIED: "未区分"}
# The statuses of progress reports as the ontology labels them in Chinese.
_STATUS_WORDS = {
    ProgressStatus.COMPLETED: "已完成",
    ProgressStatus.ON_SCHEDULE: "序时推进",
    ProgressStatus.BEHIND: "滞后",
    ProgressStatus.NOT_STARTED: "未启动",
    ProgressStatus.UNKNOWN: "未说明",
}
# 万 and 亿 as a Chinese plan writes large numbers, largest first; a number is written with
# one of them only when it then needs at most two decimals (1.2万, 15亿; 12345 stays as it is).
_MAGNITUDES = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
_CENTS = Decimal("0.01")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FRACTION = "分之"  # 三分之一: an exact fraction its decimal (0.3333) would only approximate


def number_text(value: Decimal | None) -> str:
    """A number as people write it (empty for None).

    >>> number_text(Decimal("12000.0")), number_text(Decimal("0.3333")), number_text(None)
    ('12000', '0.3333', '')
    """
    return "" if value is None else format(value.normalize(), "f")


def magnitude_text(value: Decimal | None, printed: str | None = None) -> str:
    """A number as the plan prints it, or in 万/亿 where that is how such a number is written.

    ``printed`` is the number's own words in the text (``pk:valueText``): a fraction (三分之一)
    or plain digits that equal the number are shown as printed.

    >>> magnitude_text(Decimal("1500000000"), "15"), magnitude_text(Decimal("1100000"))
    ('15亿', '110万')
    >>> magnitude_text(Decimal("0.3333"), "三分之一"), magnitude_text(Decimal("12000"), "12000")
    ('三分之一', '12000')
    >>> magnitude_text(Decimal("12000")), magnitude_text(Decimal("12345")), magnitude_text(None)
    ('1.2万', '12345', '')
    """
    if value is None:
        return ""
    if printed is not None:
        if _FRACTION in printed:
            return printed
        if _PLAIN_NUMBER.fullmatch(printed) and Decimal(printed) == value:
            return number_text(value)
    for scale, word in _MAGNITUDES:
        if abs(value) >= scale:
            scaled = value / scale
            if scaled == scaled.quantize(_CENTS):
                return number_text(scaled) + word
    return number_text(value)


def comparator_text(comparator: Comparator, bound: Comparator | None = None) -> str:
    """How a target's number binds, in Chinese with its sign: 不少于(≥), 约(≈), 全覆盖; a
    change with a bound on its size reads 下降不少于(≥).

    >>> comparator_text(Comparator.AT_LEAST), comparator_text(Comparator.FULL_COVERAGE)
    ('不少于(≥)', '全覆盖')
    >>> comparator_text(Comparator.DECREASE_BY, Comparator.AT_LEAST)
    '下降不少于(≥)'
    """
    word, _ = _COMPARATOR_WORDS[comparator]
    if bound is not None and comparator.is_change:
        bound_word, sign = _COMPARATOR_WORDS[bound]
        return f"{word}{bound_word}" + (f"({sign})" if sign else "")
    sign = _COMPARATOR_WORDS[comparator][1]
    return word + (f"({sign})" if sign else "")


def role_text(role: Role) -> str:
    """A unit's role in Chinese: 牵头, 配合, or 未区分 where the plan does not say.

    >>> role_text(Role.LEAD), role_text(Role.UNSPECIFIED)
    ('牵头', '未区分')
    """
    return _ROLE_WORDS[role]


def status_text(status: ProgressStatus | None) -> str:
    """A progress status in Chinese (none: 未报告, a report that does not speak of the task).

    >>> status_text(ProgressStatus.BEHIND), status_text(None)
    ('滞后', '未报告')
    """
    return _STATUS_WORDS[status] if status is not None else "未报告"


def reported_text(value: ReportedValueView) -> str:
    """A value a progress report gives against its target, with its share of the goal.

    >>> from graph.model import SpanView
    >>> reported_text(ReportedValueView("", "", Decimal(8000), "个", Decimal("0.6667"),
    ...                                 SpanView(0, 0, "")))
    '8000个 (66.67%)'
    """
    share = value.share
    return f"{number_text(value.value)}{value.unit or ''}" + (
        f" ({number_text((share * 100).quantize(_CENTS))}%)" if share else ""
    )


def amount_text(target: TargetView) -> str:
    """A target's number (or range) with its unit, as a plan writes it: 15亿元, 110万人次,
    2–3个, 三分之一; empty for a coverage the plan implies (全覆盖 says it all)."""
    if target.implied:
        return ""
    unit = target.unit or ""
    low, high = target.minimum, target.maximum
    if target.comparator is Comparator.RANGE and low is not None and high is not None:
        return f"{magnitude_text(low)}–{magnitude_text(high)}{unit}"
    number = magnitude_text(target.level, target.value_text)
    return f"{number}{unit}" if number else ""


def target_text(target: TargetView) -> str:
    """A target in a few characters of Chinese: 不少于15亿元, 约30个, 2–3个, 下降不少于1%, 全覆盖.

    An exact count (建设10个) is its number alone, as the plan says it."""
    amount = amount_text(target)
    if target.comparator is Comparator.FULL_COVERAGE:
        return "全覆盖" + (f" {amount}" if amount and amount != "100%" else "")
    if target.comparator in (Comparator.EQUAL, Comparator.RANGE):
        return amount
    word, _ = _COMPARATOR_WORDS[target.comparator]
    if target.change_bound is not None and target.comparator.is_change:
        word += _COMPARATOR_WORDS[target.change_bound][0]
    return f"{word}{amount}"


def term_words() -> dict[str, str]:
    """The graph's role and comparator terms by local name (what a query's ``STRAFTER(STR(?c),
    "#")`` gives) in Chinese, for pages that show query results to people.

    >>> words = term_words()
    >>> words["LeadRole"], words["UnspecifiedRole"], words["AtLeast"], words["FullCoverage"]
    ('牵头', '未区分', '不少于(≥)', '全覆盖')
    """
    from .concept_terms import COMPARATORS, ROLES

    words = {_local(iri): role_text(role) for role, iri in ROLES.items()}
    words.update({_local(iri): comparator_text(c) for c, iri in COMPARATORS.items()})
    return words


def _local(iri: str) -> str:
    return str(iri).rsplit("#", 1)[-1]
