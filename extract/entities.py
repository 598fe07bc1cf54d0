"""Organisations and places named in a task's text.

Places come from gazetteers shipped as data or installed with policykg: Chinese divisions by
GB/T 2260 code (data/places_cn.tsv), countries (pycountry), regions (data/regions.txt). Full
names always count (余姚市, 罗马尼亚); short names of provinces and cities too (浙江, 宁波); a
county's short name (余姚) only where its city appears in the document, since short names of
districts are often ordinary words elsewhere (和平, 新城).

Organisations are central bodies listed in data/organisations.toml (水利部, 人社部 = 人力资源和
社会保障部), or a name ending in an organisation word (大学, 学院, 研究院 …) built
leftwards over jieba's name-like tags: 宁波/东方/理工大学 → 宁波东方理工大学, with a qualifier
such as (暂名) kept. Generic phrases (现场工程师学院) have no proper-name tag and are skipped.

Every match lies on jieba word boundaries (the 宁波 of 宁波大学 is no place), names in quotes
are programmes rather than places, and where an organisation and a place overlap the
organisation wins.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain

from .lexicon import (
    any_of,
    countries,
    divisions,
    not_places,
    organisation_rules,
    party_rules,
    regions,
)
from .mentions import mention_regions
from .quotes import quoted_between
from .records import Cue, Field, FieldKind, Mention, MentionKind, Span
from .segmentation import Segmenter, Token, Words

_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j", "n", "s", "b", "vn"})
# Person-name tags are left out: jieba tags ordinary words such as 卓越 as names.
_PROPER_TAGS = frozenset({"ns", "nz", "nt", "j"})
_MAX_NAME_TOKENS = 5
_MIN_NAME_LENGTH = 4
_CLAUSE_BREAK = re.compile("[,;。!?:\n]")


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: MentionKind
    name: str
    key: str | None
    detail: str


class Gazetteer:
    """The names of places and organisations a document may mention, surface → entry: the
    shared names and the county short names of this document's cities."""

    def __init__(self, entries: dict[str, _Entry], counties: dict[str, _Entry]) -> None:
        self.entries, self.counties = entries, counties
        self.longest = max(map(len, chain(entries, counties)), default=0)
        self.openings = _openings(entries) | _openings(counties)

    @classmethod
    def for_document(cls, text: str) -> Gazetteer:
        """The gazetteer for one document: county short names where their city appears.

        Only the divisions that have counties are looked for, and the shared names are not
        copied: a plan's text is searched for a few hundred names, not every division."""
        base = _base_entries()
        # A name is in the text only if its first two characters are: a set of the text's
        # character pairs spares most of the scans of the whole text.
        pairs = set(map(operator.add, text, text[1:]))  # text[i : i + 2], in C
        found = sorted(
            (
                county
                for city in _cities()
                if city.named_in(text, pairs)
                for county in city.counties
            ),
            key=lambda county: county.order,
        )
        counties: dict[str, _Entry] = {}
        for county in found:  # in the gazetteer's order: the first county of a name wins
            if county.short not in base:
                counties.setdefault(county.short, county.entry)
        return cls(base, counties)

    def match(self, text: str, start: int, ends: Sequence[int]) -> tuple[int, _Entry] | None:
        """The longest name starting at ``start`` and ending on a word boundary (``ends``:
        the word ends, ascending; only they are tried, not every length)."""
        if text[start : start + 2] not in self.openings:  # a name has two characters at least
            return None
        first = bisect_right(ends, start + 1)
        last = bisect_right(ends, min(len(text), start + self.longest))
        for index in range(last - 1, first - 1, -1):
            end = ends[index]
            surface = text[start:end]
            if (entry := self.entries.get(surface) or self.counties.get(surface)) is not None:
                return end, entry
        return None


@dataclass(frozen=True, slots=True)
class _County:
    order: int  # its place among the divisions
    short: str
    entry: _Entry


@dataclass(frozen=True, slots=True)
class _City:
    """A division with counties, by the names that bring its counties' short names in."""

    name: str
    short: str | None
    counties: tuple[_County, ...]

    def named_in(self, text: str, pairs: set[str]) -> bool:
        """Whether the text (whose character pairs are ``pairs``) names this division."""
        return any(
            name is not None and name[:2] in pairs and name in text
            for name in (self.name, self.short)
        )


@cache
def _cities() -> tuple[_City, ...]:
    counties: dict[str, list[_County]] = {}
    for order, division in enumerate(divisions()):
        if division.level == "county":
            entry = _place(division.code, division.name, "county")
            counties.setdefault(division.parent, []).append(_County(order, division.short, entry))
    return tuple(
        _City(d.name, d.short if len(d.short) >= 2 else None, tuple(counties[d.code]))
        for d in divisions()
        if d.level != "county" and d.code in counties
    )


def _openings(entries: dict[str, _Entry]) -> frozenset[str]:
    """The first two characters of every name (names of one character never match)."""
    return _shared_openings() if entries is _base_entries() else frozenset(s[:2] for s in entries)


@cache
def _shared_openings() -> frozenset[str]:
    return frozenset(s[:2] for s in _base_entries())


