"""One number of a clause and what is written right after it: the number (in figures, in
Chinese, 百分之…, …分之…), a range, a multiplier (万, 亿), its measure word (``30所``, money
multiplied out: 万元 → 元), an alternative unit in brackets and a cue after it (``以上``,
``左右``). A number that states no quantity is no reading: inside a name, an ordinal or code
(第一, 5G, 2+X), a date, a Chinese numeral without its measure word or as a determiner (一个).
The words are data (``extract/data/quantities.toml``); ``target_clauses.py`` weighs the cues
before the number and says what is measured.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from policykg.errors import InputError

from .lexicon import QuantityRules
from .numbers import normal, parse_number
from .numerals import NONZERO, NUMERAL
from .records import Comparator, Span

__all__ = ["NUMBER", "Cue", "QuantityReader", "Reading", "longest"]

NUMBER = re.compile(
    rf"(?P<fraction>[{NONZERO}\d]+分之[{NONZERO}\d]+)"
    rf"|(?P<percent>百分之[{NONZERO}\d.]+)"
    r"|(?P<arabic>\d+(?:\.\d+)?)"
    rf"|(?P<chinese>[{NUMERAL}]+)"
)
_RANGE = re.compile(r"\s*[-~～—–至到]\s*(\d+(?:\.\d+)?)")
_ALTERNATIVE_UNIT = re.compile(r"\([\u4e00-\u9fff]{1,3}\)")
_MORE = ("多", "余")
_MIN_CHINESE_COUNT = 2  # 一个/一批 are determiners far more often than commitments


class _NotAQuantity(Exception):
    """A number in the text that states no quantity (a date, a determiner …)."""


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    comparator: Comparator


@dataclass(frozen=True, slots=True)
class Reading:
    """A number with what is written right after it, before the cues are weighed."""

    start: int
    number_end: int  # end of the written number with its range and multiplier
    end: int  # end of the whole expression: number, unit, alternative unit, suffix cue
    value: Decimal
    upper: Decimal | None
    unit: str | None
    suffix: Cue | None
    more: bool
    spelled: bool  # a count written in Chinese (三个), not in figures


class QuantityReader:
    """Reads the numbers of one field's text (its word boundaries from jieba)."""

    def __init__(
        self,
        text: str,
        rules: QuantityRules,
        *,
        inside_words: Container[int],
        names: Sequence[Span],
        known_names: frozenset[str],
    ) -> None:
        self.text = text
        self.rules = rules
        self.inside_words = inside_words
        self.suffix_cues = tuple(rules.suffix_cues)
        self.names = names
        self.known_names = _numbered(known_names)

    def reading(self, match: re.Match[str], clause_end: int) -> Reading | None:
        """The number at ``match`` with what is written after it, or None when it is no
        quantity: inside a name, an ordinal or code, a date, a numeral without its measure
        word, or a number no plan sets."""
        start, end = match.span()
        if self.inside_name(start) or self._is_ordinal_or_code(start, end, match):
            return None
        try:
            return self._quantity(match, clause_end)
        except (_NotAQuantity, InputError):
            return None

    def _quantity(self, match: re.Match[str], clause_end: int) -> Reading:
        end = match.end()
        value = parse_number(match.group(0))
        upper = None
        if match["arabic"] and (ranged := _RANGE.match(self.text, end, clause_end)):
            upper, end = Decimal(ranged.group(1)), ranged.end()
        end, value, upper = self._multiplied(end, value, upper)
        number_end = end
        if self.text.startswith(self.rules.date_words, end):
            raise _NotAQuantity("a date")
        more = self.text.startswith(_MORE, end)
        end += 1 if more else 0
        unit = longest(self.text, end, self.rules.units)
        if unit is not None:
            end += len(unit)
            if end in self.inside_words and not self.text.startswith(self.suffix_cues, end):
                raise _NotAQuantity("the number runs into a word: 121人才, 二次污染, 16周岁")
            value, upper, unit = _money(value, upper, unit, self.rules)
        elif not (match["arabic"] or match["fraction"] or match["percent"]):
            raise _NotAQuantity("a Chinese numeral is a quantity only with its measure word")
        if match["chinese"]:
            self._check_spelled_count(value, unit)
        if match["percent"]:
            unit = "%"
        if (alternative := _ALTERNATIVE_UNIT.match(self.text, end, clause_end)) is not None:
            end = alternative.end()
        suffix = None
        if (cue := longest(self.text, end, tuple(self.rules.suffix_cues))) is not None:
            suffix = Cue(end, end + len(cue), Comparator(self.rules.suffix_cues[cue]))
            end += len(cue)
        spelled = bool(match["chinese"])
        return Reading(match.start(), number_end, end, value, upper, unit, suffix, more, spelled)

    def _check_spelled_count(self, value: Decimal, unit: str | None) -> None:
        """A numeral written in Chinese counts things only as a count of its own: not 一个 or
        一批 (determiners), not before a unit of measurement (三公里充分就业社区: measured
        quantities are printed in figures)."""
        if value < _MIN_CHINESE_COUNT:
            raise _NotAQuantity("一个, 一批: a determiner")
        if unit in self.rules.measurement_units:
            raise _NotAQuantity("a kind of thing named by a measure (三公里…)")

    def _multiplied(
        self, end: int, value: Decimal, upper: Decimal | None
    ) -> tuple[int, Decimal, Decimal | None]:
        if longest(self.text, end, self.rules.units) is not None:
            return end, value, upper  # 千米, 万元: the unit itself starts here
        word = longest(self.text, end, tuple(self.rules.multipliers))
        if word is None:
            return end, value, upper
        factor = self.rules.multipliers[word]
        scaled = normal(upper * factor) if upper is not None else None
        return end + len(word), normal(value * factor), scaled

    def inside_name(self, position: int) -> bool:
        if any(name.start <= position < name.end for name in self.names):
            return True
        return self.text.startswith(self.known_names, position)

    def _is_ordinal_or_code(self, start: int, end: int, match: re.Match[str]) -> bool:
        before = self.text[start - 1] if start > 0 else ""
        after = self.text[end] if end < len(self.text) else ""
        if before == "第" or before in "+.-/" or (before.isascii() and before.isalpha()):
            return True
        if after == "+" or (after.isascii() and after.isalpha()):
            return True
        return bool(match["chinese"]) and after in ("大", "级")


