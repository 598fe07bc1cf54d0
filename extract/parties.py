"""Read lists of responsible units: a labelled list (责任处室: 政策法规处、财务处(审计处)) or a
responsibility bracket closing a measure ((财政部、教育部等和各省级人民政府负责)).

Items are split at separators outside brackets, and at 和 where it joins a placeholder
(…等和各省级人民政府) — never inside a name such as 中央和国家机关工委. An alias in brackets
joins the unit it follows (财务处(审计处) → 财务处, alias 审计处) unless the bracket only
qualifies the name (…大学(暂名)). Placeholders that name no particular unit (各相关处室,
有关部门) are kept whole and marked generic. In a bracket, the verb closing each clause gives
the role (牵头 lead, 参与/配合 supporting, 负责 not stated), X会同Y负责 makes X lead, and a
document that says 「列第一位者为牵头单位」 makes the first unit of each list lead. The rules are
data: ``extract/data/parties.toml``.

Offices run together in one item (县林业局县水利局: a table cell's line breaks lost) are
split by ``offices.split_offices``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from .brackets import split_outside_brackets
from .lexicon import PartyRules, organisation_rules, party_rules
from .offices import split_offices
from .records import Role, Span, UnitRef

_ALIAS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<alias>[^()]+)\)$")
_EDGE_PUNCTUATION = " \t\n。.:;,、"
_MAX_UNIT_LENGTH = 30


def read_units(text: str, content: Span, role: Role, first_position: int = 1) -> list[UnitRef]:
    """The units listed in ``content`` (a span of ``text``), numbered from ``first_position``."""
    rules = party_rules()
    units: list[UnitRef] = []
    items = [
        office
        for start, end in _items(text, content.start, content.end, rules)
        for office in split_offices(text, start, end)
    ]
    for start, end in _joined_levels(text, items, rules):
        unit = read_unit(Span.of(text, start, end), role, first_position + len(units))
        if unit is not None:
            units.append(unit)
    return units


def read_unit(
    surface: Span, role: Role, position: int, written: str | None = None
) -> UnitRef | None:
    """The unit one list item names (None if it names nothing). ``written`` is the item as
    written where ``surface`` also holds something else (a page marker inside the name)."""
    rules = party_rules()
    item = surface.text if written is None else written
    if not any(c.isalnum() for c in item):
        return None
    name, alias = _canonical(item, rules)
    generic = is_placeholder(item, rules)
    return UnitRef(
        name=name,
        surface=surface,
        alias=alias,
        generic=generic,
        role=role,
        position=position,
        national=None if generic else _national_names().get(name),
    )


@cache
def _national_names() -> dict[str, str]:
    """Every name of a national body → its full name (built once, not once per unit)."""
    return organisation_rules().aliases()


def read_bracket_units(
    text: str, inner: Span, first_position: int = 1, first_leads: bool = False
) -> list[UnitRef] | None:
    """The units of a responsibility bracket, or None when the bracket is something else.

    ``inner`` is the bracket's content without the brackets; ``first_leads`` applies a
    document's rule that the first unit listed leads.
    """
    rules = party_rules()
    if any(blocker in inner.text for blocker in rules.bracket_blockers):
        return None
    units: list[UnitRef] = []
    for start, end in _clauses(text, inner.start, inner.end):
        clause = text[start:end]
        verb = next((v for v in rules.bracket_verbs if clause.endswith(v)), None)
        if verb is None or len(clause) == len(verb):
            return None
        role = Role(rules.bracket_verbs[verb])
        list_end = end - len(verb)
        joint = next((j for j in rules.joint_lead if j in text[start:list_end]), None)
        parts = [(start, list_end, role)]
        if joint is not None:
            at = text.index(joint, start, list_end)
            supporting = Role.SUPPORTING if role is Role.UNSPECIFIED else role
            parts = [(start, at, Role.LEAD), (at + len(joint), list_end, supporting)]
        for part_start, part_end, part_role in parts:
            found = read_units(
                text, Span.of(text, part_start, part_end), part_role, first_position + len(units)
            )
            if any(len(u.surface.text) > _MAX_UNIT_LENGTH for u in found):
                return None
            units.extend(found)
    if not units:
        return None
    if first_leads and units[0].role is Role.UNSPECIFIED:
        units[0] = replace(units[0], role=Role.LEAD)
    return units


def states_first_unit_leads(text: str) -> bool:
    """Whether a document says that the first unit of each list leads (列第一位者为牵头单位)."""
    return any(rule in text for rule in party_rules().lead_rules)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of a bracket, split at , and ; outside nested brackets."""
    pieces = split_outside_brackets(text, start, end, lambda i: text[i] in ",;")
    return [t for s, e in pieces if (t := _trim_edges(text, s, e)) is not None]


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
    for piece_start, piece_end in split_outside_brackets(
        text, start, end, lambda i: _separates(text, i, rules)
    ):
        trimmed = _trim(text, piece_start, piece_end, rules)
        if trimmed is not None:
            yield trimmed


def _joined_levels(
    text: str, items: list[tuple[int, int]], rules: PartyRules
) -> list[tuple[int, int]]:
    """Join a placeholder's list of administrative levels: 各区、县(市)人力社保局 is one item."""
    joined: list[tuple[int, int]] = []
    for start, end in items:
        if joined:
            previous_start, previous_end = joined[-1]
            previous = text[previous_start:previous_end]
            if (
                is_placeholder(previous, rules)
                and previous.endswith(rules.admin_levels)
                and text.startswith(rules.admin_levels, start)
            ):
                joined[-1] = (previous_start, end)
                continue
        joined.append((start, end))
    return joined


def _separates(text: str, i: int, rules: PartyRules) -> bool:
    """Whether the character at ``i`` ends a list item: a separator, or a 和 that joins a
    placeholder (…等和各省级人民政府), never the 和 inside 中央和国家机关工委."""
    char = text[i]
    if char in rules.separators:
        return True
    if char != "和":
        return False
    return text.startswith(rules.placeholder_prefixes, i + 1) or text[i - 1 : i] == "等"


def _trim_edges(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCTUATION:
        end -= 1
    return (start, end) if start < end else None


def _trim(text: str, start: int, end: int, rules: PartyRules) -> tuple[int, int] | None:
    trimmed = _trim_edges(text, start, end)
    if trimmed is None:
        return None
    start, end = trimmed
    for etc in rules.trailing_etc:
        if text.endswith(etc, start, end) and end - start > len(etc) + 1:
            end -= len(etc)
            break
    return (start, end) if start < end else None
