"""Read numbers as written in Chinese text into exact decimals.

Arabic numbers (``12``, ``1.2``) with multipliers (``1.2万`` → 12000, ``15亿`` → 1500000000),
Chinese numerals through cn2an (``十二`` → 12, ``两`` → 2), fractions (``三分之一``) and
percentages written out (``百分之十五`` → 15). Arithmetic stays in ``Decimal``: no float ever
rounds a target.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from policykg.errors import InputError

from .lexicon import quantity_rules

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_FRACTION_PLACES = Decimal("0.0001")
_LARGEST_EXPONENT = 24
_DIGIT_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
# Up to 九十九 written out (十, 十二, 二十, 二十一): nearly every numeral in a plan is one of
# these (section and task numbers, counts of things). They are read here, without loading
# cn2an (which builds its tables at import, some 80 ms); anything longer goes to cn2an.
_TENS = re.compile(r"^([一二三四五六七八九])?十([一二三四五六七八九])?$")


def parse_number(text: str) -> Decimal:
    """The value of a number as written.

    >>> [str(parse_number(t)) for t in ("40", "1.2万", "15亿", "三分之一", "百分之十五", "十二")]
    ['40', '12000', '1500000000', '0.3333', '15', '12']
    """
    text = text.strip()
    if text.startswith("百分之"):
        return parse_number(text[3:])
    if "分之" in text:
        denominator, numerator = text.split("分之", 1)
        value = parse_number(numerator) / parse_number(denominator)
        return value.quantize(_FRACTION_PLACES)
    match = _ARABIC.match(text)
    if match is not None:
        rest = text[match.end() :]
        multipliers = quantity_rules().multipliers
        if rest and rest not in multipliers:
            raise InputError(f"not a number: {text!r}")
        return normal(Decimal(match.group(0)) * multipliers.get(rest, 1))
    return _chinese(text)


def chinese_integer(numeral: str) -> int:
    """The value of a Chinese numeral such as a heading's 十二, or InputError.

    >>> chinese_integer("二十一")
    21
    """
    value = _chinese(numeral)
    if value != value.to_integral_value():
        raise InputError(f"not a whole number: {numeral!r}")
    return int(value)


def _chinese(text: str) -> Decimal:
    if not text or any(c not in CHINESE_DIGITS for c in text):
        raise InputError(f"not a number: {text!r}")
    if len(text) == 1 and text in _DIGIT_VALUES:
        return Decimal(_DIGIT_VALUES[text])
    if (tens := _TENS.match(text)) is not None:
        high, low = tens.groups()
        return Decimal(_DIGIT_VALUES[high or "一"] * 10 + (_DIGIT_VALUES[low] if low else 0))
    if not any(c in _DIGIT_VALUES for c in text):
        raise InputError(f"not a number: {text!r}")  # 万千亿: cn2an refuses these too
    import cn2an  # the long numerals only: see _TENS

    try:
        return normal(Decimal(str(cn2an.cn2an(text, "smart"))))
    except Exception as exc:  # cn2an raises ValueError, KeyError … on malformed numerals
        raise InputError(f"not a number: {text!r}") from exc


def normal(value: Decimal) -> Decimal:
    """``value`` without a trailing fraction of zeros: 12000.0 → 12000, 8.50 → 8.5.

    A number past 10^24 is no target any plan sets; it is refused rather than rounded.
    """
    if value.adjusted() > _LARGEST_EXPONENT:
        raise InputError(f"number too large: {value}")
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()
    except InvalidOperation as exc:
        raise InputError(f"not a number: {value}") from exc
