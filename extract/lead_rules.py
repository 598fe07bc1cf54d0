"""A document's rule that the first unit of each list leads (列第一位者为牵头单位).

State Council opinions and task-division plans often mark no lead in their lists but say once
that the unit listed first leads: in the preamble, in the first bracket (``(A、B负责。列第一位者
为牵头单位,下同)``) or in a note after a table. The rule holds from where it is stated on; a
statement after every list (a closing note) holds for the lists above it. Brackets, labelled
lists and table rows apply it alike: ask :meth:`LeadRule.applies_at` with where the list ends.
The words are data: ``[lead_rule]`` in ``extract/data/parties.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from .lexicon import alternation, load_data, longest_first
from .records import Role, Span, UnitRef

_CLAUSE_STOPS = "。;,\n()"


@dataclass(frozen=True, slots=True)
class LeadRule:
    """Where a document states that the first unit listed leads, and from where it holds
    (None: nowhere)."""

    statements: tuple[Span, ...] = ()
    holds_from: int | None = None

    def applies_at(self, offset: int) -> bool:
        """Whether a list that ends at ``offset`` is under the rule: it is stated before.

        >>> rule = read_lead_rule("(甲、乙负责,列第一位者为牵头单位,下同)(丙、丁负责)")
        >>> rule.applies_at(6), rule.applies_at(24), LeadRule().applies_at(24)
        (False, True, False)
        """
        return self.holds_from is not None and self.holds_from < offset

    def closing_note(self, last_list_end: int) -> LeadRule:
        """The rule read as a closing note where it is first stated after every list: then it
        holds for the whole text."""
        if self.holds_from is not None and self.holds_from >= last_list_end:
            return replace(self, holds_from=-1)
        return self


@dataclass(frozen=True, slots=True)
class _Words:
    first_place: tuple[str, ...]
    lead_words: tuple[str, ...]
    max_gap: int
    tails: tuple[str, ...]

    def pattern(self) -> re.Pattern[str]:
        first = alternation(longest_first(self.first_place))
        lead = alternation(longest_first(self.lead_words))
        gap = rf"[^{re.escape(_CLAUSE_STOPS)}]{{0,{self.max_gap}}}?"
        return re.compile(rf"(?:{first}){gap}(?:{lead})")


@cache
def _words() -> _Words:
    data = load_data("parties.toml")["lead_rule"]
    return _Words(
        first_place=tuple(data["first_place"]),
        lead_words=tuple(data["lead_words"]),
        max_gap=int(data["max_gap"]),
        tails=tuple(sorted(data["tails"], key=len, reverse=True)),
    )


@cache
def _pattern() -> re.Pattern[str]:
    return _words().pattern()


def read_lead_rule(text: str) -> LeadRule:
    """Every statement of the rule in ``text``, in order, each as its clause.

    >>> rule = read_lead_rule("一、要求\\n各项任务中,排在第一位的部门为牵头部门。")
    >>> [s.text for s in rule.statements], rule.holds_from
    (['排在第一位的部门为牵头部门'], 11)
    """
    statements = []
    for match in _pattern().finditer(text):
        end = match.end()
        while end < len(text) and text[end] not in _CLAUSE_STOPS:
            end += 1
        statements.append(Span.of(text, match.start(), end))
    return LeadRule(tuple(statements), statements[0].start if statements else None)


def states_first_unit_leads_before(text: str, offset: int) -> bool:
    """Whether ``text`` states, starting before ``offset``, that the first unit of each list
    leads: a table ending at ``offset`` is under the rule."""
    return read_lead_rule(text).applies_at(offset)


def is_lead_rule_clause(clause: str) -> bool:
    """Whether a clause of a bracket states the rule or is its tail (下同), not a list.

    >>> is_lead_rule_clause("列第一位者为牵头单位"), is_lead_rule_clause("下同")
    (True, True)
    >>> is_lead_rule_clause("司法部、水利部负责")
    False
    """
    stripped = clause.strip(" 。.")
    return stripped in _words().tails or _pattern().search(stripped) is not None


def lead_first_listed(
    rule: LeadRule, lists: Sequence[tuple[int, list[UnitRef]]]
) -> list[list[UnitRef]]:
    """The unit lists of one task (each with where it ends) under the rule: where it holds
    and the task states no lead of its own, each list's first unit leads unless it is a
    placeholder or its role is stated."""
    if any(u.role is Role.LEAD for _, units in lists for u in units):
        return [units for _, units in lists]
    led = []
    for end, units in lists:
        first = units[0] if units else None
        if (
            first is not None
            and not first.generic
            and first.role is Role.UNSPECIFIED
            and rule.applies_at(end)
        ):
            led.append([replace(first, role=Role.LEAD), *units[1:]])
        else:
            led.append(units)
    return led
