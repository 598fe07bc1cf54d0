"""The office × section matrix: how many tasks each office answers for in each section."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ontology.namespaces import PK


@dataclass(frozen=True, slots=True)
class SectionColumn:
    """A section as a column of the matrix: its number as printed and its title."""

    number: str
    title: str


@dataclass(frozen=True, slots=True)
class LoadMatrix:
    """Tasks per office (rows) and section (columns), offices in order of total load."""

    sections: tuple[SectionColumn, ...]
    offices: tuple[str, ...]
    counts: dict[tuple[str, str], int]

    def count(self, office: str, section: str) -> int:
        """Tasks of ``office`` in the section with key ``section``."""
        return self.counts.get((office, section), 0)


def load_matrix(graph: Graph) -> LoadMatrix:
    """Count the tasks of every office (not placeholders) in every top-level section."""
    columns: dict[str, tuple[int, SectionColumn]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for task in graph.subjects(RDF.type, PK.Task):
        if not isinstance(task, URIRef):
            continue
        section = _top_section(graph, task)
        if section is None:
            continue
        key = str(section)
        number = graph.value(section, PK.sectionNumber)
        order = int(number.toPython()) if isinstance(number, Literal) else 0
        columns[key] = (
            order,
            SectionColumn(
                str(graph.value(section, SKOS.notation)), str(graph.value(section, SKOS.prefLabel))
            ),
        )
        for party in set(graph.objects(task, PK.responsibleParty)):
            if (party, RDF.type, PK.GenericPartyReference) in graph:
                continue
            office = str(graph.value(party, SKOS.prefLabel))
            counts[(office, key)] += 1
            totals[office] += 1
    ordered = sorted(columns.items(), key=lambda item: (item[1][0], item[0]))
    keys = [key for key, _ in ordered]
    renamed = {(office, str(keys.index(key))): n for (office, key), n in counts.items()}
    offices = tuple(sorted(totals, key=lambda o: (-totals[o], o)))
    return LoadMatrix(tuple(column for _, (_, column) in ordered), offices, renamed)


def _top_section(graph: Graph, task: URIRef) -> URIRef | None:
    section = None
    node = graph.value(task, DCTERMS.isPartOf)
    while isinstance(node, URIRef) and (node, RDF.type, PK.Section) in graph:
        section = node
        node = graph.value(node, DCTERMS.isPartOf)
    return section
