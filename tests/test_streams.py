"""Graphs written as they are made: the N-Triples and Turtle sinks, on real documents, and a
build too large for one map (streamed to graph.ttl, summed up by its census)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.build import add_document, build_graph
from graph.census import Census
from output.streams import NTriplesFile, TurtleFile, read_long_triples
from policykg.config import BuildConfig, Limits
from policykg.errors import InputError
from policykg.pipeline import build, read_plans

from .conftest import CORPUS, EXAMPLE

DATA = Path(__file__).parent / "data"
DOCUMENTS = [EXAMPLE, *sorted(CORPUS.glob("*.txt")), *sorted(DATA.glob("*.txt"))]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_streamed_files_hold_the_graph_of_an_rdflib_build(path: Path, tmp_path: Path) -> None:
    documents, _ = read_plans([path])
    graph = build_graph(documents, BuildConfig())
    ntriples = NTriplesFile(tmp_path / "g.nt")
    turtle_text = io.StringIO()
    turtle = TurtleFile(turtle_text)
    for sink in (ntriples, turtle):
        add_document(sink, documents[0], BuildConfig())
    ntriples.close()
    turtle.close()
    lines = (tmp_path / "g.nt").read_text(encoding="utf-8").split("\n")[:-1]
    # Each triple exactly once, though offices, programmes and 〃 cells recur in the text.
    assert len(lines) == len(set(lines)) == len(graph) == ntriples.count == turtle.count
    assert set(Graph().parse(tmp_path / "g.nt", format="nt")) == set(graph)
    assert set(Graph().parse(data=turtle_text.getvalue(), format="turtle")) == set(graph)


def test_a_graph_name_makes_the_lines_n_quads_of_that_graph(tmp_path: Path) -> None:
    """A new store's spool: the same triples, each line naming the document's graph (the
    text set aside past the limit, as for N-Triples)."""
    documents, _ = read_plans([EXAMPLE])
    graph = "https://example.org/graph/plan"
    plain = NTriplesFile(tmp_path / "g.nt", long_limit=10_000)
    named = NTriplesFile(tmp_path / "g.nq", long_limit=10_000, graph=graph)
    for sink in (plain, named):
        add_document(sink, documents[0], BuildConfig())
        sink.close()
    quads = list(ox.parse(path=tmp_path / "g.nq", format=ox.RdfFormat.N_QUADS))
    triples = list(ox.parse(path=tmp_path / "g.nt", format=ox.RdfFormat.N_TRIPLES))
    assert {q.graph_name for q in quads} == {ox.NamedNode(graph)}
    assert [q.triple for q in quads] == [t.triple for t in triples]
    assert named.count == plain.count == len(quads) + len(named.long_triples)
    assert named.long_triples == plain.long_triples


def test_turtle_reads_like_the_document() -> None:
    """Vocabulary as prefixed names, a node's triples under it, nodes in document order."""
    documents, _ = read_plans([EXAMPLE])
    text = io.StringIO()
    sink = TurtleFile(text)
    add_document(sink, documents[0], BuildConfig())
    sink.close()
    turtle = text.getvalue()
    assert turtle.startswith("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n")
    assert ' a pk:WorkPlan ;\n    dcterms:identifier "2024-' in turtle
    assert '"12000"^^xsd:decimal' in turtle  # 新增中小学位1.2万个
    first, twenty_first = turtle.index("/task-1> a pk:Task"), turtle.index("/task-21> a pk:Task")
    assert turtle.index("宁波市教育局2024年工作要点") < first < twenty_first


def test_long_literals_are_set_aside_for_the_store(tmp_path: Path) -> None:
    """Oxigraph's parser reads at most 16 MiB of a line: past the limit a literal is kept
    apart (here the limit is lowered: the plan's text is the one long literal)."""
    documents, _ = read_plans([EXAMPLE])
    sink = NTriplesFile(tmp_path / "g.nt", long_limit=10_000)
    add_document(sink, documents[0], BuildConfig())
    sink.close()
    assert sink.long_path is not None
    (text_triple,) = read_long_triples(sink.long_path)
    subject, predicate, value, language, datatype = text_triple
    assert predicate == "https://w3id.org/policykg/ns#content"
    assert value == documents[0].text
    assert (language, datatype) == (None, None)
    assert "#content>" not in (tmp_path / "g.nt").read_text(encoding="utf-8")
    assert json.loads(sink.long_path.read_text(encoding="utf-8"))[0][0] == subject
    assert sink.count == len(build_graph(documents, BuildConfig()))


