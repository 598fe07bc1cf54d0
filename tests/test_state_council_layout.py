"""The State Council layout: numbered measures closing with their units in brackets, scored
by SPARQL against the consumption-poverty opinion's gold file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from extract.reading import read_document
from extract.records import Role
from extract.structure import parse_plan
from graph.query import load_graph, run_query
from policykg.config import BuildConfig
from policykg.pipeline import build

from .conftest import CORPUS, gold

DOCUMENT = CORPUS / "guowuyuan-consumption-poverty-alleviation-2018.txt"


@pytest.fixture(scope="module")
def opinion_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    result = build([DOCUMENT], tmp_path_factory.mktemp("opinion"), BuildConfig())
    return load_graph(result.graph_path)


@pytest.fixture(scope="module")
def opinion_gold() -> dict[str, Any]:
    return gold("guowuyuan-consumption-poverty-alleviation-2018")


def rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple("" if c is None else str(c) for c in r) for r in run_query(graph, query).rows]


def f1(found: Counter[Any], expected: Counter[Any]) -> float:
    hits = sum((found & expected).values())
    if not hits:
        return 0.0
    precision, recall = hits / sum(found.values()), hits / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def test_tasks_are_the_seventeen_measures_with_their_sections_and_titles(
    opinion_graph: Graph, opinion_gold: dict[str, Any]
) -> None:
    found = rows(
        opinion_graph,
        "SELECT ?n ?section ?title WHERE { ?t a pk:Task ; skos:notation ?n ;"
        " skos:prefLabel ?title ; dcterms:isPartOf/skos:notation ?section }",
    )
    expected = [(t["number"], t["section"], t["title"]) for t in opinion_gold["tasks"]]
    assert f1(Counter(found), Counter(expected)) == 1.0
    sections = rows(opinion_graph, "SELECT ?n WHERE { ?s a pk:Section ; skos:notation ?n }")
    assert sorted(sections) == sorted((s["number"],) for s in opinion_gold["sections"])


def test_task_unit_pairs_match_the_gold_file(
    opinion_graph: Graph, opinion_gold: dict[str, Any]
) -> None:
    # A unit is found when the party answering for the task bears its name: national
    # bodies are labelled with their full names, the printed short name kept as altLabel.
    labels = rows(
        opinion_graph,
        "SELECT ?n ?o ?label WHERE { ?t a pk:Task ; skos:notation ?n ; pk:responsibleParty ?o ."
        " ?o a org:Organization ; skos:prefLabel|skos:altLabel ?label }",
    )
    expected = Counter((t["number"], u) for t in opinion_gold["tasks"] for u in t["units"])
    names: dict[tuple[str, str], set[str]] = {}
    for number, party, label in labels:
        names.setdefault((number, party), set()).add(label)
    found = Counter(
        (number, next((n for n in sorted(ns) if (number, n) in expected), sorted(ns)[0]))
        for (number, _), ns in names.items()
    )
    assert sum(expected.values()) == 97
    assert f1(found, expected) == 1.0


def test_a_ministry_is_one_national_node_whatever_its_name(tmp_path: Path) -> None:
    other = tmp_path / "province.txt"
    other.write_text(
        "某省人民政府2025年工作要点\n一、稳增长\n(一)扩大投资。(国家发改委、省财政厅负责)\n",
        encoding="utf-8",
    )
    result = build([DOCUMENT, other], tmp_path / "out", BuildConfig())
    graph = load_graph(result.graph_path)
    nodes = rows(
        graph,
        "SELECT DISTINCT ?o WHERE { ?o skos:prefLabel|skos:altLabel ?l ."
        ' FILTER(STR(?l) IN ("发展改革委", "国家发改委")) }',
    )
    assert len(nodes) == 1
    labels = rows(
        graph, f"SELECT ?p ?a WHERE {{ <{nodes[0][0]}> skos:prefLabel ?p ; skos:altLabel ?a }}"
    )
    assert sorted(labels) == [
        ("国家发展和改革委员会", "发展改革委"),
        ("国家发展和改革委员会", "国家发改委"),
    ]
    assert rows(graph, f"SELECT ?i WHERE {{ <{nodes[0][0]}> org:unitOf ?i }}") == []
    province_units = rows(
        graph, 'SELECT ?i WHERE { ?o skos:prefLabel "省财政厅"@zh ; org:unitOf/skos:prefLabel ?i }'
    )
    assert province_units == [("某省人民政府",)]


def test_every_task_has_its_collective_placeholder_and_no_lead(
    opinion_graph: Graph, opinion_gold: dict[str, Any]
) -> None:
    collective = rows(
        opinion_graph,
        "SELECT DISTINCT ?n WHERE { ?t skos:notation ?n ; pk:responsibleParty ?p ."
        " ?p a pk:GenericPartyReference }",
    )
    expected = {(t["number"],) for t in opinion_gold["tasks"] if t["collective"]}
    assert set(collective) == expected
    assert len(expected) == 17
    assert rows(opinion_graph, "SELECT ?t WHERE { ?t pk:leadParty ?o }") == []


def test_programmes_and_documents_are_found_with_f1_at_least_09(
    opinion_graph: Graph, opinion_gold: dict[str, Any]
) -> None:
    programmes = rows(
        opinion_graph,
        "SELECT DISTINCT ?n ?name WHERE { ?t skos:notation ?n ; pk:involvesProgramme ?p ."
        " ?p skos:prefLabel ?name }",
    )
    documents = rows(
        opinion_graph,
        "SELECT DISTINCT ?n ?title WHERE { ?t skos:notation ?n ; pk:involvesPolicyDocument ?d ."
        " ?d dcterms:title ?title }",
    )
    tasks = opinion_gold["tasks"]
    expected_programmes = Counter((t["number"], p) for t in tasks for p in t["programmes"])
    assert f1(Counter(programmes), expected_programmes) >= 0.9
    assert documents == []
    assert sum(len(t["documents"]) for t in tasks) == 0


def test_the_signature_and_date_close_the_document_outside_every_task() -> None:
    document = parse_plan(read_document(DOCUMENT).text)
    assert document.trailing is not None
    assert document.trailing.text == "国务院办公厅\n2018年12月30日\n(此件公开发布)"
    assert document.tasks[-1].span.text.endswith("各有关省级人民政府负责)")


def test_roles_in_brackets_and_a_documents_lead_rule(tmp_path: Path) -> None:
    text = (
        "某省人民政府关于加快发展的实施意见\n"
        "一、重点任务\n"
        "(一)发展产业。新增企业100家。(省发展改革委牵头,省财政厅、省商务厅参与)\n"
        "(二)加强保障。完善机制。(省教育厅会同有关部门负责)\n"
        "(三)强化落实。(省人力社保厅、省财政厅负责)\n"
        "各项任务中列第一位者为牵头单位。\n"
    )
    document = parse_plan(text)
    roles = [[(u.name, u.role) for u in t.units] for t in document.tasks]
    assert roles == [
        [("省发展改革委", Role.LEAD), ("省财政厅", Role.SUPPORTING), ("省商务厅", Role.SUPPORTING)],
        [("省教育厅", Role.LEAD), ("有关部门", Role.SUPPORTING)],
        [("省人力社保厅", Role.LEAD), ("省财政厅", Role.UNSPECIFIED)],
    ]
    assert [t.path for t in document.tasks] == ["一(一)", "一(二)", "一(三)"]


def test_a_remark_in_brackets_is_not_a_list_of_units() -> None:
    text = (
        "一、总体要求\n(一)完善制度。加强技工院校建设(技工院校内由人力资源社会保障行政部门负责)。\n"
    )
    assert parse_plan(text).tasks == ()


def test_deeper_numbering_gives_nested_sections_and_full_paths() -> None:
    text = (
        "一、教育\n(一)基础教育\n1.新建学校。新建10所学校。(市教育局负责)\n"
        "2.扩大学位。(市教育局、市财政局负责)\n(二)职业教育\n1.建设基地。(市人社局负责)\n"
    )
    document = parse_plan(text)
    assert [(s.key, s.number, s.parent) for s in document.sections] == [
        ("1", "一", None),
        ("1.1", "一", "1"),
        ("1.2", "二", "1"),
    ]
    assert [(t.key, t.path, t.section) for t in document.tasks] == [
        ("1-1-1", "一(一)1", "1.1"),
        ("1-1-2", "一(一)2", "1.1"),
        ("1-2-1", "一(二)1", "1.2"),
    ]
