"""A store whose documents share nodes: two years of one bureau's plan name the same offices,
programmes and days. The store states what is said of them once, in its default graph:
Oxigraph 0.5 reads its union default graph as a bag, one solution per graph that holds a
triple (oxigraph/oxigraph#1919). Every named query gives each answer once, as it does on
the RDF merge of the same graphs, and a plan read back from the store is whole."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from graph.named import named_queries
from graph.query import QueryResult, run_query
from graph.store import PlanStore
from ontology.namespaces import SKOS
from policykg.cli import app
from policykg.config import BuildConfig
from policykg.pipeline import build
from policykg.sources import drawable_plans

from .conftest import DATA, EXAMPLE, QUERY_PARAMS
from .test_store_and_queries import canonical, rows

NOVEMBER = DATA / "progress" / "ningbo-edu-2024-1-11-paragraphs.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example and next year's edition of it (same bureau, offices and deadlines), in
    one store, with a progress report laid over the example."""
    root = tmp_path_factory.mktemp("shared-nodes")
    text = EXAMPLE.read_text(encoding="utf-8")
    next_year = root / "ningbo-edu-2025.txt"
    next_year.write_text(text.replace("印发2024年工作要点", "印发2025年工作要点", 1), "utf-8")
    directory = root / "plans"
    build([EXAMPLE, next_year], root / "out", BuildConfig(), store_dir=directory)
    example = next(p for p in drawable_plans(directory).plans if "2024" in p.title)
    reported = CliRunner().invoke(
        app, ["progress", str(NOVEMBER), "--plan", example.key, "--store", str(directory)]
    )
    assert reported.exit_code == 0, reported.stderr
    return directory


def merged(directory: Path) -> Graph:
    """The RDF merge of every graph in the store, the default graph too: each triple once."""
    raw = ox.Store.read_only(str(directory))
    graph = Graph()
    for name in (*raw.named_graphs(), ox.DefaultGraph()):
        graph.parse(data=raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name), format="nt")
    return graph


def counted(result: QueryResult) -> Counter[tuple[str, ...]]:
    """The rows as a multiset, each written as the engines agree on it."""
    return Counter(map(canonical, rows(result)))


def test_what_the_documents_share_is_stated_once_in_the_default_graph(store: Path) -> None:
    plans = PlanStore(store, writable=False)
    try:
        ((in_union,),) = plans.query(
            'SELECT (COUNT(*) AS ?n) WHERE { ?o skos:prefLabel "基教处"@zh }'
        ).rows
        ((in_documents,),) = plans.query(
            'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?o skos:prefLabel "基教处"@zh } }'
        ).rows
        naming = plans.query(
            'SELECT DISTINCT ?g WHERE { ?o skos:prefLabel "基教处"@zh '
            "GRAPH ?g { ?t pk:responsibleParty ?o } }"
        ).rows
    finally:
        plans.close()
    raw = ox.Store.read_only(str(store))
    held = Counter(
        (q.subject, q.predicate, q.object) for q in raw.quads_for_pattern(None, None, None)
    )
    # The office's name once, in the default graph; both plans' graphs name the office.
    assert (str(in_union), str(in_documents), len(naming)) == ("1", "0", 2)
    # No triple is held twice: the union the queries read is a set.
    assert max(held.values()) == 1


def test_every_named_query_gives_each_answer_once_as_on_the_merged_graph(store: Path) -> None:
    graph = merged(store)
    plans = PlanStore(store, writable=False)
    empty, wrong = set(), []
    try:
        for name, query in named_queries().items():
            params = query.bindings(QUERY_PARAMS.get(name, {}))
            expected = counted(run_query(graph, query.text, params))
            answered = counted(plans.query(query.text, params))
            if answered != expected:
                wrong.append((name, answered.total(), expected.total()))
            if not expected:
                empty.add(name)
    finally:
        plans.close()
    assert wrong == []  # (query, rows from the store, rows on the merged graph)
    # Every task of the example names its units; nothing else answers from nothing.
    assert empty == {"tasks-without-unit"}


def test_what_no_plan_names_any_more_leaves_the_store(tmp_path: Path) -> None:
    """A plan added to a store states only what the store does not hold yet; rebuilt with an
    office renamed, the old office goes (no plan names it), the ones other plans name stay."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "印发2024年工作要点", "印发2025年工作要点", 1
    )
    next_year, directory = tmp_path / "ningbo-edu-2025.txt", tmp_path / "plans"
    build([EXAMPLE], tmp_path / "out", BuildConfig(), store_dir=directory)

    def names() -> Counter[str]:
        plans = PlanStore(directory, writable=False)
        try:
            found = plans.query(
                "SELECT ?name WHERE { ?o a org:OrganizationalUnit ; skos:prefLabel ?name }"
            )
        finally:
            plans.close()
        return Counter(str(name) for (name,) in found.rows)

    before = names()
    for office in ("新设处", "另设处"):
        next_year.write_text(text.replace("基教处", office), "utf-8")
        build([EXAMPLE, next_year], tmp_path / "out", BuildConfig(), store_dir=directory)
        assert names() == before + Counter({office: 1})


def test_a_store_that_states_shared_things_in_every_plan_is_gathered_once(tmp_path: Path) -> None:
    """A store an earlier policykg built states an office's name in every plan's graph; the
    next build into it gathers each such statement into the default graph, once."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "印发2024年工作要点", "印发2025年工作要点", 1
    )
    next_year, directory = tmp_path / "ningbo-edu-2025.txt", tmp_path / "plans"
    next_year.write_text(text, "utf-8")
    build([EXAMPLE, next_year], tmp_path / "out", BuildConfig(), store_dir=directory)
    raw = ox.Store(str(directory))
    for graph in list(raw.named_graphs()):  # as an earlier build laid the plans out
        raw.update(f"INSERT {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}")
    raw.update("DROP DEFAULT")
    name = (
        f'PREFIX skos: <{SKOS}> SELECT (COUNT(*) AS ?n) WHERE {{ ?o skos:prefLabel "基教处"@zh }}'
    )
    answer = raw.query(name, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    (before,) = answer
    assert before[0].value == "2"
    del raw, answer, before
    build([EXAMPLE, next_year], tmp_path / "out", BuildConfig(), store_dir=directory)
    plans = PlanStore(directory, writable=False)
    try:
        ((in_union,),) = plans.query(name).rows
        ((in_documents,),) = plans.query(
            name.replace("WHERE { ?o", "WHERE { GRAPH ?g { ?o") + " }"
        ).rows
    finally:
        plans.close()
    assert (str(in_union), str(in_documents)) == ("1", "0")
