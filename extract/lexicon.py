"""The dictionaries extraction reads, loaded from data files in ``extract/data/``.

Nothing is loaded at import time: each loader reads its file on first call and caches it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from policykg.errors import InputError

from .records import FieldKind


def _load(name: str) -> dict[str, Any]:
    try:
        raw = resources.files("extract").joinpath("data", name).read_text(encoding="utf-8")
        return tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"dictionary extract/data/{name} cannot be read: {exc}") from exc


@cache
def field_labels() -> dict[str, FieldKind]:
    """Field label as written → what the field says (问题描述 → problem)."""
    table = _load("fields.toml")["labels"]
    try:
        return {label: FieldKind(kind) for label, kind in table.items()}
    except ValueError as exc:
        choices = ", ".join(k.value for k in FieldKind)
        raise InputError(f"extract/data/fields.toml: {exc}; choose one of: {choices}") from exc


@dataclass(frozen=True, slots=True)
class PartyRules:
    """How the items of a responsible-unit list are read (see data/parties.toml)."""

    separators: tuple[str, ...]
    trailing_etc: tuple[str, ...]
    placeholder_prefixes: tuple[str, ...]
    placeholder_infixes: tuple[str, ...]
    name_qualifiers: frozenset[str]


@cache
def party_rules() -> PartyRules:
    """The rules for splitting and classifying responsible units."""
    data = _load("parties.toml")
    return PartyRules(
        separators=tuple(data["separators"]),
        trailing_etc=tuple(sorted(data["trailing_etc"], key=len, reverse=True)),
        placeholder_prefixes=tuple(data["placeholder_prefixes"]),
        placeholder_infixes=tuple(data["placeholder_infixes"]),
        name_qualifiers=frozenset(data["name_qualifiers"]),
    )


@cache
def boilerplate_markers() -> tuple[str, ...]:
    """Substrings that mark a line as website boilerplate, not plan text."""
    return tuple(_load("boilerplate.toml")["markers"])


@dataclass(frozen=True, slots=True)
class IdentityRules:
    """Words that reveal a document's issuer and title (see data/identity.toml)."""

    issuer_suffixes: tuple[str, ...]
    issuer_followers: tuple[str, ...]
    title_suffixes: tuple[str, ...]
    lede_kinds: tuple[str, ...]
    lede_openers: tuple[str, ...]


@cache
def identity_rules() -> IdentityRules:
    """The rules for reading a document's issuer, title and year."""
    data = _load("identity.toml")

    def longest_first(key: str) -> tuple[str, ...]:
        return tuple(sorted(data[key], key=len, reverse=True))

    return IdentityRules(
        issuer_suffixes=longest_first("issuer_suffixes"),
        issuer_followers=longest_first("issuer_followers"),
        title_suffixes=longest_first("title_suffixes"),
        lede_kinds=longest_first("lede_kinds"),
        lede_openers=longest_first("lede_openers"),
    )


@dataclass(frozen=True, slots=True)
class QuantityRules:
    """Measure words, multipliers and comparator cues (see data/quantities.toml)."""

    units: tuple[str, ...]
    date_words: tuple[str, ...]
    multipliers: dict[str, Decimal]
    prefix_cues: dict[str, str]
    suffix_cues: dict[str, str]
    metric_leading: tuple[str, ...]
    metric_trailing: tuple[str, ...]
    count_verbs: tuple[str, ...]
    list_connectors: tuple[str, ...]


@cache
def quantity_rules() -> QuantityRules:
    """The rules for reading quantities and their comparators."""
    data = _load("quantities.toml")

    def longest_first(words: list[str]) -> tuple[str, ...]:
        return tuple(sorted(words, key=len, reverse=True))

    return QuantityRules(
        units=longest_first(data["units"]),
        date_words=longest_first(data["date_words"]),
        multipliers={k: Decimal(v) for k, v in data["multipliers"].items()},
        prefix_cues=dict(data["prefix_cues"]),
        suffix_cues=dict(data["suffix_cues"]),
        metric_leading=longest_first(data["metric"]["leading"]),
        metric_trailing=longest_first(data["metric"]["trailing"]),
        count_verbs=longest_first(data["metric"]["count_verbs"]),
        list_connectors=tuple(data["list_connectors"]),
    )
