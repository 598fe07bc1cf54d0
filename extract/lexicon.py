"""The dictionaries extraction reads, loaded from data files in ``extract/data/``.

Nothing is loaded at import time: each loader reads its file on first call and caches it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from policykg.errors import InputError

from .records import FieldKind


def load_data(name: str) -> dict[str, Any]:
    """The TOML data file ``extract/data/{name}``, parsed."""
    try:
        raw = resources.files("extract").joinpath("data", name).read_text(encoding="utf-8")
        return tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"dictionary extract/data/{name} cannot be read: {exc}") from exc


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` longest first: the order alternatives are tried in, so 底前 wins over 底."""
    return tuple(sorted(words, key=len, reverse=True))


@cache
def field_labels() -> dict[str, FieldKind]:
    """Field label as written → what the field says (问题描述 → problem)."""
    table = load_data("fields.toml")["labels"]
    try:
        return {label: FieldKind(kind) for label, kind in table.items()}
    except ValueError as exc:
        choices = ", ".join(k.value for k in FieldKind)
        raise InputError(f"extract/data/fields.toml: {exc}; choose one of: {choices}") from exc


@cache
def decimal_quantity_words() -> tuple[str, ...]:
    """Words after digits that make ``N.digits`` a decimal quantity, not a heading glued to
    its text (1.2万个, 3.5%; but 11.121人才梯队项目, 3.5G网络)."""
    return tuple(
        sorted(load_data("fields.toml")["headings"]["decimal_words"], key=len, reverse=True)
    )


@dataclass(frozen=True, slots=True)
class GoalRules:
    """How goal blocks are recognised (see data/fields.toml, [goals])."""

    goal_words: tuple[str, ...]
    goal_labels: tuple[str, ...]


@cache
def goal_rules() -> GoalRules:
    """The words of goal headings and the labels of goal lines."""
    data = load_data("fields.toml")
    return GoalRules(
        goal_words=tuple(data["goals"]["title_words"]),
        goal_labels=tuple(sorted(data["goals"]["labels"], key=len, reverse=True)),
    )


@dataclass(frozen=True, slots=True)
class PartyRules:
    """How the items of a responsible-unit list are read (see data/parties.toml)."""

    separators: tuple[str, ...]
    trailing_etc: tuple[str, ...]
    placeholder_prefixes: tuple[str, ...]
    placeholder_infixes: tuple[str, ...]
    name_qualifiers: frozenset[str]
    admin_levels: tuple[str, ...]
    bracket_verbs: dict[str, str]
    joint_lead: tuple[str, ...]
    bracket_blockers: tuple[str, ...]
    blocker_free_words: tuple[str, ...]
    unit_suffixes: tuple[str, ...]


@cache
def party_rules() -> PartyRules:
    """The rules for splitting and classifying responsible units."""
    data = load_data("parties.toml")
    return PartyRules(
        separators=tuple(data["separators"]),
        trailing_etc=tuple(sorted(data["trailing_etc"], key=len, reverse=True)),
        placeholder_prefixes=tuple(data["placeholder_prefixes"]),
        placeholder_infixes=tuple(data["placeholder_infixes"]),
        name_qualifiers=frozenset(data["name_qualifiers"]),
        admin_levels=tuple(data["admin_levels"]),
        bracket_verbs=dict(sorted(data["bracket_verbs"].items(), key=lambda v: -len(v[0]))),
        joint_lead=tuple(data["brackets"]["joint_lead"]),
        bracket_blockers=tuple(data["brackets"]["blockers"]),
        blocker_free_words=tuple(data["brackets"]["blocker_free_words"]),
        unit_suffixes=tuple(sorted(data["unit_suffixes"], key=len, reverse=True)),
    )


def alternation(words: Iterable[str]) -> str:
    """A regular expression's text matching any of ``words``, literally, tried in the order
    given (``longest_first`` when one word begins another).

    >>> alternation(longest_first(("底", "年", "底前")))
    '底前|底|年'
    """
    return "|".join(map(re.escape, words))


@cache
def any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One search for any of ``words`` (none: a search that finds nothing): a passage is
    read once in C, not once a word."""
    return re.compile(alternation(words) if words else "(?!)")


@cache
def boilerplate_markers() -> tuple[str, ...]:
    """Substrings that mark a line as website boilerplate, not plan text."""
    return tuple(load_data("boilerplate.toml")["markers"])


@dataclass(frozen=True, slots=True)
class IdentityRules:
    """Words that reveal a document's issuer and title (see data/identity.toml)."""

    issuer_suffixes: tuple[str, ...]
    issuer_followers: tuple[str, ...]
    title_suffixes: tuple[str, ...]
    lede_kinds: tuple[str, ...]
    lede_openers: tuple[str, ...]
    file_suffixes: tuple[str, ...]


