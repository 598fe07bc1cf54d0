"""The Turtle a build writes: it conforms, parses back, and is the same bytes every time."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import XSD
from rdflib.term import Node

from graph.validation import validate
from ontology.namespaces import OA, PK
from policykg.config import BuildConfig
from policykg.pipeline import BuildResult, build

from .conftest import EXAMPLE


def assert_isomorphic(a: Graph, b: Graph) -> None:
    """Fail with the triples each graph has and the other lacks."""
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(
            "graphs differ\nonly in first:\n"
            + "\n".join(sorted(only_a.serialize(format="nt").splitlines())[:20])
            + "\nonly in second:\n"
            + "\n".join(sorted(only_b.serialize(format="nt").splitlines())[:20])
        )


def build_in_subprocess(inputs: list[Path], out: Path, hash_seed: str) -> bytes:
    """Build in a fresh interpreter (its own hash seed) and return the Turtle bytes."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-m", "policykg", "-q", "build", *map(str, inputs), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    return (out / "graph.ttl").read_bytes()


def test_the_example_graph_conforms_to_the_shapes(example_graph: Graph) -> None:
    report = validate(example_graph)
    assert report.conforms, report.findings[:5]
    assert report.findings == ()


def test_turtle_parses_back_isomorphic_to_the_built_graph(example_build: BuildResult) -> None:
    from graph.build import build_graph
    from policykg.pipeline import read_plans

    built = build_graph(read_plans([EXAMPLE])[0], BuildConfig())
    parsed = Graph().parse(example_build.graph_path, format="turtle")
    assert_isomorphic(built, parsed)


def test_two_builds_in_separate_processes_give_byte_identical_turtle(tmp_path: Path) -> None:
    first = build_in_subprocess([EXAMPLE], tmp_path / "a", hash_seed="1")
    second = build_in_subprocess([EXAMPLE], tmp_path / "b", hash_seed="2")
    assert first == second
    assert b"_:" not in first  # no blank nodes


def test_the_example_saved_as_gb18030_builds_the_same_graph(
    tmp_path: Path, example_build: BuildResult
) -> None:
    copy = tmp_path / "另存为GB18030.txt"
    copy.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    result = build([copy], tmp_path / "out", BuildConfig())
    assert result.graph_path.read_bytes() == example_build.graph_path.read_bytes()


def test_minted_iris_are_ascii(example_graph: Graph) -> None:
    iris = {term for triple in example_graph for term in triple if isinstance(term, URIRef)}
    assert [iri for iri in iris if not str(iri).isascii()] == []


def test_base_option_moves_every_instance_iri(tmp_path: Path) -> None:
    result = build([EXAMPLE], tmp_path, BuildConfig(base="http://data.example.gov.cn/kg/"))
    graph = Graph().parse(result.graph_path)
    plans = list(graph.subjects(predicate=None, object=PK.WorkPlan))
    assert [str(p).startswith("http://data.example.gov.cn/kg/doc/") for p in plans] == [True]
    assert validate(graph).conforms


# --- the shapes catch what they promise to catch -------------------------------------------


def _violations(graph: Graph) -> set[str]:
    return {f.message for f in validate(graph, language="en").findings if f.severity == "Violation"}


def _iris(nodes: Iterable[Node]) -> list[URIRef]:
    """The nodes in order, each an IRI (rdflib's types say only Node)."""
    iris = []
    for node in nodes:
        assert isinstance(node, URIRef), node
        iris.append(node)
    return sorted(iris)


def _a_span(graph: Graph) -> tuple[URIRef, URIRef, URIRef]:
    """Some responsibility's span with its position and quote selectors."""
    for span in _iris(graph.subjects(predicate=OA.hasSource)):
        selectors = _iris(graph.objects(span, OA.hasSelector))
        if "/span-" in str(span):
            position = next(s for s in selectors if "/pos-" in str(s))
            quote = next(s for s in selectors if "/quote-" in str(s))
            return span, position, quote
    raise AssertionError("no span")


def test_validation_rejects_a_quote_that_differs_from_the_text(example_graph: Graph) -> None:
    graph = Graph() + example_graph
    _, _, quote = _a_span(graph)
    graph.set((quote, OA.exact, Literal("篡改的原文")))
    assert any("oa:exact is not the substring" in m for m in _violations(graph))


def test_validation_rejects_an_offset_shifted_by_one(example_graph: Graph) -> None:
    graph = Graph() + example_graph
    _, position, _ = _a_span(graph)
    start = graph.value(position, OA.start)
    assert isinstance(start, Literal)
    graph.set((position, OA.start, Literal(int(start) + 1, datatype=XSD.nonNegativeInteger)))
    messages = _violations(graph)
    assert any("oa:exact is not the substring" in m for m in messages)
    assert any("Span IRI does not end" in m for m in messages)


def test_validation_rejects_a_shortcut_without_its_responsibility(example_graph: Graph) -> None:
    graph = Graph() + example_graph
    task = _iris(graph.subjects(predicate=None, object=PK.Task))[0]
    stranger = URIRef("https://w3id.org/policykg/id/org/h-0000000000000000")
    graph.add((task, PK.responsibleParty, stranger))
    assert any("Shortcut" in m for m in _violations(graph))


def test_validation_rejects_a_raw_chinese_iri(example_graph: Graph) -> None:
    graph = Graph() + example_graph
    task = _iris(graph.subjects(predicate=None, object=PK.Task))[0]
    graph.add((URIRef("https://w3id.org/policykg/id/task/任务"), PK.taskNumber, Literal(1)))
    for p, o in graph.predicate_objects(task):
        graph.add((URIRef("https://w3id.org/policykg/id/task/任务"), p, o))
    assert any("ASCII" in m for m in _violations(graph))
