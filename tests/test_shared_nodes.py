"""Named queries over a store whose documents share nodes: two years of one bureau's plan name
the same offices, programmes and days, and each document's graph states their labels again.
Oxigraph 0.5 reads its union default graph as a bag, one solution per graph that holds a
triple (oxigraph/oxigraph#1919): every named query must still give each answer once, as it
does on the RDF merge of the same graphs."""

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
    """The RDF merge of every graph in the store: each triple once."""
    raw = ox.Store.read_only(str(directory))
    graph = Graph()
    for name in raw.named_graphs():
        graph.parse(data=raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name), format="nt")
    return graph


def counted(result: QueryResult) -> Counter[tuple[str, ...]]:
    """The rows as a multiset, each written as the engines agree on it."""
    return Counter(map(canonical, rows(result)))


def test_the_documents_share_offices_and_days_in_their_own_graphs(store: Path) -> None:
    plans = PlanStore(store, writable=False)
    try:
        (row,) = plans.query(
            'SELECT (COUNT(?g) AS ?graphs) WHERE { GRAPH ?g { ?o skos:prefLabel "基教处"@zh } }'
        ).rows
    finally:
        plans.close()
    assert str(row[0]) == "2"


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
