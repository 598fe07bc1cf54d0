"""Read lists of responsible units: a labelled list (责任处室: 政策法规处、财务处(审计处)) or the
list of a responsibility bracket's clause ((司法部、水利部等和各省级人民政府负责), read by
``responsibility.py``).

Items are split at separators outside brackets; at 和 where it joins a placeholder
(…等和各省级人民政府) or stands between two whole names (水利部和退役军人事务部) — never
inside a name such as 住房和城乡建设部; and at 等 before a placeholder
(审计署等有关部门 → 审计署, 有关部门). An alias in brackets joins the unit it follows
(财务处(审计处) → 财务处, alias 审计处) unless the bracket only qualifies the name (…大学(暂名)).
Placeholders that name no particular unit (各相关处室, 有关部门, 市政府各部门) are kept whole and
marked generic. The rules are data: ``extract/data/parties.toml``.

Offices run together in one item (县林业局县水利局: a table cell's line breaks lost) are
split by ``offices.split_offices``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from .brackets import split_outside_brackets
from .lexicon import PartyRules, organisation_rules, party_rules
from .offices import split_offices
from .records import Role, Span, UnitRef

_ALIAS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<alias>[^()]+)\)$")
_EDGE_PUNCTUATION = " \t\n。.:;,、"
_MIN_JOINED_NAME = 3  # characters on each side of a 和 that separates two units


def read_units(text: str, content: Span, role: Role, first_position: int = 1) -> list[UnitRef]:
    """The units listed in ``content`` (a span of ``text``), numbered from ``first_position``."""
    rules = party_rules()
    units: list[UnitRef] = []
    items = [
        office
        for item in _items(text, content.start, content.end, rules)
        for piece in _split_at_he(text, item, rules)
        for office in split_offices(text, *piece)
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


def reads_as_units(units: Sequence[UnitRef]) -> bool:
    """Whether every item of a list names a unit (its name ends in a unit word: 局, 委, 政府 …)
    or is a placeholder: what a list without a verb or label of its own must show.

    >>> text = "市人防办、各街道、2024年底前"
    >>> reads_as_units(read_units(text, Span.of(text, 0, 9), Role.UNSPECIFIED))
    True
    >>> reads_as_units(read_units(text, Span.of(text, 0, len(text)), Role.UNSPECIFIED))
    False
    """
    suffixes = party_rules().unit_suffixes
    return bool(units) and all(u.generic or u.name.endswith(suffixes) for u in units)


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
                and set(text[previous_end:start].strip()) == {"、"}
            ):
                joined[-1] = (previous_start, end)
                continue
        joined.append((start, end))
    return joined


def _separates(text: str, i: int, rules: PartyRules) -> bool:
    """Whether the character at ``i`` ends a list item: a separator, a 和 that joins a
    placeholder (…等和各省级人民政府), never the 和 inside 住房和城乡建设部, or a 等 that
    starts one (审计署等有关部门)."""
    char = text[i]
    if char in rules.separators:
        return True
    if char == "等":
        return text.startswith(rules.placeholder_prefixes, i + 1)
    if char != "和":
        return False
    return text.startswith(rules.placeholder_prefixes, i + 1) or text[i - 1 : i] == "等"


def _split_at_he(text: str, item: tuple[int, int], rules: PartyRules) -> list[tuple[int, int]]:
    """An item split at each 和 that stands between two whole names: the name before it ends
    in a unit word (水利部和退役军人事务部), and both sides are names of some length, so
    住房和城乡建设部 and 各级党委和政府 stay whole."""
    start, end = item
    pieces, piece = [], start
    for i in range(start, end):
        if (
            text[i] == "和"
            and i - piece >= _MIN_JOINED_NAME
            and end - i - 1 >= _MIN_JOINED_NAME
            and text.endswith(rules.unit_suffixes, piece, i)
            and not is_placeholder(text[piece:i], rules)
        ):
            pieces.append((piece, i))
            piece = i + 1
    pieces.append((piece, end))
    return pieces


def trim_edges(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``text[start:end]`` without spaces and list punctuation at its edges (None: nothing left).

    >>> t = "、 司法部。"
    >>> t[slice(*trim_edges(t, 0, len(t)))]
    '司法部'
    """
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCTUATION:
        end -= 1
    return (start, end) if start < end else None


def _trim(text: str, start: int, end: int, rules: PartyRules) -> tuple[int, int] | None:
    trimmed = trim_edges(text, start, end)
    if trimmed is None:
        return None
    start, end = trimmed
    for etc in rules.trailing_etc:
        if text.endswith(etc, start, end) and end - start > len(etc) + 1:
            end -= len(etc)
            break
    return (start, end) if start < end else None
