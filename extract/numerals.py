"""Numerals written out in Chinese (十二, 两, 三分之一) and circled (③): the one place that
says which characters write a number and what they are worth.

Headings number with small numerals (一、 … 二十一、, (十二)), counts and fractions with the
same characters (三个, 三分之一), long amounts with 千/万/亿 as well (一千二百万). Every
pattern that looks for a numeral builds on the character sets here; every reading of one
goes through ``chinese_value`` or ``chinese_integer``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from policykg.errors import InputError

DIGITS = "零〇一二两三四五六七八九"
# What a heading's or a count's number is written with: digits, 十 and 百 (一百二十).
SMALL_NUMERAL = DIGITS + "十百"
# The same without the zeros: nothing is numbered zero, and a numeral needs one of these.
NONZERO = "一二两三四五六七八九十百"
# Every character of a numeral, the large multipliers included (一千二百万).
NUMERAL = SMALL_NUMERAL + "千万亿"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_DIGIT_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
# Up to 九十九 written out (十, 十二, 二十, 二十一): nearly every numeral in a plan is one of
# these (section and task numbers, counts of things). They are read here, without loading
# cn2an (which builds its tables at import, some 80 ms); anything longer goes to cn2an.
_TENS = re.compile(r"^([一二三四五六七八九])?十([一二三四五六七八九])?$")


def chinese_value(text: str) -> Decimal:
    """The value of a numeral written in Chinese, or InputError.

    >>> [str(chinese_value(t)) for t in ("两", "十二", "二十", "一百零五", "一千二百万")]
    ['2', '12', '20', '105', '12000000']
    """
    if not text or any(c not in NUMERAL for c in text):
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
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except Exception as exc:  # cn2an raises ValueError, KeyError … on malformed numerals
        raise InputError(f"not a number: {text!r}") from exc


def chinese_integer(numeral: str) -> int:
    """The value of a Chinese numeral such as a heading's 十二, or InputError.

    >>> chinese_integer("二十一")
    21
    """
    value = chinese_value(numeral)
    if value != value.to_integral_value():
        raise InputError(f"not a whole number: {numeral!r}")
    return int(value)


def number_value(numeral: str) -> int:
    """The value of a number as a heading or a table row prints it, or InputError.

    >>> number_value("12"), number_value("十"), number_value("二十一"), number_value("③")
    (12, 10, 21, 3)
    """
    if numeral.isdigit() and numeral.isascii():
        return int(numeral)
    if (value := circled_value(numeral)) is not None:
        return value
    return chinese_integer(numeral)


def circled_value(numeral: str) -> int | None:
    """The value of a circled number (③ → 3), or None for anything else.

    >>> circled_value("③"), circled_value("3")
    (3, None)
    """
    return CIRCLED.index(numeral) + 1 if len(numeral) == 1 and numeral in CIRCLED else None


def circled(value: int) -> str | None:
    """A number as a circled numeral (3 → ③), or None past ⑳.

    >>> circled(3), circled(21)
    ('③', None)
    """
    return CIRCLED[value - 1] if 1 <= value <= len(CIRCLED) else None


def written_in_chinese(value: int) -> str:
    """A whole number written in Chinese, as Word prints its Chinese list numbering.

    >>> written_in_chinese(12), written_in_chinese(105)
    ('十二', '一百零五')
    """
    import cn2an  # loaded for .docx with Chinese list numbering only (~80 ms)

    return str(cn2an.an2cn(value))
