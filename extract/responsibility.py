"""Responsibility brackets: the units a bracket in a measure's text makes answerable.

Two forms, whatever the bracket (``(…)``, ``〔…〕``, ``【…】``):

- labelled parts, ``(牵头单位:X;配合单位:A、B)`` or ``(牵头单位:X,配合单位:A、B,各区)``:
  each label says the role of the units after it (``labels.py``);
- clauses that close with a verb, ``(水利部牵头,国家能源局参与)``: the verb gives the role
  (牵头 lead, 参与/配合 supporting, 负责 not stated; data ``[bracket_verbs]``), X会同Y负责 makes
  X lead, and a clause without a verb shares the next clause's
  (``(退役军人事务部、司法部,各省级人民政府按职责分工负责)``). A bracket that the text
  never closes (a copy cut mid-list) keeps its last clause without a verb.

Sentences that state a document's rules are read apart, and the bracket keeps its units:
the lead rule (``(A、B负责。列第一位者为牵头单位,下同)``, ``lead_rules.py``) and rules for every
task (``以下各项工作均需…落实,不再列出``, ``global_units.py``). A bracket that holds a remark
rather than a list (``(技工院校内由人力资源社会保障行政部门负责)``) gives nothing. A task's
units are gathered from its labelled lists and brackets by :func:`task_units`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .brackets import Bracket, split_outside_brackets
from .global_units import global_rule_sentences
from .labels import labelled_parts
from .lead_rules import LeadRule, is_lead_rule_clause, lead_first_listed
from .lexicon import PartyRules, party_rules
from .parties import read_units, reads_as_units, trim_edges
from .records import Field, FieldKind, Role, Span, UnitRef

_MAX_UNIT_LENGTH = 30
_ROLE_OF_FIELD = {
    FieldKind.RESPONSIBLE: Role.UNSPECIFIED,
    FieldKind.LEAD: Role.LEAD,
    FieldKind.SUPPORTING: Role.SUPPORTING,
}


@dataclass(frozen=True, slots=True)
class BracketReading:
    """What a responsibility bracket says: labelled fields, or units read from its clauses."""

    bracket: Bracket
    fields: tuple[Field, ...] = ()
    units: tuple[UnitRef, ...] = ()


def read_responsibility(text: str, bracket: Bracket) -> BracketReading | None:
    """The units a bracket makes answerable, or None when it is something else.

    >>> from extract.brackets import outer_brackets
    >>> t = "推进改革。(市审计局、市统计局,各区政府负责)"
    >>> reading = read_responsibility(t, next(outer_brackets(t, 0, len(t))))
    >>> [(u.name, u.generic) for u in reading.units]
    [('市审计局', False), ('市统计局', False), ('各区政府', True)]
    """
    inner = bracket.inner
    fields = labelled_parts(text, inner.start, inner.end)
    if fields:
        return BracketReading(bracket, fields=tuple(fields))
    units = read_clause_units(text, inner, truncated=not bracket.closed)
    return BracketReading(bracket, units=tuple(units)) if units else None


def read_listed_units(text: str, content: Span, role: Role) -> list[UnitRef]:
    """The units of a labelled list: by the verbs closing its clauses where it has them
    (责任单位:X、Y分别牵头), else all in the label's role."""
    units = read_clause_units(text, content)
    if units is None:
        return read_units(text, content, role)
    return [u if u.role is not Role.UNSPECIFIED else _with_role(u, role) for u in units]


