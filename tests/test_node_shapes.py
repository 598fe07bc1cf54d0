"""Node shapes (``TripleSink.shape``): a node written by its sink's template reads exactly as
the same triples added one by one, in every sink."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rdflib import Graph

from graph.census import Census
from graph.triples import IRI, LITERAL, GraphSink
from ontology.iris import IriMinter
from ontology.namespaces import PK, PREFIXES, RDF, SKOS
from output.streams import NTriplesFile, TurtleFile

OWNER = "https://example.org/id/doc/k/task-1"
NODE = "https://example.org/id/doc/k/task-1/mention-3-9"
OTHER = "https://example.org/id/programme/h-0123456789abcdef"
FLAT = (
    RDF.type,
    PK.Mention,
    PK.refersTo,
    IRI,
    SKOS.prefLabel,
    LITERAL,
    PK.extractionCue,
    PK.Gazetteer,
)


def _turtle() -> tuple[TurtleFile, io.StringIO]:
    text = io.StringIO()
    return TurtleFile(text), text


def _ntriples(graph: str | None = None) -> tuple[NTriplesFile, io.StringIO]:
    text = io.StringIO()
    return NTriplesFile(text, graph=graph), text


def _one_by_one(sink: TurtleFile | NTriplesFile, label: object) -> None:
    sink.add(OWNER, PK.hasMention, NODE)
    pairs = [RDF.type, PK.Mention, PK.refersTo, OTHER, SKOS.prefLabel, label]
    sink.add_node(NODE, [*pairs, PK.extractionCue, PK.Gazetteer])


def _shaped(sink: TurtleFile | NTriplesFile, label: object) -> None:
    sink.add_shaped(sink.shape(PK.hasMention, FLAT), OWNER, NODE, (OTHER, label))


@pytest.mark.parametrize("owner_first", [False, True], ids=["after-another", "after-owner"])
@pytest.mark.parametrize("make", [_turtle, _ntriples, lambda: _ntriples("https://g/{x}")])
def test_a_shaped_node_reads_as_its_triples_one_by_one(
    make: Callable[[], tuple[TurtleFile | NTriplesFile, io.StringIO]], owner_first: bool
) -> None:
    texts = []
    for write in (_one_by_one, _shaped):
        sink, text = make()
        if owner_first:  # Turtle goes on with the owner's statement
            sink.add(OWNER, SKOS.notation, sink.plain("1"))
        write(sink, sink.lang('教育 {0} 100% "{x}"', "zh"))
        sink.flush()
        texts.append(text.getvalue())
    assert texts[0] == texts[1]
    assert sink.count == 5 + owner_first


def test_a_counted_shaped_node_is_counted_as_its_triples() -> None:
    census = Census()
    sink = TurtleFile(io.StringIO(), census)
    _shaped(sink, sink.plain("x"))
    assert census.types[str(PK.Mention)] == 1


def test_an_rdflib_graph_takes_a_shaped_node_as_its_triples() -> None:
    graph, sink = Graph(), GraphSink(Graph())
    one = GraphSink(graph)
    one.add(OWNER, PK.hasMention, NODE)
    one.add_node(NODE, [RDF.type, PK.Mention, PK.refersTo, OTHER, SKOS.prefLabel,
                        one.plain("x"), PK.extractionCue, PK.Gazetteer])  # fmt: skip
    sink.add_shaped(sink.shape(PK.hasMention, FLAT), OWNER, NODE, (OTHER, sink.plain("x")))
    assert set(sink.graph) == set(graph)


@pytest.mark.parametrize(
    "base", ["https://schema.org/", "http://purl.org/", "http://purl.org/dc/", "http://www.w3.org/"]
)
def test_a_minted_iri_is_written_in_brackets_even_under_a_vocabularys_base(base: str) -> None:
    """What lets a shape write an ``IRI`` slot in brackets without looking at it."""
    mint = IriMinter(base)
    plan, issuer = mint.plan("k"), mint.issuer("某市教育局")
    minted = [
        plan, mint.section("k", "1"), mint.task("k", "1"), mint.statement(plan, "measure"),
        mint.mention(plan, 1, 2), mint.instant("2024-12-31"), mint.unit(issuer, "教育处"),
        mint.programme("三个课堂"), mint.place("cn-330281", "余姚市"), mint.span("0" * 64, 1, 2),
    ]  # fmt: skip
    assert any(str(namespace).startswith(base) for namespace in PREFIXES.values())
    sink, text = _turtle()
    for iri in minted:
        sink.add(OWNER, PK.refersTo, iri)
    sink.close()
    assert all(f"<{iri}>" in text.getvalue() for iri in minted)