@cache
def identity_rules() -> IdentityRules:
    """The rules for reading a document's issuer, title and year."""
    data = load_data("identity.toml")
    return IdentityRules(
        issuer_suffixes=longest_first(data["issuer_suffixes"]),
        issuer_followers=longest_first(data["issuer_followers"]),
        title_suffixes=longest_first(data["title_suffixes"]),
        lede_kinds=longest_first(data["lede_kinds"]),
        lede_openers=longest_first(data["lede_openers"]),
        file_suffixes=longest_first(data["file_suffixes"]),
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
    rates: tuple[str, ...]
    measurement_units: frozenset[str]
    full_coverage: tuple[str, ...]
    threshold_words: tuple[str, ...]
    qualifier_comparators: frozenset[str]
    ages: frozenset[str]
    qualifier_linkers: tuple[str, ...]
    qualifier_frames: tuple[str, ...]
    condition_ends: tuple[str, ...]
    consequences: tuple[str, ...]
    # The prefix cues by their first character: a number's window is scanned position by
    # position, and at most positions no cue starts.
    prefix_cues_by_first: dict[str, tuple[tuple[str, str], ...]]


@cache
def quantity_rules() -> QuantityRules:
    """The rules for reading quantities and their comparators."""
    data = load_data("quantities.toml")
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
        rates=tuple(data["rates"]),
        measurement_units=frozenset(data["measurement_units"]),
        full_coverage=longest_first(data["full_coverage"]),
        threshold_words=longest_first(data["qualifiers"]["threshold_words"]),
        qualifier_comparators=frozenset(data["qualifiers"]["comparators"]),
        ages=frozenset(data["qualifiers"]["ages"]),
        qualifier_linkers=tuple(data["qualifiers"]["linkers"]),
        qualifier_frames=tuple(data["qualifiers"]["frames"]),
        condition_ends=tuple(data["conditions"]["clause_ends"]),
        consequences=longest_first(data["conditions"]["consequences"]),
        prefix_cues_by_first=_by_first_character(dict(data["prefix_cues"])),
    )


def quantity_words() -> tuple[tuple[str, str], ...]:
    """The words the quantity rules read whole, with the part of speech jieba should give
    them: measure words (q), cues before a number (v), after it (f), 全覆盖 (v). Segmentation
    keeps them as words, so a cue away from its number is found on word boundaries."""
    rules = quantity_rules()
    tagged = [(word, "q") for word in rules.units]
    tagged += [(word, "v") for word in (*rules.prefix_cues, *rules.full_coverage)]
    tagged += [(word, "f") for word in rules.suffix_cues]
    return tuple((word, tag) for word, tag in tagged if len(word) > 1)


def _by_first_character(cues: dict[str, str]) -> dict[str, tuple[tuple[str, str], ...]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for cue, name in cues.items():
        grouped.setdefault(cue[0], []).append((cue, name))
    return {first: tuple(pairs) for first, pairs in grouped.items()}


@dataclass(frozen=True, slots=True)
class DocumentRules:
    """Types of policy documents by title ending and the verbs acting on them."""

    types: dict[str, str]
    actions: dict[str, str]


@cache
def document_rules() -> DocumentRules:
    """The rules for typing policy documents and reading planned actions on them."""
    data = load_data("documents.toml")
    return DocumentRules(types=dict(data["types"]), actions=dict(data["actions"]))


@dataclass(frozen=True, slots=True)
class OrganisationRules:
    """Name endings of organisations, and central bodies with their other names."""

    suffixes: tuple[str, ...]
    central: dict[str, tuple[str, ...]]

    def aliases(self) -> dict[str, str]:
        """Every name in use → the canonical name."""
        table = {name: name for name in self.central}
        for name, others in self.central.items():
            table.update(dict.fromkeys(others, name))
        return table


@cache
def organisation_rules() -> OrganisationRules:
    """The rules and lists for recognising organisations."""
    data = load_data("organisations.toml")
    return OrganisationRules(
        suffixes=tuple(sorted(data["suffixes"], key=len, reverse=True)),
        central={name: tuple(others) for name, others in data["central"].items()},
    )


@dataclass(frozen=True, slots=True)
class Division:
    """A Chinese administrative division: GB/T 2260 code, name, short name, level, parent."""

    code: str
    name: str
    short: str
    level: str
    parent: str


@cache
def divisions() -> tuple[Division, ...]:
    """The divisions of data/places_cn.tsv."""
    try:
        raw = resources.files("extract").joinpath("data", "places_cn.tsv").read_text("utf-8")
    except OSError as exc:
        raise InputError(f"dictionary extract/data/places_cn.tsv cannot be read: {exc}") from exc
    rows = [line.split("\t") for line in raw.splitlines() if line and not line.startswith("#")]
    return tuple(
        Division(code=row[0], name=row[1], short=row[2], level=row[3], parent=row[4])
        for row in rows[1:]
    )


@cache
def regions() -> tuple[str, ...]:
    """Regions and groupings that are places (data/places.toml)."""
    return tuple(load_data("places.toml")["regions"])


@cache
def not_places() -> tuple[str, ...]:
    """Phrases in which a place name names no place: 中国特色社会主义 (data/places.toml)."""
    return tuple(load_data("places.toml")["not_places"])


@cache
def countries() -> dict[str, str]:
    """Chinese country names (official and common) → ISO 3166-1 alpha-2, from pycountry."""
    import gettext

    import pycountry

    try:
        zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:
        return {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for english in {country.name, getattr(country, "common_name", country.name)}:
            chinese = zh.gettext(english)
            if chinese != english and len(chinese) >= 2:
                names.setdefault(chinese, country.alpha_2)
    return names