def _place(code: str, name: str, level: str) -> _Entry:
    return _Entry(MentionKind.PLACE, name, f"cn-{code}", level)


@cache
def _base_entries() -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    for name in regions():
        entries[name] = _Entry(MentionKind.PLACE, name, None, "region")
    for name, code in countries().items():
        entries[name] = _Entry(MentionKind.PLACE, name, f"iso-{code}", "country")
    for division in sorted(divisions(), key=lambda d: d.level != "province"):
        entries.setdefault(division.name, _place(division.code, division.name, division.level))
        if division.level != "county" and len(division.short) >= 2:
            entries.setdefault(division.short, _place(division.code, division.name, division.level))
    for surface, canonical in organisation_rules().aliases().items():
        entries[surface] = _Entry(MentionKind.ORGANIZATION, canonical, None, "central")
    return entries


def entity_mentions(
    text: str, title: Span, fields: Iterable[Field], segmenter: Segmenter, gazetteer: Gazetteer
) -> list[Mention]:
    """Organisations and places in a task's heading and fields (not its unit lists)."""
    mentions: list[Mention] = []
    suffixes = organisation_rules().suffixes
    for region, kind in mention_regions(title, fields):
        words = segmenter.words(region.text, region.start)
        quoted = [q.outer for q in quoted_between(text, region.start, region.end)]
        found = _gazetteer_matches(text, words, gazetteer)
        for start, end in _clauses_with(text, region, suffixes):
            tagged = segmenter.tagged(text[start:end], start)
            found += _organisations(text, tagged)
        for mention in _without_overlaps(found):
            if not any(q.start <= mention.span.start < q.end for q in quoted):
                mentions.append(_in_field(mention, kind))
    return mentions


def _clauses_with(text: str, region: Span, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The clauses of ``region`` that contain one of ``words``: only they need tagging."""
    clauses = []
    start = region.start
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, region.start, region.end)]
    any_word = any_of(words)
    for i in (*breaks, region.end):
        if any_word.search(text, start, i):
            clauses.append((start, i))
        start = i + 1
    return clauses


def _in_field(mention: Mention, kind: FieldKind | None) -> Mention:
    return Mention(
        mention.kind,
        mention.name,
        mention.span,
        kind,
        mention.cue,
        mention.key,
        mention.kind_detail,
    )


def _gazetteer_matches(text: str, words: Words, gazetteer: Gazetteer) -> list[Mention]:
    ends = sorted(set(words.ends))
    excluded = not_places()
    openings = gazetteer.openings
    found = []
    for start in words.starts:
        # Most words open no name: asked here, before the call of match that would say so.
        if text[start : start + 2] not in openings:
            continue
        if text.startswith(excluded, start):
            continue
        matched = gazetteer.match(text, start, ends)
        if matched is not None:
            end, entry = matched
            found.append(
                Mention(
                    entry.kind,
                    entry.name,
                    Span.of(text, start, end),
                    None,
                    Cue.GAZETTEER,
                    entry.key,
                    entry.detail,
                )
            )
    return found


def _organisations(text: str, tokens: tuple[Token, ...]) -> list[Mention]:
    """Names ending in an organisation word, built leftwards over name-like tokens."""
    suffixes = organisation_rules().suffixes
    qualifiers = party_rules().name_qualifiers
    found = []
    for index, token in enumerate(tokens):
        if not token.word.endswith(suffixes):
            continue
        first = index
        while first > 0 and index - first < _MAX_NAME_TOKENS and _extends(tokens, first):
            first -= 1
        while first < index and tokens[first].tag == "vn":
            first += 1
        span_tokens = tokens[first : index + 1]
        proper = any(t.tag in _PROPER_TAGS for t in span_tokens[:-1]) or (
            token.tag in _PROPER_TAGS and len(token.word) >= _MIN_NAME_LENGTH
        )
        if not proper:
            continue
        start, end = span_tokens[0].start, token.end
        end = _with_qualifier(text, end, qualifiers)
        found.append(
            Mention(
                MentionKind.ORGANIZATION,
                text[start:end],
                Span.of(text, start, end),
                None,
                Cue.SUFFIX_RULE,
                None,
                "named",
            )
        )
    return found


def _extends(tokens: tuple[Token, ...], first: int) -> bool:
    """Whether the token before ``first`` belongs to the name: a name-like word, or a
    one-character locality such as the 中 of 中德合作大学."""
    before = tokens[first - 1]
    if before.tag in _NAME_TAGS:
        return True
    return before.tag == "f" and len(before.word) == 1 and tokens[first].tag == "ns"


def _with_qualifier(text: str, end: int, qualifiers: frozenset[str]) -> int:
    """Extend a name over a bracketed qualifier that belongs to it: …大学(暂名)."""
    if text[end : end + 1] == "(":
        close = text.find(")", end, end + 6)
        if close != -1 and text[end + 1 : close] in qualifiers:
            return close + 1
    return end


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions, organisations before places."""
    ranked = sorted(
        mentions,
        key=lambda m: (m.kind is not MentionKind.ORGANIZATION, -(m.span.end - m.span.start)),
    )
    kept: list[Mention] = []
    for mention in ranked:
        if all(mention.span.end <= k.span.start or mention.span.start >= k.span.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.span.start)
