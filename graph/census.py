"""Counting what a stream of triples holds, as it passes: a build's summary line.

A graph too large to keep can still be summed up: the census takes every triple a Turtle file
is written from (or a store is read back through) and counts nodes by type, the nodes of some
types, and the triples and distinct objects of some predicates. Shared triples come once, so
each type is counted per node.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ontology.namespaces import OA, ORG, PK, RDF

from .triples import predicate_object_pairs

__all__ = ["COUNT_QUERIES", "Census", "GraphCounts"]

_RDF_TYPE = str(RDF.type)
_TEXT_SPAN, _POSITION, _QUOTE = (
    str(PK.TextSpan),
    str(OA.TextPositionSelector),
    str(OA.TextQuoteSelector),
)


@dataclass(frozen=True, slots=True)
class GraphCounts:
    """What a graph holds, as a build's summary line says it."""

    documents: int
    sections: int
    tasks: int
    offices: int
    placeholders: int
    responsibilities: int
    targets: int
    programmes: int
    policy_documents: int
    organisations: int
    places: int


# The same counts as SPARQL (?x the counted thing), for a store too large to stream.
_COUNTED = {
    "documents": "?x a pk:WorkPlan",
    "sections": "?x a pk:Section",
    "tasks": "?x a pk:Task",
    "offices": "?t pk:responsibleParty ?x . ?x a org:Organization",
    "placeholders": "?t pk:responsibleParty ?x . ?x a pk:GenericPartyReference",
    "responsibilities": "?t pk:responsibleParty ?o . BIND(CONCAT(STR(?t), ' ', STR(?o)) AS ?x)",
    "targets": "?x a pk:Target",
    "programmes": "?t pk:involvesProgramme ?x",
    "policy_documents": "?t pk:involvesPolicyDocument ?x",
    "organisations": "?t pk:mentionsOrganization ?x",
    "places": "?t pk:mentionsPlace ?x",
}
COUNT_QUERIES = {
    name: f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"
    for name, where in _COUNTED.items()
}
_MEMBERS = (str(ORG.Organization), str(PK.GenericPartyReference))
_LINKS = (
    str(PK.responsibleParty),
    str(PK.involvesProgramme),
    str(PK.involvesPolicyDocument),
    str(PK.mentionsOrganization),
    str(PK.mentionsPlace),
)


class Census:
    """What a stream of triples holds, counted as it passes (a graph too large to keep can
    still be summed up): nodes by type, the nodes of some types, and the triples and distinct
    objects of some predicates. Shared triples come once, so each type is counted per node."""

    def __init__(
        self, members_of: Iterable[str] = _MEMBERS, objects_of: Iterable[str] = _LINKS
    ) -> None:
        self.types: Counter[str] = Counter()
        self.members: dict[str, set[str]] = {t: set() for t in members_of}
        self.objects: dict[str, set[str]] = {p: set() for p in objects_of}
        self.links: Counter[str] = Counter()

    def take(self, s: str, p: str, o: object) -> None:
        """Count one triple."""
        self.take_node(s, (p, o))

    def take_node(self, s: str, pairs: Sequence[Any]) -> None:
        """Count the triples of one node, its predicates and objects flat (``add_node``)."""
        # One loop, not a call of take a triple: a worker counts every triple it writes.
        types, members, objects, links = self.types, self.members, self.objects, self.links
        for predicate, o in predicate_object_pairs(pairs):
            p = str(predicate)  # an rdflib URIRef is never equal to a str
            if p == _RDF_TYPE:
                kind = str(o)
                types[kind] += 1
                if kind in members:
                    members[kind].add(str(s))
            elif p in objects:
                objects[p].add(str(o))
                links[p] += 1

    def take_census(self, other: Census) -> None:
        """Count what another census counted: a stream of other graphs, none of whose
        documents, sections, tasks, targets or links this one counted (the graphs of a new
        store, one per document, counted by the workers that wrote them)."""
        self.types.update(other.types)
        self.links.update(other.links)
        for kind, members in other.members.items():
            self.members.setdefault(kind, set()).update(members)
        for predicate, objects in other.objects.items():
            self.objects.setdefault(predicate, set()).update(objects)

    def take_evidence(self) -> None:
        """Count the three typed nodes of one evidence span (graph.triples.Evidence)."""
        self.types[_TEXT_SPAN] += 1
        self.types[_POSITION] += 1
        self.types[_QUOTE] += 1

    def counts(self) -> GraphCounts:
        """The summary of what passed."""
        parties = self.objects[str(PK.responsibleParty)]
        return GraphCounts(
            documents=self.types[str(PK.WorkPlan)],
            sections=self.types[str(PK.Section)],
            tasks=self.types[str(PK.Task)],
            offices=len(parties & self.members[str(ORG.Organization)]),
            placeholders=len(parties & self.members[str(PK.GenericPartyReference)]),
            responsibilities=self.links[str(PK.responsibleParty)],
            targets=self.types[str(PK.Target)],
            programmes=len(self.objects[str(PK.involvesProgramme)]),
            policy_documents=len(self.objects[str(PK.involvesPolicyDocument)]),
            organisations=len(self.objects[str(PK.mentionsOrganization)]),
            places=len(self.objects[str(PK.mentionsPlace)]),
        )
