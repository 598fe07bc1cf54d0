"""Keep of a graph only the facts a gold scorer reads (tests/data/evaluation/ holds these).

    .venv/bin/python tools/core_facts.py out/graph.ttl > tests/data/evaluation/NAME.ttl

Tasks with their titles and numbers; their units with every name and whether they are
placeholders; their targets' comparators, values, units and implied flags; the names of the
programmes and policy documents they involve. All in the core vocabulary (ONTOLOGY.md), so a
snapshot scores exactly as the whole graph does, at a fifth of its size.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph.query import load_graph, run_query
from output.serialize import serialize_graph

CORE_FACTS = """
CONSTRUCT {
  ?t a pk:Task ; skos:prefLabel ?title ; rdfs:label ?label ; skos:notation ?number ;
     pk:responsibleParty ?u ; pk:leadParty ?lead ; pk:hasTarget ?x ;
     pk:involvesProgramme ?p ; pk:involvesPolicyDocument ?d .
  ?u a ?kind ; skos:prefLabel ?name ; skos:altLabel ?alias .
  ?x pk:comparator ?c ; schema:value ?v ; schema:minValue ?lo ; schema:maxValue ?hi ;
     schema:unitText ?unit ; pk:valueImplied ?implied .
  ?p skos:prefLabel ?pname ; rdfs:label ?plabel .
  ?d dcterms:title ?dtitle ; skos:prefLabel ?dname .
} WHERE {
  ?t a pk:Task .
  { OPTIONAL { ?t skos:prefLabel ?title } OPTIONAL { ?t rdfs:label ?label }
    OPTIONAL { ?t skos:notation ?number } }
  UNION { ?t pk:responsibleParty ?u . OPTIONAL { ?t pk:leadParty ?lead FILTER (?lead = ?u) }
          OPTIONAL { ?u a ?kind FILTER (?kind = pk:GenericPartyReference) }
          OPTIONAL { ?u skos:prefLabel ?name } OPTIONAL { ?u skos:altLabel ?alias } }
  UNION { ?t pk:leadParty ?u . OPTIONAL { ?u skos:prefLabel ?name }
          OPTIONAL { ?u skos:altLabel ?alias } BIND (?u AS ?lead) }
  UNION { ?t pk:hasTarget ?x . OPTIONAL { ?x pk:comparator ?c } OPTIONAL { ?x schema:value ?v }
          OPTIONAL { ?x schema:minValue ?lo } OPTIONAL { ?x schema:maxValue ?hi }
          OPTIONAL { ?x schema:unitText ?unit } OPTIONAL { ?x pk:valueImplied ?implied } }
  UNION { ?t pk:involvesProgramme ?p . OPTIONAL { ?p skos:prefLabel ?pname }
          OPTIONAL { ?p rdfs:label ?plabel } }
  UNION { ?t pk:involvesPolicyDocument ?d . OPTIONAL { ?d dcterms:title ?dtitle }
          OPTIONAL { ?d skos:prefLabel ?dname } }
}
"""


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    facts = run_query(load_graph(Path(argv[0])), CORE_FACTS).graph
    assert facts is not None
    sys.stdout.write(serialize_graph(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
