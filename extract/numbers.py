"""Read numbers as written in Chinese text into exact decimals.

Arabic numbers (``12``, ``1.2``) with multipliers (``1.2万`` → 12000, ``15亿`` → 1500000000),
Chinese numerals through cn2an (``十二`` → 12, ``两`` → 2), fractions (``三分之一``) and
percentages written out (``百分之十五`` → 15). Arithmetic stays in ``Decimal``: no float ever
rounds a target.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from policykg.errors import InputError

from .lexicon import quantity_rules
from .numerals import chinese_value

_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_FRACTION_PLACES = Decimal("0.0001")
_LARGEST_EXPONENT = 24


@lru_cache(maxsize=1 << 12)  # plans repeat their numbers; a Decimal is immutable
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
    return normal(chinese_value(text))


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
