"""Format SPARQL results for people (a table) and programs (CSV, SPARQL JSON)."""

from __future__ import annotations

import io
import json
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from rich.console import Console
from rich.table import Table

from graph.query import QueryResult
from policykg.errors import InputError

from .serialize import serialize_graph
from .spreadsheets import csv_text

RESULT_FORMATS = ("table", "csv", "json", "tsv")


def format_result(result: QueryResult, result_format: str, width: int | None = None) -> str:
    """The result as text in ``result_format`` (table, csv or json)."""
    if result_format not in RESULT_FORMATS:
        raise InputError(
            f"unknown format '{result_format}'; choose one of: {', '.join(RESULT_FORMATS)}"
        )
    if result.graph is not None:
        return serialize_graph(result.graph, "ttl")
    if result_format == "json":
        return _sparql_json(result) + "\n"
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    if result_format == "csv":
        return _csv(result)
    if result_format == "tsv":
        return _tsv(result)
    return _table(result, width)


def _plain(node: Node | None) -> str:
    return "" if node is None else str(node)


def _csv(result: QueryResult) -> str:
    return csv_text(result.columns, ([_plain(cell) for cell in row] for row in result.rows))


def _tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV results: variables with '?', terms in Turtle syntax."""
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    for row in result.rows:
        lines.append("\t".join("" if cell is None else _tsv_term(cell) for cell in row))
    return "\n".join(lines) + "\n"


def _tsv_term(node: Node) -> str:
    text = node.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _table(result: QueryResult, width: int | None) -> str:
    table = Table(*result.columns, show_lines=False, highlight=False)
    for row in result.rows:
        table.add_row(*(_plain(cell) for cell in row))
    return plain_text(table, f"{len(result.rows)} rows", width=width)


def plain_text(*renderables: Table | str, width: int | None = None) -> str:
    """Tables and lines as plain text (no colour, no markup read from document text)."""
    console = Console(
        file=io.StringIO(),
        width=width or 160,
        force_terminal=False,
        color_system=None,
        markup=False,
        emoji=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def _sparql_json(result: QueryResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False)
    bindings = [
        {
            name: _term(cell)
            for name, cell in zip(result.columns, row, strict=True)
            if cell is not None
        }
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1)


def _term(node: Node) -> dict[str, Any]:
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    if isinstance(node, Literal):
        term: dict[str, Any] = {"type": "literal", "value": str(node)}
        if node.language:
            term["xml:lang"] = node.language
        elif node.datatype:
            term["datatype"] = str(node.datatype)
        return term
    return {"type": "literal", "value": str(node)}
