"""Load graphs from files and run SPARQL over them, with errors a person can act on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from ontology.namespaces import PREFIXES, bind_prefixes
from policykg.errors import InputError

from .federation import check_services

if TYPE_CHECKING:
    from rdflib.query import Result

# The graph a build writes into its output directory; a directory holding one is a build.
GRAPH_FILE = "graph.ttl"

GRAPH_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}


@cache
def _sparql_engine() -> tuple[type[Exception], ...]:
    """rdflib's SPARQL engine, loaded on the first query (a build runs none, and loading it
    is a tenth of a build: docs/performance.md), set to read no graph a query names.

    The answer is what a query that parsed can still fail with through the user's doing: an
    error SPARQL defines, a feature rdflib lacks, a remote endpoint that does not answer.
    Anything else is a bug (ours or rdflib's) and is reported as one.
    """
    import pyparsing  # noqa: F401 (the parser's errors, read by run_query)
    import rdflib.plugins.sparql
    import rdflib.plugins.sparql.parserutils  # read by _check_parsed_services
    from rdflib.plugins.sparql.sparql import SPARQLError

    # rdflib reads the graphs a query names in FROM and FROM NAMED from wherever their IRIs
    # point (a web address, a local file): a query reads the graph it is given, nothing else.
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    return (SPARQLError, NotImplementedError, OSError)


@dataclass(frozen=True, slots=True)
class QueryResult:
    """What a query returned: column names and rows for SELECT, a boolean for ASK, or a graph."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    boolean: bool | None = None
    graph: Graph | None = None


PROGRESS_FILE = "progress.ttl"  # beside graph.ttl: the progress reports laid over the plan


def is_build_directory(path: Path) -> bool:
    """Whether ``path`` is the output directory of a build (it holds graph.ttl)."""
    return (path / GRAPH_FILE).is_file()


def load_graph(path: Path) -> Graph:
    """Parse the RDF file at ``path`` (format from its suffix), or ``DIR/graph.ttl`` for a dir
    (with ``DIR/progress.ttl``, the progress reports laid over it, where there is one)."""
    graph = bind_prefixes(Graph())
    if path.is_dir():
        _parse_into(graph, path / GRAPH_FILE)
        if (path / PROGRESS_FILE).is_file():
            _parse_into(graph, path / PROGRESS_FILE)
    else:
        _parse_into(graph, path)
    # A graph read from a file is read to be queried or validated: the engine is loaded
    # now, once, not by each of serve's forked query workers (0.3-1 s each, measured as a
    # cheap query's wait behind 200 slow ones).
    _sparql_engine()
    return graph


def _parse_into(graph: Graph, path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such graph file; build one with 'policykg build' first")
    rdf_format = GRAPH_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        choices = ", ".join(sorted(GRAPH_FORMATS))
        raise InputError(f"{path}: unknown graph format '{path.suffix}'; choose one of: {choices}")
    try:
        graph.parse(path, format=rdf_format)
    except (SyntaxError, ValueError, IndexError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid {rdf_format}: {_one_line(exc)}") from exc
    except Exception as exc:  # rdflib's parsers raise their own BadSyntax and friends
        raise InputError(f"{path}: not valid {rdf_format}: {_one_line(exc)}") from exc


def parse_turtle(text: str, origin: str) -> Graph:
    """The graph of Turtle ``text``; ``origin`` names it in errors."""
    graph = bind_prefixes(Graph())
    try:
        graph.parse(data=text, format="turtle")
    except Exception as exc:  # rdflib's parsers raise their own BadSyntax and friends
        raise InputError(f"{origin}: not valid turtle: {_one_line(exc)}") from exc
    return graph


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter value bound as a literal in a language ("教育处"@zh) or of a datatype
    ("2025-06-30"^^xsd:date, ``datatype`` its full IRI): one or the other."""

    value: str
    language: str | None = None
    datatype: str | None = None


Bindings = Mapping[str, str | Param]
PREFIXES_TEXT = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _literal(value: str | Param) -> Literal:
    if not isinstance(value, Param):
        return Literal(value)
    datatype = URIRef(value.datatype) if value.datatype else None
    return Literal(value.value, lang=value.language, datatype=datatype)


def run_query(
    graph: Graph,
    query: str,
    bindings: Bindings | None = None,
    services: frozenset[str] = frozenset(),
) -> QueryResult:
    """Run SPARQL ``query`` over ``graph``; the policykg prefixes are predeclared.

    ``bindings`` give variables a value (plain literals, or Params in a language) without
    touching the query text; ``services`` are the hosts a ``SERVICE`` clause may reach
    (none unless the user allows them: ``graph.federation``).
    """
    faults = _sparql_engine()
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    check_services(query, services, PREFIXES_TEXT)
    try:
        prepared = prepareQuery(query, initNs=dict(PREFIXES))
    except ParseException as exc:
        raise InputError(
            f"malformed SPARQL at line {exc.lineno}, column {exc.column}: {exc.msg}; "
            f"near: {exc.line.strip()[:60]!r}"
        ) from exc
    except Exception as exc:  # rdflib raises bare Exception for unknown prefixes
        raise InputError(f"malformed SPARQL: {_one_line(exc)}") from exc
    _check_parsed_services(prepared.algebra, services)
    try:
        values: dict[str, Identifier] = {k: _literal(v) for k, v in (bindings or {}).items()}
        result: Result = graph.query(prepared, initBindings=values)
    except faults as exc:
        raise InputError(f"the query failed while running: {_one_line(exc)}") from exc
    if result.type == "ASK":
        return QueryResult(columns=(), rows=(), boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(columns=(), rows=(), graph=result.graph)
    columns = tuple(str(v) for v in (result.vars or ()))
    rows = tuple(tuple(row) for row in result)  # type: ignore[arg-type]
    return QueryResult(columns=columns, rows=rows)


def _check_parsed_services(node: object, services: frozenset[str]) -> None:
    """The SERVICE clauses rdflib parsed, checked again as rdflib reads them (a second
    reading of the query, in case its text was read otherwise)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            check_services(f"SERVICE <{node.get('term')}> {{}}", services, {})
        for value in node.values():
            _check_parsed_services(value, services)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _check_parsed_services(value, services)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__
