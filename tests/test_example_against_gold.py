"""The example, built and queried the way a user would, against its hand-made gold file."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from graph.query import run_query


def select(graph: Graph, query: str) -> list[tuple[str, ...]]:
    result = run_query(graph, query)
    return [tuple("" if cell is None else str(cell) for cell in row) for row in result.rows]


def test_example_has_the_ten_sections_of_the_gold_file(
    example_graph: Graph, ningbo_gold: dict[str, Any]
) -> None:
    rows = select(
        example_graph,
        "SELECT ?n ?title WHERE { ?s a pk:Section ; skos:notation ?n ; skos:prefLabel ?title ;"
        " pk:sectionNumber ?k } ORDER BY ?k",
    )
    assert rows == [(s["number"], s["title"]) for s in ningbo_gold["sections"]]


def test_example_has_the_thirty_one_tasks_with_their_titles_and_sections(
    example_graph: Graph, ningbo_gold: dict[str, Any]
) -> None:
    rows = select(
        example_graph,
        "SELECT ?n ?section ?title WHERE { ?t a pk:Task ; skos:notation ?n ;"
        " skos:prefLabel ?title ; pk:taskNumber ?k ; dcterms:isPartOf/skos:notation ?section }"
        " ORDER BY ?k",
    )
    expected = [(t["number"], t["section"], t["title"]) for t in ningbo_gold["tasks"]]
    assert len(rows) == 31
    assert rows == expected


def test_task_unit_pairs_match_the_gold_file_exactly(
    example_graph: Graph, ningbo_gold: dict[str, Any]
) -> None:
    rows = select(
        example_graph,
        "SELECT ?n ?unit WHERE { ?t a pk:Task ; skos:notation ?n ; pk:responsibleParty ?o ."
        " ?o a org:Organization ; skos:prefLabel ?unit }",
    )
    found = set(rows)
    expected = {(t["number"], u) for t in ningbo_gold["tasks"] for u in t["units"]}
    true_positives = len(found & expected)
    precision = true_positives / len(found)
    recall = true_positives / len(expected)
    f1 = 2 * precision * recall / (precision + recall)
    assert (f1, found - expected, expected - found) == (1.0, set(), set())
    assert len(expected) == 105


def test_units_keep_the_printed_order_of_the_list(
    example_graph: Graph, ningbo_gold: dict[str, Any]
) -> None:
    rows = select(
        example_graph,
        "SELECT ?n ?pos ?unit WHERE { ?t a pk:Task ; skos:notation ?n ;"
        " prov:qualifiedAttribution ?r . ?r pk:listPosition ?pos ; prov:agent ?o ."
        " ?o a org:Organization ; skos:prefLabel ?unit } ORDER BY ?n ?pos",
    )
    by_task: dict[str, list[str]] = {}
    for number, _, unit in sorted(rows, key=lambda r: (int(r[0]), int(r[1]))):
        by_task.setdefault(number, []).append(unit)
    assert by_task == {t["number"]: t["units"] for t in ningbo_gold["tasks"]}


def test_placeholders_are_generic_references_on_tasks_21_22_and_26(
    example_graph: Graph, ningbo_gold: dict[str, Any]
) -> None:
    rows = select(
        example_graph,
        "SELECT ?n ?label WHERE { ?t skos:notation ?n ; pk:responsibleParty ?p ."
        " ?p a pk:GenericPartyReference ; skos:prefLabel ?label ."
        " FILTER NOT EXISTS { ?p a org:Organization } }",
    )
    assert sorted(rows) == [("21", "各相关处室(单位)"), ("22", "各相关处室"), ("26", "各相关处室")]
    assert {t["number"] for t in ningbo_gold["tasks"] if t["collective"]} == {"21", "22", "26"}


def test_no_lead_is_recorded_because_the_example_states_none(example_graph: Graph) -> None:
    rows = select(example_graph, "SELECT ?t WHERE { ?t pk:leadParty|pk:supportingParty ?o }")
    roles = select(
        example_graph, "SELECT DISTINCT ?role WHERE { ?r a pk:Responsibility ; dcat:hadRole ?role }"
    )
    assert rows == []
    assert roles == [("https://w3id.org/policykg/ns#UnspecifiedRole",)]


def test_the_tasks_of_jijiaochu_are_its_twelve_tasks(example_graph: Graph) -> None:
    rows = select(
        example_graph,
        'SELECT ?n WHERE { ?o skos:prefLabel "基教处"@zh . ?t pk:responsibleParty ?o ;'
        " skos:notation ?n }",
    )
    assert sorted(int(n) for (n,) in rows) == [5, 6, 7, 8, 15, 16, 17, 19, 22, 23, 24, 27]


def test_zuzhichu_owns_six_tasks_and_has_its_party_committee_as_alias(
    example_graph: Graph,
) -> None:
    tasks = select(
        example_graph,
        'SELECT ?n WHERE { ?o skos:prefLabel "组织处"@zh . ?t pk:responsibleParty ?o ;'
        " skos:notation ?n }",
    )
    aliases = select(
        example_graph,
        'SELECT ?alias WHERE { ?o skos:prefLabel "组织处"@zh ; skos:altLabel ?alias }',
    )
    assert sorted(int(n) for (n,) in tasks) == [1, 2, 3, 18, 20, 27]
    assert ("机关党委",) in aliases
    assert ("组织处(机关党委)",) in aliases


def test_each_office_is_one_node_scoped_to_the_issuer(example_graph: Graph) -> None:
    rows = select(
        example_graph,
        "SELECT ?label (COUNT(DISTINCT ?o) AS ?nodes) WHERE { ?o a org:OrganizationalUnit ;"
        " skos:prefLabel ?label ; org:unitOf/skos:prefLabel ?issuer ."
        ' FILTER(STR(?issuer) = "宁波市教育局") } GROUP BY ?label',
    )
    assert len(rows) == 22
    assert {count for _, count in rows} == {"1"}


def test_plan_states_issuer_year_title_and_announced_counts(example_graph: Graph) -> None:
    rows = select(
        example_graph,
        "SELECT ?title ?issuer ?year ?sections ?tasks WHERE { ?p a pk:WorkPlan ;"
        " dcterms:title ?title ; dcterms:publisher/skos:prefLabel ?issuer ; pk:planYear ?year ;"
        " pk:declaredSectionCount ?sections ; pk:declaredTaskCount ?tasks }",
    )
    assert rows == [("宁波市教育局2024年工作要点", "宁波市教育局", "2024", "10", "31")]


def test_every_evidence_quote_is_the_exact_slice_of_the_stored_text(
    example_graph: Graph,
) -> None:
    text = select(example_graph, "SELECT ?c WHERE { ?s a pk:SourceText ; pk:content ?c }")[0][0]
    spans = select(
        example_graph,
        "SELECT ?start ?end ?exact WHERE { ?x pk:evidence ?span . ?span oa:hasSelector ?p , ?q ."
        " ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }",
    )
    links = select(example_graph, "SELECT (COUNT(*) AS ?n) WHERE { ?x pk:evidence ?span }")
    assert len(spans) == int(links[0][0])
    assert len(spans) > 274  # plan 1, sections 10, tasks 31, fields 124, units 108, and more
    assert [(s, e, x) for s, e, x in spans if text[int(s) : int(e)] != x] == []


def test_every_task_statement_and_responsibility_has_evidence(example_graph: Graph) -> None:
    rows = select(
        example_graph,
        "SELECT ?x WHERE { VALUES ?c { pk:Task pk:Section pk:Responsibility pk:ProblemStatement"
        " pk:ObjectiveStatement pk:OutcomeStatement pk:MeasureStatement } ?x a ?c ."
        " FILTER NOT EXISTS { ?x pk:evidence ?span } }",
    )
    assert rows == []


def test_the_website_footer_is_in_no_task(example_graph: Graph) -> None:
    rows = select(
        example_graph,
        "SELECT ?x WHERE { ?x rdf:value|pk:surfaceForm ?v ."
        ' FILTER(CONTAINS(STR(?v), "稿件来源")) }',
    )
    assert rows == []
