"""Who and what a document names, each decided once: a plan by its document key; an office by
its issuer and name, so one office is one node across all tasks and documents of that issuer;
a national body by its full name, whatever the plan calls it; a placeholder by its words;
programmes and policy documents by normalised name; places by their code.

``graph.resolve`` asks ``Identities`` for the office of each unit and the entity of each
mention while it turns the records into views; an office or entity keeps every name the plan
gives it, so that it is one node under all of them.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TypeVar

from extract.records import Document, Mention, MentionKind, UnitRef
from ontology.iris import IriMinter, digest, name_key
from policykg.config import BuildConfig

from .model import EntityView, OfficeKind, OfficeView, TaskView

__all__ = [
    "PLACE_KINDS",
    "UNKNOWN_ISSUER",
    "Identities",
    "document_key",
    "issuer_note",
    "text_sha256",
]

UNKNOWN_ISSUER = "未识别的发文机关"
# The kinds of place the graph tells apart (by type); every other is an administrative area.
PLACE_KINDS = ("country", "region")


def document_key(document: Document, config: BuildConfig) -> str:
    """The key of a document in IRIs: its year and a hash of its issuer and title.

    Derived from what the text says (or the overrides), never from a file name, so the same
    plan saved in another encoding or under another name gets the same IRIs. A key given in
    the configuration (a manifest's) is used as it is.
    """
    if config.key is not None:
        return config.key
    issuer = config.issuer or document.info.issuer or ""
    title = document.info.title or text_sha256(document.text)
    year = config.year or document.info.year
    return f"{year or 'undated'}-{digest(name_key(issuer) + '|' + name_key(title), 12)}"


def text_sha256(text: str) -> str:
    """The SHA-256 of a normalised text, as stored on its pk:SourceText."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def issuer_note(document: Document, config: BuildConfig) -> str | None:
    """What a reader should know when the text names no issuer (once per document)."""
    if config.issuer or document.info.issuer:
        return None
    return (
        "no issuer found in the text; its offices are scoped to this document alone "
        "(give --issuer NAME to share them across documents)"
    )


class Identities:
    """The issuer, offices and entities of one document, by IRI, each with every other name
    the plan gives it so far."""

    def __init__(self, mint: IriMinter, document: Document, issuer: str | None, sha: str) -> None:
        self.mint = mint
        self.issuer = _issuer(mint, issuer, sha)
        # The issuer's own offices (a national body is a node of its own).
        self.units = {
            u.name for t in document.tasks for u in t.units if not u.generic and u.national is None
        }
        self._offices: dict[str, OfficeView] = {}
        self._entities: dict[str, EntityView] = {}

    def office(self, unit: UnitRef) -> OfficeView:
        """The office a unit names; its other names are every alias and printed form the
        plan gives it."""
        if unit.generic:
            iri = self.mint.generic_party(self.issuer.iri, unit.name)
            office = OfficeView(iri, OfficeKind.PLACEHOLDER, unit.name)
            return self._offices.setdefault(iri, office)
        # Made with its aliases at once: dataclasses.replace costs as much as three views.
        if unit.national is not None:
            iri = self.mint.issuer(unit.national)
            names = {unit.name} - {unit.national}
            office = OfficeView(
                iri, OfficeKind.BODY, unit.national, tuple(sorted(names)), formal=True
            )
        else:
            iri = self.mint.unit(self.issuer.iri, unit.name)
            names = {n for n in (unit.alias, unit.surface.text) if n} - {unit.name}
            office = OfficeView(
                iri, OfficeKind.UNIT, unit.name, tuple(sorted(names)), issuer=self.issuer.iri
            )
        return _registered(self._offices, office)

    def entity(self, mention: Mention) -> EntityView:
        """The entity a mention names, with every name the plan gives it so far."""
        return _registered(self._entities, self._named(mention))

    def with_all_names(self, task: TaskView) -> TaskView:
        """``task`` with its offices and entities under every name the whole plan gives
        them (as the graph has them: an office is one node)."""
        offices, entities = self._offices, self._entities
        if all(p.office is offices[p.office.iri] for p in task.parties) and all(
            m.entity is entities[m.entity.iri] for m in task.mentions
        ):
            return task  # as most tasks are: replace() would copy it field by field
        parties = tuple(
            p if p.office is offices[p.office.iri] else replace(p, office=offices[p.office.iri])
            for p in task.parties
        )
        mentions = tuple(
            m if m.entity is entities[m.entity.iri] else replace(m, entity=entities[m.entity.iri])
            for m in task.mentions
        )
        return replace(task, parties=parties, mentions=mentions)

    def _named(self, mention: Mention) -> EntityView:
        """The entity a mention names, with the name it is printed under if that differs."""
        kind, name, mint = mention.kind, mention.name, self.mint
        aliases = (mention.span.text,) if mention.span.text != name else ()
        if kind is MentionKind.PROGRAMME:
            return EntityView(mint.programme(name), kind, name)
        if kind is MentionKind.POLICY_DOCUMENT:
            return EntityView(mint.policy_document(name), kind, name, detail=mention.kind_detail)
        if kind is MentionKind.ORGANIZATION:
            if name in self.units:  # it also answers for tasks: the office's node
                return EntityView(mint.unit(self.issuer.iri, name), kind, name, office=True)
            central = mention.kind_detail == "central"
            return EntityView(
                mint.issuer(name), kind, name, aliases, "central" if central else None
            )
        code = mention.key
        return EntityView(
            mint.place(code, name), kind, name, aliases,
            detail=mention.kind_detail if mention.kind_detail in PLACE_KINDS else None,
            notation=code[3:] if code and code.startswith("cn-") else None,
        )  # fmt: skip


def _issuer(mint: IriMinter, name: str | None, sha: str) -> OfficeView:
    if name is None:  # offices scoped to this document alone
        return OfficeView(
            mint.issuer(f"unknown:{sha}"), OfficeKind.BODY, UNKNOWN_ISSUER, formal=True
        )
    return OfficeView(mint.issuer(name), OfficeKind.BODY, name, formal=True)


_Named = TypeVar("_Named", OfficeView, EntityView)


def _registered(registry: dict[str, _Named], found: _Named) -> _Named:
    """The view of ``found``'s IRI, with every name given to it so far and ``found``'s."""
    known = registry.get(found.iri)
    if known is not None:
        names: tuple[str, ...] = known.aliases
        if not found.aliases or all(name in names for name in found.aliases):
            return known
        found = replace(known, aliases=tuple(sorted({*names, *found.aliases})))
    registry[found.iri] = found
    return found
