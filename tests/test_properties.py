"""Invariants over generated document-like text (hypothesis)."""

from __future__ import annotations

import io

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from extract.details import extract_details
from extract.normalization import normalize_text
from extract.structure import parse_plan
from graph.build import add_document, build_graph
from ontology.iris import IriMinter, name_key
from output.serialize import RDF_FORMATS, serialize_graph
from output.streams import NTriplesFile, TurtleFile
from policykg.config import DEFAULT_BASE, BuildConfig

from .conftest import assert_spans_quote_the_text

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
NOISE = st.text(
    alphabet=st.one_of(
        CJK, st.sampled_from(list("、,;:()（）【】“”《》 \t0123456789.abcAB<>&'\"\u2028"))
    ),
    max_size=12,
)
LABELS = st.sampled_from(
    [
        "问题描述",
        "目标任务",
        "预期成果",
        "工作措施",
        "工作举措",
        "责任处室",
        "牵头单位",
        "配合单位",
        "完成时限",
    ]
)
NUMERALS = st.sampled_from(["一", "二", "三", "十", "十一"])


@st.composite
def document_lines(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["section", "task", "field", "units", "noise", "blank"]))
    if kind == "section":
        return f"{draw(NUMERALS)}{draw(st.sampled_from(['、', '.', '．']))}{draw(NOISE)}"
    if kind == "task":
        return f"{draw(st.integers(0, 120))}{draw(st.sampled_from(['.', '、', '．']))}{draw(NOISE)}"
    if kind == "field":
        return f"{draw(LABELS)}{draw(st.sampled_from([':', '：', ' : ']))}{draw(NOISE)}"
    if kind == "units":
        names = draw(st.lists(NOISE, max_size=4))
        return "责任处室:" + draw(st.sampled_from(["、", ",", ";"])).join(names)
    return draw(NOISE) if kind == "noise" else ""


DOCUMENTS = st.lists(document_lines(), max_size=30).map(
    lambda lines: normalize_text("\n".join(lines))
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(DOCUMENTS)
def test_the_parser_accepts_any_text_and_every_span_quotes_it(text: str) -> None:
    document = parse_plan(text)
    assert_spans_quote_the_text(document)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(DOCUMENTS)
def test_targets_and_mentions_always_quote_the_text(text: str) -> None:
    document = extract_details(parse_plan(text))
    for task in document.tasks:
        spans = [t.span for t in task.targets] + [m.span for m in task.mentions]
        spans += [t.metric for t in task.targets if t.metric] + [
            t.value_text for t in task.targets if t.value_text
        ]
        for span in spans:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text
        for target in task.targets:
            assert task.span.start <= target.span.start
            assert target.span.end <= task.span.end


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(DOCUMENTS)
def test_every_rdf_syntax_parses_back_isomorphic(text: str) -> None:
    graph = build_graph([extract_details(parse_plan(text))], BuildConfig())
    for rdf_format, rdflib_name in RDF_FORMATS.items():
        parsed = Graph().parse(data=serialize_graph(graph, rdf_format), format=rdflib_name)
        assert isomorphic(graph, parsed), rdf_format


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(DOCUMENTS)
def test_streamed_turtle_and_ntriples_hold_the_graph_each_triple_once(text: str) -> None:
    """The files written as triples come (large builds, documents for a store) hold exactly
    the graph an rdflib build makes, with no triple twice, and parse in rdflib and Oxigraph."""
    document = extract_details(parse_plan(text))
    graph = build_graph([document], BuildConfig())
    turtle, ntriples = io.StringIO(), io.StringIO()
    turtle_sink, ntriples_sink = TurtleFile(turtle), NTriplesFile(ntriples)
    add_document(turtle_sink, document, BuildConfig())
    add_document(ntriples_sink, document, BuildConfig())
    turtle_sink.close()
    ntriples_sink.flush()
    lines = ntriples.getvalue().split("\n")[:-1]
    assert len(lines) == len(set(lines)) == len(graph) == turtle_sink.count
    for data, rdflib_name, ox_format in (
        (turtle.getvalue(), "turtle", ox.RdfFormat.TURTLE),
        (ntriples.getvalue(), "nt", ox.RdfFormat.N_TRIPLES),
    ):
        assert set(Graph().parse(data=data, format=rdflib_name)) == set(graph)
        assert len(list(ox.parse(data.encode("utf-8"), format=ox_format))) == len(graph)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(DOCUMENTS)
def test_graphs_of_any_document_conform_to_the_shapes(text: str) -> None:
    from graph.validation import validate

    graph = build_graph([extract_details(parse_plan(text))], BuildConfig())
    report = validate(graph)
    assert report.conforms, [f.message for f in report.findings if f.severity == "Violation"]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(DOCUMENTS)
def test_the_same_text_gives_the_same_turtle(text: str) -> None:
    first = serialize_graph(build_graph([parse_plan(text)], BuildConfig()))
    second = serialize_graph(build_graph([parse_plan(text)], BuildConfig()))
    assert first == second
    assert "_:" not in first


@given(st.text(max_size=40))
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once


@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
def test_iri_minting_is_ascii_stable_and_injective_on_name_keys(a: str, b: str) -> None:
    mint = IriMinter(DEFAULT_BASE)
    issuer = mint.issuer("某市教育局")
    first, again, other = mint.unit(issuer, a), mint.unit(issuer, a), mint.unit(issuer, b)
    assert str(first).isascii()
    assert first == again
    assert (first == other) == (name_key(a) == name_key(b))
