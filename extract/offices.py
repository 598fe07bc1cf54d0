"""Office names run together with nothing between them: 县林业局县水利局 is two offices.

Two readers, for two ways the separators get lost:

- ``split_offices``: one item of a unit list that still holds several offices, because the
  line breaks of a table cell were dropped. It is split only where a firm ending (局, 委, 办,
  中心 …) is followed by the start of another office (a level 市/区/县, or 有关) and that
  office ends like one: 县林业局县水利局 splits, 县委统战部 and 东方大学园区图书馆
  do not.
- ``read_offices``: text in which the cells themselves ran together (a table flattened with
  no delimiter). Offices are read one after another as long as the text reads as offices:
  each ends with an office ending (园, 区 and 街道 too), none is cut inside a word that holds an
  ending (园区, 委员会, 办事处), none starts with a word that only continues a name (管委会,
  分局), and the run stops at a digit, at punctuation, or where a statement opens (推进…).
  Of the readings that cover the run, the one with most offices wins: 开发区工业园 is two.

The words are data: ``extract/data/offices.toml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .brackets import CLOSERS, OPENERS, depth_after
from .lexicon import load_data, longest_first

_LIST_SEPARATORS = "、,;"  # between two offices of a run
_SHORTEST = 3  # a name of two characters is a level and an ending: 市委, 区委
_LONGEST_ALIAS = 12


@dataclass(frozen=True, slots=True)
class OfficeRules:
    """Endings, starts and continuations of office names (see data/offices.toml)."""

    firm_endings: tuple[str, ...]
    endings: tuple[str, ...]
    starts: tuple[str, ...]
    item_starts: tuple[str, ...]  # the starts of another office within one list item
    attached: tuple[str, ...]
    committees: tuple[str, ...]
    never: frozenset[str]
    longest: int
    # Every ending and continuation of more than one character: no name is cut inside one.
    whole_words: tuple[str, ...]


@cache
def office_rules() -> OfficeRules:
    """The rules for telling run-together office names apart."""
    data = load_data("offices.toml")

    endings = longest_first(data["endings"])
    attached = longest_first(data["attached"])
    return OfficeRules(
        firm_endings=longest_first(data["firm_endings"]),
        endings=endings,
        starts=longest_first(data["starts"]),
        item_starts=longest_first([s for s in data["starts"] if s not in data["not_within_item"]]),
        attached=attached,
        committees=tuple(data["committees"]),
        never=frozenset(data["never"]),
        longest=int(data["longest"]),
        whole_words=tuple(w for w in (*endings, *attached) if len(w) > 1),
    )


def split_offices(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The offices of one list item ``text[start:end]``: the item itself unless offices run
    together in it.

    >>> t = "县林业局县水利局"
    >>> [t[s:e] for s, e in split_offices(t, 0, len(t))]
    ['县林业局', '县水利局']
    >>> t = "县委统战部"
    >>> [t[s:e] for s, e in split_offices(t, 0, len(t))]
    ['县委统战部']
    """
    rules = office_rules()
    # Two offices need five characters (市委市政府) and a start after the first two.
    if end - start < 2 + _SHORTEST or not any(
        text.find(s, start + 2, end) != -1 for s in rules.item_starts
    ):
        return [(start, end)]
    cuts = [start]
    depth = 0
    for i in range(start, end):
        depth = depth_after(depth, text[i])
        cut = i + 1
        if depth or cut - cuts[-1] < 2 or end - cut < _SHORTEST:
            continue
        if (
            _ends_with(text, cuts[-1], _name_end(text, cuts[-1], cut), rules.firm_endings)
            and _starts_another(text, cut, end, rules)
            and not _inside_whole_word(text, cut, rules)
        ):
            cuts.append(cut)
    pieces = list(zip(cuts, [*cuts[1:], end], strict=True))
    # A last piece that does not end like an office was no office of its own.
    while len(pieces) > 1 and not _ends_like_office(text, *pieces[-1], rules.endings):
        last = pieces.pop()
        pieces[-1] = (pieces[-1][0], last[1])
    return pieces


