"""Units a plan makes answerable for every task at once: 「以下各项工作均需各县、区人民政府
(管委会)落实,不再列出」.

Such a sentence stands in the preamble or inside the first task's bracket; from where it is
stated on, every task gets its units (usually a placeholder: they name no particular office)
beside the ones it lists. A sentence is a rule when it holds a marker that the units are not
listed again (不再列出), or opens with a scope word (以下) and uses a connective of 均 (均需,
均由); its units run from the connective to the verb that closes the clause. The words are
data: ``[global_units]`` in ``extract/data/parties.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .brackets import CLOSERS, OPENERS, split_outside_brackets
from .lexicon import alternation, load_data, longest_first, party_rules
from .parties import read_units, reads_as_units
from .records import Role, Span, UnitRef

_SENTENCE_ENDS = "。;\n"


@dataclass(frozen=True, slots=True)
class GlobalUnits:
    """One rule: the sentence that states it and the units it makes answerable."""

    statement: Span
    units: tuple[UnitRef, ...]


@dataclass(frozen=True, slots=True)
class _Words:
    markers: tuple[str, ...]
    scope_words: tuple[str, ...]
    connectives: tuple[str, ...]
    verbs: tuple[str, ...]
    role_phrases: dict[str, str]


@cache
def _words() -> _Words:
    data = load_data("parties.toml")["global_units"]

    return _Words(
        longest_first(data["markers"]),
        longest_first(data["scope_words"]),
        longest_first(data["connectives"]),
        longest_first(data["verbs"]),
        dict(sorted(data["role_phrases"].items(), key=lambda p: -len(p[0]))),
    )


@cache
def _cues() -> re.Pattern[str]:
    words = _words()
    return re.compile(alternation((*words.markers, *words.scope_words)))


def read_global_units(text: str) -> tuple[GlobalUnits, ...]:
    """Every rule in ``text`` that makes units answerable for all the tasks after it.

    >>> t = "一、任务\\n1.治理。(市环保局牵头。以下各项工作均需各县(区)政府落实,不再列出。)"
    >>> [(g.statement.text, [u.name for u in g.units]) for g in read_global_units(t)]
    [('以下各项工作均需各县(区)政府落实,不再列出', ['各县(区)政府'])]
    """
    found: dict[int, GlobalUnits] = {}
    # Only the sentences around a marker or a scope word are read: a long plan has few.
    for cue in _cues().finditer(text):
        sentence_start = max(text.rfind(c, 0, cue.start()) for c in _SENTENCE_ENDS) + 1
        ends = [e for c in _SENTENCE_ENDS if (e := text.find(c, cue.end())) != -1]
        for start, end in _sentences(text, sentence_start, min(ends, default=len(text))):
            if start not in found and is_global_rule(text[start:end]):
                units = _units(text, start, end)
                if units:
                    found[start] = GlobalUnits(Span.of(text, start, end), tuple(units))
    return tuple(found[start] for start in sorted(found))


def is_global_rule(sentence: str) -> bool:
    """Whether a sentence makes units answerable for every task after it.

    >>> is_global_rule("以下均由各镇(街道)负责落实"), is_global_rule("各县负责落实")
    (True, False)
    """
    words = _words()
    if any(marker in sentence for marker in words.markers):
        return True
    opened = sentence.lstrip(OPENERS + " ")
    return opened.startswith(words.scope_words) and any(
        c in opened for c in words.connectives if c[0] in "均都"
    )


def global_rule_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences between ``start`` and ``end`` that state a rule (to be read apart)."""
    return [(s, e) for s, e in _sentences(text, start, end) if is_global_rule(text[s:e])]


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentences split at 。; and line ends, inside brackets too (a rule often stands in the
    first task's bracket), trimmed of the brackets at their edges."""
    piece = start
    for stop in [*(i for i in range(start, end) if text[i] in _SENTENCE_ENDS), end]:
        first, last = piece, stop
        piece = stop + 1
        while first < last and (text[first] in OPENERS or text[first].isspace()):
            first += 1
        while last > first and (text[last - 1] in CLOSERS or text[last - 1].isspace()):
            last -= 1
        if first < last:
            yield first, last


def _units(text: str, start: int, end: int) -> list[UnitRef]:
    """The units of a rule's sentence: between the connective and the verb of its clause, or
    before a phrase that gives their part (各区政府均为责任单位)."""
    words, verbs = _words(), party_rules().bracket_verbs
    units: list[UnitRef] = []
    for clause_start, clause_end in split_outside_brackets(
        text, start, end, lambda i: text[i] in ","
    ):
        clause = text[clause_start:clause_end].rstrip()
        phrase = next((p for p in words.role_phrases if clause.endswith(p)), None)
        if phrase is not None:
            list_end = clause_start + len(clause) - len(phrase)
            role = Role(words.role_phrases[phrase])
            units += _named(read_units(text, Span.of(text, clause_start, list_end), role))
            continue
        verb = next((v for v in words.verbs if clause.endswith(v)), None)
        if verb is None:
            continue
        list_end = clause_start + len(clause) - len(verb)
        found = [
            (at, c) for c in words.connectives if (at := text.find(c, clause_start, list_end)) != -1
        ]
        if not found:
            continue
        at, connective = min(found, key=lambda f: (f[0], -len(f[1])))
        role = Role(verbs.get(verb, Role.UNSPECIFIED.value))
        units += _named(read_units(text, Span.of(text, at + len(connective), list_end), role))
    return units


def _named(units: list[UnitRef]) -> list[UnitRef]:
    """The units of a clause where they read as units: 以下各项工作均需在年底前完成 names none."""
    return units if reads_as_units(units) else []