def _money(
    value: Decimal, upper: Decimal | None, unit: str, rules: QuantityRules
) -> tuple[Decimal, Decimal | None, str]:
    """万元 → ×10⁴ 元, 亿人次 → ×10⁸ 人次: the unit after multiplying out."""
    for word, factor in sorted(rules.multipliers.items(), key=lambda m: -len(m[0])):
        if unit.startswith(word) and len(unit) > len(word):
            scaled = normal(upper * factor) if upper is not None else None
            return normal(value * factor), scaled, unit[len(word) :]
    return value, upper, unit


@lru_cache(maxsize=4)
def _numbered(names: frozenset[str]) -> tuple[str, ...]:
    """The names that start with a number, made once per document, not once per field."""
    return tuple(n for n in names if n[:1] in NUMERAL or n[:1].isdigit())


def longest(text: str, position: int, words: tuple[str, ...]) -> str | None:
    """The longest of ``words`` written at ``position``, if any."""
    for word in _by_first(words).get(text[position : position + 1], ()):
        if text.startswith(word, position):
            return word
    return None


@cache
def _by_first(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The words by their first character, longest first: a number's measure words and cues
    are looked for after every number, and only those of the next character can be there."""
    grouped: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        grouped.setdefault(word[:1], []).append(word)
    return {first: tuple(group) for first, group in grouped.items()}