def test_a_store_takes_a_text_past_the_parser_limit(tmp_path: Path) -> None:
    """Each way into a store takes a set-aside text whole: a new store (the bulk loader), a
    changed document (one update), a new document in an existing store (one transaction)."""
    config = BuildConfig(limits=Limits(long_literal=1_000))
    store, changed, other = (
        tmp_path / "store",
        tmp_path / "changed.txt",
        DATA / "hangzhou-health-2025.txt",
    )
    changed.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n附:补充说明。\n", encoding="utf-8")

    def texts() -> list[str]:
        reader = ox.Store.read_only(str(store))
        content = ox.NamedNode("https://w3id.org/policykg/ns#content")
        found = []
        for quad in reader.quads_for_pattern(None, content, None, None):
            assert isinstance(quad.object, ox.Literal)
            found.append(quad.object.value)
        return sorted(found)

    for path, expected in ((EXAMPLE, [EXAMPLE]), (changed, [changed]), (other, [changed, other])):
        build([path], tmp_path / "out", config, store_dir=store)
        assert texts() == sorted(d.text for d in read_plans(expected)[0])


def test_a_build_too_large_for_one_map_streams_graph_ttl(tmp_path: Path) -> None:
    """Past Limits.map_triples the documents are not kept: graph.ttl is written as they come,
    the views of an earlier build go, and the summary comes from the census, equal to what
    the graph itself says."""
    small, large = tmp_path / "small", tmp_path / "large"
    expected = build([EXAMPLE, *CORPUS.glob("*.txt")], small, BuildConfig())
    assert expected.map_path is not None
    for name in ("graph.html", "report.html"):  # an earlier build's views
        large.mkdir(exist_ok=True)
        (large / name).write_text("old", encoding="utf-8")
    config = BuildConfig(limits=Limits(map_triples=5_000))
    streamed = build([EXAMPLE, *CORPUS.glob("*.txt")], large, config)
    assert streamed.map_path is None
    assert streamed.report_paths == ()
    assert sorted(p.name for p in large.iterdir()) == ["graph.ttl"]
    assert "only graph.ttl was written" in streamed.warnings[-1]
    counts = ("documents", "sections", "tasks", "offices", "placeholders", "responsibilities")
    details = ("targets", "programmes", "policy_documents", "organisations", "places", "triples")
    fields = counts + details
    assert [getattr(streamed, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert isomorphic(
        Graph().parse(large / "graph.ttl"), Graph().parse(small / "graph.ttl", format="turtle")
    )
    again = build([EXAMPLE, *CORPUS.glob("*.txt")], tmp_path / "again", BuildConfig())
    assert (tmp_path / "again" / "graph.ttl").read_bytes() == (small / "graph.ttl").read_bytes()
    assert again.triples == expected.triples


def test_a_census_counts_types_members_and_links() -> None:
    census = Census(["http://x/T"], ["http://x/p"])
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    for s, p, o in [("a", rdf_type, "http://x/T"), ("b", rdf_type, "http://x/U")]:
        census.take(s, p, o)
    census.take("a", "http://x/p", "b")
    census.take("c", "http://x/p", "b")
    assert census.types == {"http://x/T": 1, "http://x/U": 1}
    assert census.members == {"http://x/T": {"a"}}
    assert census.objects == {"http://x/p": {"b"}}
    assert census.links == {"http://x/p": 2}


def test_a_long_document_is_written_as_its_tasks_are_read(tmp_path: Path) -> None:
    """A document past Limits.long_text characters comes back from its worker parsed only and is
    detailed task by task as graph.ttl is written: the same graph and the same counts as a
    build that held every detail at once, and no map (one map could not show it)."""
    paths = [EXAMPLE, *sorted(CORPUS.glob("*.txt"))]
    held = build(paths, tmp_path / "held", BuildConfig(), workers=2)
    long_text = BuildConfig(limits=Limits(long_text=10_000))  # the example and others
    streamed = build(paths, tmp_path / "streamed", long_text, workers=2)
    assert streamed.map_path is None
    for field in ("tasks", "targets", "offices", "triples", "loaded_targets", "loaded_units"):
        assert getattr(streamed, field) == getattr(held, field), field
    assert isomorphic(
        Graph().parse(tmp_path / "streamed" / "graph.ttl"),
        Graph().parse(tmp_path / "held" / "graph.ttl"),
    )


def test_no_input_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^no document to build: give files or directories"):
        build([], tmp_path / "out", BuildConfig())
    assert not (tmp_path / "out").exists()
