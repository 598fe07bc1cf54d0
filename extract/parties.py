"""Read a list of responsible units (责任处室: 政策法规处、财务处(审计处)、各相关处室).

Items are split at separators outside brackets. An alias in brackets joins the unit it
follows (财务处(审计处) → 财务处, alias 审计处) unless the bracket only qualifies the name
(宁波东方理工大学(暂名)). Placeholders that name no particular unit (各相关处室, 有关部门) are
kept whole and marked generic. The rules are data: ``extract/data/parties.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lexicon import PartyRules, party_rules
from .records import Role, Span, UnitRef

_OPENERS = "([【〔{"
_CLOSERS = ")]】〕}"
_ALIAS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<alias>[^()]+)\)$")
_EDGE_PUNCTUATION = " \t\n。.:;,、"


def read_units(text: str, content: Span, role: Role, first_position: int = 1) -> list[UnitRef]:
    """The units listed in ``content`` (a span of ``text``), numbered from ``first_position``."""
    rules = party_rules()
    units: list[UnitRef] = []
    for start, end in _items(text, content.start, content.end, rules):
        surface = Span.of(text, start, end)
        if not any(c.isalnum() for c in surface.text):
            continue
        name, alias = _canonical(surface.text, rules)
        units.append(
            UnitRef(
                name=name,
                surface=surface,
                alias=alias,
                generic=is_placeholder(surface.text, rules),
                role=role,
                position=first_position + len(units),
            )
        )
    return units


def is_placeholder(name: str, rules: PartyRules | None = None) -> bool:
    """Whether ``name`` stands for unnamed units rather than one unit.

    >>> is_placeholder("各相关处室(单位)"), is_placeholder("财务处(审计处)")
    (True, False)
    """
    rules = rules or party_rules()
    return name.startswith(rules.placeholder_prefixes) or any(
        infix in name for infix in rules.placeholder_infixes
    )


def _canonical(surface: str, rules: PartyRules) -> tuple[str, str | None]:
    if is_placeholder(surface, rules):
        return surface, None
    match = _ALIAS.match(surface)
    if match is None or match["alias"].strip() in rules.name_qualifiers:
        return surface, None
    return match["name"].strip(), match["alias"].strip()


def _items(text: str, start: int, end: int, rules: PartyRules) -> Iterator[tuple[int, int]]:
    """Spans of the list items between ``start`` and ``end``, trimmed of edge punctuation."""
    depth = 0
    item_start = start
    for i in range(start, end + 1):
        char = text[i] if i < end else ""
        if char in _OPENERS and char:
            depth += 1
        elif char in _CLOSERS and char:
            depth = max(0, depth - 1)
        elif i == end or char == "\n" or (depth == 0 and char in rules.separators):
            trimmed = _trim(text, item_start, i, rules)
            if trimmed is not None:
                yield trimmed
            item_start = i + 1


def _trim(text: str, start: int, end: int, rules: PartyRules) -> tuple[int, int] | None:
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCTUATION:
        end -= 1
    for etc in rules.trailing_etc:
        if text.endswith(etc, start, end) and end - start > len(etc) + 1:
            end -= len(etc)
            break
    return (start, end) if start < end else None