def read_offices(
    text: str, start: int, end: int, openers: Sequence[str] = ()
) -> list[tuple[int, int]]:
    """Offices read one after another from ``text[start:end]``, where a table lost its
    delimiters; empty when the text there does not start with an office. The run ends at a
    digit, punctuation or ``end``, or before one of ``openers`` that opens a statement.

    >>> t = "开发区管委会工业园各街道2"
    >>> [t[s:e] for s, e in read_offices(t, 0, len(t))]
    ['开发区管委会', '工业园', '各街道']
    """
    rules = office_rules()
    stop = start
    while stop < end and (text[stop] not in rules.never or text[stop] in _LIST_SEPARATORS):
        stop += 1
    # best[i]: the most offices that cover text[start:i], as (start, end) pairs.
    best: dict[int, tuple[tuple[int, int], ...]] = {start: ()}
    for i in range(start, stop):
        if i not in best or (i > start and text.startswith(tuple(openers), i)):
            continue
        pieces = best[i]
        first = i + 1 if pieces and text[i] in _LIST_SEPARATORS else i
        if pieces and not _may_follow(text, pieces[-1], first, rules):
            continue
        for j in range(first + 2, min(stop, first + rules.longest) + 1):
            if not _is_office(text, first, j, rules, openers):
                continue
            j_end = _after_alias(text, j, stop)
            if j_end not in best or len(pieces) + 1 > len(best[j_end]):
                best[j_end] = (*pieces, (first, j_end))
    reachable = sorted(i for i in best if i > start)
    if not reachable:
        return []
    statement = [i for i in reachable if openers and text.startswith(tuple(openers), i)]
    return list(best[statement[0] if statement else reachable[-1]])


def _is_office(text: str, start: int, end: int, rules: OfficeRules, openers: Sequence[str]) -> bool:
    name = text[start:end]
    if any(c in rules.never or c in OPENERS or c in CLOSERS for c in name):
        return False
    if not _ends_with(text, start, end, rules.endings) or _inside_whole_word(text, end, rules):
        return False
    if name.startswith(rules.attached) or name.startswith(tuple(openers)):
        return False
    # Two characters: a level and an ending (市委), or an ending that is a name (妇联).
    return len(name) >= _SHORTEST or name.startswith(_levels(rules)) or name in rules.endings


def _may_follow(text: str, previous: tuple[int, int], start: int, rules: OfficeRules) -> bool:
    """Whether an office may start at ``start`` after the office ``previous``: never inside
    a word, and after a bare committee (市委) only with a level (市委市政府)."""
    if _inside_whole_word(text, start, rules):
        return False
    before = text[previous[0] : previous[1]]
    if len(before) == 2 and before.endswith(rules.committees):
        return text.startswith(_levels(rules), start)
    return True


def _levels(rules: OfficeRules) -> tuple[str, ...]:
    return tuple(s for s in rules.starts if len(s) == 1)


def _starts_another(text: str, at: int, end: int, rules: OfficeRules) -> bool:
    """Whether another office starts at ``at``: a level or placeholder start, not a word that
    only continues a name, and an office ending somewhere before ``end``."""
    if not text.startswith(rules.item_starts, at) or text.startswith(rules.attached, at):
        return False
    return any(
        _ends_with(text, at, stop, rules.endings)
        for stop in range(at + 2, min(end, at + rules.longest) + 1)
    )


def _ends_with(text: str, start: int, end: int, endings: tuple[str, ...]) -> bool:
    return any(text.endswith(e, start, end) and end - start > len(e) - 1 for e in endings)


def _ends_like_office(text: str, start: int, end: int, endings: tuple[str, ...]) -> bool:
    return _ends_with(text, start, _name_end(text, start, end), endings)


def _name_end(text: str, start: int, end: int) -> int:
    """Where a name ends before an alias in brackets that closes it (财务处(审计处))."""
    if end > start and text[end - 1] in CLOSERS:
        opened = max(text.rfind(o, start, end) for o in OPENERS)
        if opened > start:
            return opened
    return end


def _inside_whole_word(text: str, at: int, rules: OfficeRules) -> bool:
    """Whether position ``at`` falls inside an ending or continuation word (委|员会, 园|区)."""
    for word in rules.whole_words:
        for offset in range(1, len(word)):
            if text.startswith(word, at - offset):
                return True
    return False


def _after_alias(text: str, at: int, end: int) -> int:
    """Past an alias in brackets right after a name (工业园(某镇)), else ``at``."""
    if at < end and text[at] in OPENERS:
        for i in range(at + 1, min(end, at + _LONGEST_ALIAS)):
            if text[i] in CLOSERS:
                return i + 1
            if text[i] in OPENERS:
                break
    return at