def read_clause_units(text: str, content: Span, truncated: bool = False) -> list[UnitRef] | None:
    """The units of clauses that close with a verb, or None when a clause is no list.

    ``truncated`` accepts a last clause without a verb (its role unstated).

    >>> t = "市环保局、市发改局牵头督导,市人防办、气象局参与"
    >>> [(u.name, u.role.value[0]) for u in read_clause_units(t, Span.of(t, 0, len(t)))]
    [('市环保局', 'l'), ('市发改局', 'l'), ('市人防办', 's'), ('气象局', 's')]
    """
    rules = party_rules()
    units: list[UnitRef] = []
    waiting: list[tuple[int, int]] = []  # clauses without a verb, waiting for the next verb
    for start, end in _list_clauses(text, content):
        clause = text[start:end]
        if _is_blocked(clause, rules):
            return None
        verb = next((v for v in rules.bracket_verbs if clause.endswith(v)), None)
        if verb is None:
            waiting.append((start, end))
            continue
        if len(clause) == len(verb):
            return None
        role = Role(rules.bracket_verbs[verb])
        shared = _verbless_units(text, waiting, role)
        if shared is None:
            return None
        waiting = []
        units += shared + _clause_units(text, start, end - len(verb), role, rules)
    if waiting:
        cut = _verbless_units(text, waiting, Role.UNSPECIFIED) if truncated else None
        if cut is None:
            return None
        units += cut
    if not units or any(len(u.surface.text) > _MAX_UNIT_LENGTH for u in units):
        return None
    return units


def _list_clauses(text: str, content: Span) -> list[tuple[int, int]]:
    """The clauses of a list at , ; and 。 outside nested brackets, without the sentences and
    clauses that state a rule of the document."""
    rules = global_rule_sentences(text, content.start, content.end)
    clauses = []
    for start, end in split_outside_brackets(
        text, content.start, content.end, lambda i: text[i] in ",;。"
    ):
        trimmed = trim_edges(text, start, end)
        if trimmed is None or any(s <= trimmed[0] < e for s, e in rules):
            continue
        if not is_lead_rule_clause(text[trimmed[0] : trimmed[1]]):
            clauses.append(trimmed)
    return clauses


def _is_blocked(clause: str, rules: PartyRules) -> bool:
    """Whether a clause reads as a remark: it holds a blocker outside the words of names."""
    for word in rules.blocker_free_words:
        clause = clause.replace(word, "")
    return any(blocker in clause for blocker in rules.bracket_blockers)


def _clause_units(text: str, start: int, end: int, role: Role, rules: PartyRules) -> list[UnitRef]:
    """The units of one clause's list; X会同Y makes X lead and Y support."""
    joint = next((j for j in rules.joint_lead if j in text[start:end]), None)
    if joint is None:
        return read_units(text, Span.of(text, start, end), role)
    at = text.index(joint, start, end)
    supporting = Role.SUPPORTING if role is Role.UNSPECIFIED else role
    return read_units(text, Span.of(text, start, at), Role.LEAD) + read_units(
        text, Span.of(text, at + len(joint), end), supporting
    )


def _verbless_units(text: str, clauses: list[tuple[int, int]], role: Role) -> list[UnitRef] | None:
    """The units of clauses without a verb of their own, or None unless every item reads as
    a unit's name (it ends in a unit word: 局, 委, 政府 …) or a placeholder."""
    units: list[UnitRef] = []
    for start, end in clauses:
        found = read_units(text, Span.of(text, start, end), role)
        if not reads_as_units(found):
            return None
        units += found
    return units


def _with_role(unit: UnitRef, role: Role) -> UnitRef:
    return replace(unit, role=role)


def task_units(
    text: str,
    fields: Sequence[Field],
    brackets: Sequence[tuple[Span, list[UnitRef]]],
    rule: LeadRule,
    shared: Sequence[UnitRef] = (),
) -> tuple[UnitRef, ...]:
    """A task's units across its unit fields and brackets, then the units every task shares
    (``global_units.py``): each unit once, numbered in order, a stated role kept over an
    unstated one, and the document's lead rule applied where the task states no lead."""
    lists: list[tuple[int, list[UnitRef]]] = []
    for f in fields:
        role = _ROLE_OF_FIELD.get(f.kind)
        if role is not None:
            lists.append((f.content.end, read_listed_units(text, f.content, role)))
    lists += [(inner.end, units) for inner, units in brackets]
    by_name: dict[str, UnitRef] = {}
    for unit in [*(u for units in lead_first_listed(rule, lists) for u in units), *shared]:
        known = by_name.get(unit.name)
        if known is None:
            by_name[unit.name] = replace(unit, position=len(by_name) + 1)
        elif known.role is Role.UNSPECIFIED and unit.role is not Role.UNSPECIFIED:
            by_name[unit.name] = replace(unit, position=known.position)
    return tuple(by_name.values())
