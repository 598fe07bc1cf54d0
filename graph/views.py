"""networkx views of a policykg graph: who answers for which task."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from rdflib import Graph

from ontology.namespaces import sparql_prologue

_OWNERSHIP = (
    sparql_prologue()
    + """
SELECT ?task ?number ?title ?sectionNumber ?sectionOrdinal ?sectionTitle
       ?party ?partyLabel ?generic ?role
WHERE {
  ?task a pk:Task ; skos:notation ?number ; skos:prefLabel ?title ;
        prov:qualifiedAttribution ?r .
  ?r prov:agent ?party ; dcat:hadRole ?role .
  ?party skos:prefLabel ?partyLabel .
  BIND(EXISTS { ?party a pk:GenericPartyReference } AS ?generic)
  OPTIONAL { ?task dcterms:isPartOf ?section . ?section a pk:Section ;
             skos:notation ?sectionNumber ; pk:sectionNumber ?sectionOrdinal ;
             skos:prefLabel ?sectionTitle }
}
"""
)

_ROLE_NAMES = {"LeadRole": "lead", "SupportingRole": "supporting", "UnspecifiedRole": "unspecified"}


@dataclass(frozen=True, slots=True)
class OwnershipCounts:
    """Sizes of an ownership network."""

    offices: int
    placeholders: int
    tasks: int
    links: int


def ownership_network(graph: Graph) -> nx.DiGraph:
    """Offices and placeholders linked to the tasks they answer for.

    Nodes carry ``kind`` (office, placeholder, task), ``label`` and, for tasks, ``number``,
    ``title``, ``section`` and ``section_order``; edges carry ``role`` (lead, supporting,
    unspecified). An office's ``tasks`` attribute is its number of tasks.
    """
    network = nx.DiGraph()
    for row in graph.query(_OWNERSHIP):
        task, party = str(row.task), str(row.party)  # type: ignore[union-attr]
        section = f"{row.sectionNumber}、{row.sectionTitle}" if row.sectionNumber else ""  # type: ignore[union-attr]
        network.add_node(
            task,
            kind="task",
            number=str(row.number),  # type: ignore[union-attr]
            title=str(row.title),  # type: ignore[union-attr]
            section=section,
            section_order=int(row.sectionOrdinal or 0),  # type: ignore[union-attr]
            label=f"{row.number} {row.title}",  # type: ignore[union-attr]
        )
        kind = "placeholder" if bool(row.generic.toPython()) else "office"  # type: ignore[union-attr]
        network.add_node(party, kind=kind, label=str(row.partyLabel))  # type: ignore[union-attr]
        role = str(row.role).rsplit("#", 1)[-1]  # type: ignore[union-attr]
        network.add_edge(party, task, role=_ROLE_NAMES.get(role, "unspecified"))
    for node, data in network.nodes(data=True):
        if data["kind"] != "task":
            data["tasks"] = network.out_degree(node)
    return network


def ownership_counts(network: nx.DiGraph) -> OwnershipCounts:
    """How many offices, placeholders, tasks and links an ownership network has."""
    kinds = [data["kind"] for _, data in network.nodes(data=True)]
    return OwnershipCounts(
        offices=kinds.count("office"),
        placeholders=kinds.count("placeholder"),
        tasks=kinds.count("task"),
        links=network.number_of_edges(),
    )
