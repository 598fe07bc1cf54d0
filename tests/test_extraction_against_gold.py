"""Targets, programmes and documents of the example against the gold file, by SPARQL."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from rdflib import Graph

from graph.query import run_query

GOLD_COMPARATORS = {
    "at_least": "AtLeast",
    "more_than": "MoreThan",
    "at_most": "AtMost",
    "approx": "Approximately",
    "equal": "Equal",
    "range": "Range",
    "increase_by": "IncreaseBy",
    "decrease_by": "DecreaseBy",
}


def rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple("" if c is None else str(c) for c in r) for r in run_query(graph, query).rows]


def f1(found: Counter[Any], expected: Counter[Any]) -> float:
    hits = sum((found & expected).values())
    precision, recall = hits / sum(found.values()), hits / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def printed_targets(graph: Graph) -> list[tuple[str, Decimal, str, str]]:
    """(task, value, unit, comparator) of every target whose number is printed."""
    found = rows(
        graph,
        """SELECT ?n ?v ?unit ?cmp WHERE {
             ?t a pk:Task ; skos:notation ?n ; pk:hasTarget ?x .
             ?x pk:comparator ?c .
             OPTIONAL { ?x schema:value ?value } OPTIONAL { ?x schema:minValue ?min }
             OPTIONAL { ?x schema:maxValue ?max } OPTIONAL { ?x schema:unitText ?unit }
             FILTER NOT EXISTS { ?x pk:valueImplied true }
             BIND(COALESCE(?value, ?min, ?max) AS ?v)
             BIND(STRAFTER(STR(?c), "#") AS ?cmp) }""",
    )
    return [(n, Decimal(v).normalize(), unit, cmp) for n, v, unit, cmp in found]


def gold_targets(gold: dict[str, Any]) -> list[tuple[str, Decimal, str, str]]:
    return [
        (
            t["number"],
            Decimal(str(i["value"])).normalize(),
            i["unit"] or "",
            GOLD_COMPARATORS[i["comparator"]],
        )
        for t in gold["tasks"]
        for i in t["indicators"]
    ]


def test_target_f1_on_task_value_unit_is_at_least_095(
    example_graph: Graph, ningbo_gold: dict[str, Any]
) -> None:
    found = Counter(row[:3] for row in printed_targets(example_graph))
    expected = Counter(row[:3] for row in gold_targets(ningbo_gold))
    # Implied 100 % of 全覆盖 is left out: the gold file does not count it ([call] in its notes).
    assert sum(expected.values()) == 114
    assert f1(found, expected) >= 0.95, (found - expected, expected - found)


def test_comparators_agree_on_at_least_90_percent_of_matched_targets(
    example_graph: Graph, ningbo_gold: dict[str, Any]
) -> None:
    gold = Counter(gold_targets(ningbo_gold))
    found = Counter(printed_targets(example_graph))
    matched_keys = Counter(k[:3] for k in gold) & Counter(k[:3] for k in found)
    agreeing = sum((gold & found).values())
    assert agreeing / sum(matched_keys.values()) >= 0.90


def test_programme_and_document_f1_are_at_least_095(
    example_graph: Graph, ningbo_gold: dict[str, Any]
) -> None:
    programmes = rows(
        example_graph,
        "SELECT DISTINCT ?n ?name WHERE { ?t skos:notation ?n ; pk:involvesProgramme ?p ."
        " ?p skos:prefLabel ?name }",
    )
    documents = rows(
        example_graph,
        "SELECT DISTINCT ?n ?title WHERE { ?t skos:notation ?n ; pk:involvesPolicyDocument ?d ."
        " ?d dcterms:title ?title }",
    )
    tasks = ningbo_gold["tasks"]
    expected_programmes = Counter((t["number"], p) for t in tasks for p in t["programmes"])
    expected_documents = Counter((t["number"], d) for t in tasks for d in t["documents"])
    assert f1(Counter(programmes), expected_programmes) >= 0.95
    assert f1(Counter(documents), expected_documents) >= 0.95


def test_full_coverage_targets_are_marked_implied(example_graph: Graph) -> None:
    found = rows(
        example_graph,
        "SELECT ?n ?metric ?v WHERE { ?t skos:notation ?n ; pk:hasTarget ?x ."
        " ?x pk:comparator pk:FullCoverage ; pk:valueImplied true ; pk:metricText ?metric ;"
        ' schema:value ?v ; schema:unitText "%" }',
    )
    assert sorted((n, m, format(Decimal(v), "f").removesuffix(".0")) for n, m, v in found) == [
        ("1", "党组织书记培训", "100"),
        ("1", "文明校园、平安学校创建活动", "100"),
        ("26", "专职心理教师专题培训和中小学其他教师普通培训", "100"),
        ("26", "义务教育阶段学生脊柱筛查", "100"),
        ("30", "校园安全网格化", "100"),
    ]


def test_targets_an_office_is_accountable_for_come_with_their_sentence(
    example_graph: Graph,
) -> None:
    found = rows(
        example_graph,
        """SELECT ?metric ?min ?unit ?quote WHERE {
             ?o skos:prefLabel "高教处"@zh . ?t pk:responsibleParty ?o ; pk:hasTarget ?x .
             ?x pk:metricText ?metric ; schema:minValue ?min ; schema:unitText ?unit ;
                pk:comparator pk:AtLeast ; pk:evidence/oa:hasSelector/oa:exact ?quote .
             FILTER(?unit = "元") }""",
    )
    assert sorted((m, int(Decimal(v)), u, q) for m, v, u, q in found) == [
        ("研发投入", 2000000000, "元", "研发投入突破20亿元"),
        ("高校科研经费", 1500000000, "元", "高校科研经费突破15亿元"),
    ]


def test_policy_documents_carry_their_planned_action_and_type(example_graph: Graph) -> None:
    found = rows(
        example_graph,
        """SELECT ?n ?title ?verb ?action ?type WHERE {
             ?t skos:notation ?n ; pk:hasDocumentAction ?a .
             ?a schema:object ?d ; pk:actionCue ?verb ; pk:actionType ?at .
             ?d dcterms:title ?title ; dcterms:type ?dt .
             BIND(STRAFTER(STR(?at), "#") AS ?action) BIND(STRAFTER(STR(?dt), "#") AS ?type)
             FILTER(?n IN ("16", "21")) }""",
    )
    assert sorted(found) == sorted(
        [
            (
                "16",
                "宁波市打造中东欧国家教育合作高地建设行动计划",
                "制定",
                "Formulate",
                "ActionPlan",
            ),
            ("16", "宁波市推进教育对外开放高质量发展行动计划", "制定", "Formulate", "ActionPlan"),
            ("21", "宁波教育数字化三年行动方案", "制定", "Formulate", "ActionPlan"),
            ("21", "宁波市教育信息化项目管理办法", "制定", "Formulate", "Measures"),
        ]
    )


def test_organisations_and_places_of_task_12_and_7(example_graph: Graph) -> None:
    organisations = rows(
        example_graph,
        'SELECT DISTINCT ?name WHERE { ?t skos:notation "12" ; pk:mentionsOrganization ?o .'
        " ?o skos:prefLabel ?name }",
    )
    places = rows(
        example_graph,
        'SELECT DISTINCT ?name ?code WHERE { ?t skos:notation "7" ; pk:mentionsPlace ?p .'
        " ?p skos:prefLabel ?name ; skos:notation ?code }",
    )
    assert {name for (name,) in organisations} >= {
        "宁波大学",
        "宁波东方理工大学(暂名)",
        "教育部",
        "国科大宁波材料工程学院",
        "宁波诺丁汉大学",
    }
    assert sorted(places) == sorted(
        [
            ("宁波市", "330200"),
            ("余姚市", "330281"),
            ("慈溪市", "330282"),
            ("宁海县", "330226"),
            ("象山县", "330225"),
        ]
    )
