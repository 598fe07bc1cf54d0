"""One model, read from the records or back from RDF: the writer and the reader are inverses,
and every build path (file, store, corpus in workers) gives the same graph, counted once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from graph.census import COUNT_QUERIES
from graph.emit import write_plan
from graph.model import OfficeKind, PlanView, Role
from graph.query import run_query
from graph.readback import plans_of_graph, plans_of_triples
from graph.resolve import resolve_plan
from graph.store import PlanStore
from graph.triples import GraphSink
from ontology.iris import IriMinter
from ontology.namespaces import bind_prefixes
from output.streams import TurtleFile
from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build, read_plans

from .conftest import CORPUS, DATA, EXAMPLE

DOCUMENTS = sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.docx"), *DATA.glob("*.txt")])
MINT = IriMinter(BuildConfig().base)


def model_of(path: Path) -> PlanView:
    (document,), _ = read_plans([path])
    return resolve_plan(document, BuildConfig())


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_reading_a_plans_graph_back_gives_the_model_it_was_written_from(path: Path) -> None:
    plan = model_of(path)
    graph = bind_prefixes(Graph())
    write_plan(GraphSink(graph), plan, MINT)
    assert plans_of_graph(graph) == (plan,)


def test_the_model_survives_turtle_text() -> None:
    plan = model_of(EXAMPLE)
    text = io.StringIO()
    sink = TurtleFile(text)
    write_plan(sink, plan, MINT)
    sink.close()
    assert plans_of_graph(Graph().parse(data=text.getvalue(), format="turtle")) == (plan,)


def test_the_examples_model_holds_its_offices_once_with_every_name() -> None:
    plan = model_of(EXAMPLE)
    assert (len(plan.sections), len(plan.tasks)) == (10, 31)
    offices = {p.office.iri: p.office for t in plan.tasks for p in t.parties}
    units = [o for o in offices.values() if o.kind is OfficeKind.UNIT]
    assert len(units) == 22
    organisation = next(o for o in units if o.name == "组织处")
    assert organisation.aliases == ("机关党委", "组织处(机关党委)")
    # Every party of one office holds the one view of it, aliases and all.
    assert all(p.office is offices[p.office.iri] for t in plan.tasks for p in t.parties)
    assert {p.role for t in plan.tasks for p in t.parties} == {Role.UNSPECIFIED}


@pytest.fixture(scope="module")
def three_ways(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """Every real document built as files in this process, as files by two workers, and
    into a store."""
    root = tmp_path_factory.mktemp("three-ways")
    corpus = sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.docx")])
    corpus = [p for p in corpus if p.name != EXAMPLE.name]  # the example's own copy: once
    return {
        "serial": build(corpus, root / "serial", BuildConfig(), workers=1),
        "parallel": build(corpus, root / "parallel", BuildConfig(), workers=2),
        "stored": build(
            corpus, root / "stored", BuildConfig(), store_dir=root / "store", workers=2
        ),
    }


def test_serial_and_parallel_builds_write_the_same_bytes(
    three_ways: dict[str, BuildResult],
) -> None:
    serial, parallel = three_ways["serial"], three_ways["parallel"]
    assert serial.graph_path.read_bytes() == parallel.graph_path.read_bytes()


def test_a_store_builds_graph_is_the_file_builds_graph(three_ways: dict[str, BuildResult]) -> None:
    files = Graph().parse(three_ways["serial"].graph_path)
    stored = Graph().parse(three_ways["stored"].graph_path)
    _, only_files, only_store = graph_diff(to_isomorphic(files), to_isomorphic(stored))
    assert (sorted(map(str, only_files))[:3], sorted(map(str, only_store))[:3]) == ([], [])


def test_the_store_reads_back_into_the_models_of_the_files(
    three_ways: dict[str, BuildResult], tmp_path_factory: pytest.TempPathFactory
) -> None:
    store_dir = three_ways["stored"].graph_path.parent.parent / "store"
    store = PlanStore(store_dir, writable=False)
    try:
        from_store = plans_of_triples(store.triples())
    finally:
        store.close()
    from_files = plans_of_graph(Graph().parse(three_ways["serial"].graph_path))
    assert len(from_store) == 10
    assert from_store == from_files


@pytest.mark.parametrize("way", ["serial", "stored"])
def test_a_builds_counts_equal_a_sparql_count_of_its_graph(
    three_ways: dict[str, BuildResult], way: str
) -> None:
    result = three_ways[way]
    graph = Graph().parse(result.graph_path)
    counted = {
        name: int(str(run_query(graph, query).rows[0][0])) for name, query in COUNT_QUERIES.items()
    }
    assert {name: getattr(result, name) for name in counted} == counted
    assert (counted["documents"], result.triples) == (10, len(graph))
