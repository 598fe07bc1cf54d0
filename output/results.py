"""Format SPARQL results for people (a table) and programs (CSV, TSV, SPARQL JSON and XML).

SPARQL CSV is data, read by programs: its cells are written as they are (the spreadsheet
guard, a ``'`` before ``-5``, belongs to the registers a person opens in a spreadsheet, not
here). XML 1.0 cannot hold most control characters even escaped: they become U+FFFD, so
the document stays well-formed. A table is for a terminal: control characters and bidi
controls in it are shown as escapes (``output.terminal``). What a person opens in a
spreadsheet — the CSV of ``policykg query`` and the page's downloads — starts with a
byte-order mark, so that Excel reads it as UTF-8 (``bom``); the endpoint's ``text/csv``, read
by programs, has none.

Each kind of answer has the formats that can hold it: rows (SELECT) as table, csv, json, tsv or
xml; yes or no (ASK) as table, json or xml; a graph (CONSTRUCT, DESCRIBE) as ttl, nt or jsonld.
A format that cannot hold the answer is refused, never replaced by another.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from rich.console import Console
from rich.table import Table

from graph.query import QueryResult
from policykg.errors import InputError

from .serialize import serialize_graph
from .spreadsheets import neutralise
from .terminal import terminal_safe

RESULT_FORMATS = ("table", "csv", "json", "tsv", "xml")
ASK_FORMATS = ("table", "json", "xml")
GRAPH_RESULT_FORMATS = ("ttl", "nt", "jsonld")
_BOM = "\ufeff"
# Characters XML 1.0 does not allow, escaped or not.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def check_format(result_format: str) -> None:
    """Refuse a format no answer can take, before the query runs."""
    if result_format not in (*RESULT_FORMATS, *GRAPH_RESULT_FORMATS):
        raise InputError(
            f"unknown format '{result_format}'; choose one of: {', '.join(RESULT_FORMATS)} "
            f"(rows), or {', '.join(GRAPH_RESULT_FORMATS)} (a graph: CONSTRUCT, DESCRIBE)"
        )


def format_result(
    result: QueryResult, result_format: str | None, width: int | None = None, bom: bool = False
) -> str:
    """The result as text in ``result_format`` (None: a table, or Turtle for a graph), a CSV
    with a byte-order mark when ``bom``; a format that cannot hold the answer is refused."""
    if result_format is not None:
        check_format(result_format)
    kind, formats = _kind(result)
    chosen = result_format or formats[0]
    if chosen not in formats:
        raise InputError(
            f"--format {chosen} cannot hold {kind}; choose one of: {', '.join(formats)}"
        )
    if result.graph is not None:
        return serialize_graph(result.graph, chosen)
    if result.boolean is not None and chosen == "table":
        return ("true" if result.boolean else "false") + "\n"
    writers = {"json": _sparql_json, "xml": _xml, "csv": _csv, "tsv": _tsv}
    if chosen in writers:
        text = writers[chosen](result)
        return _BOM + text if bom and chosen == "csv" else text
    return _table(result, width)


def _kind(result: QueryResult) -> tuple[str, tuple[str, ...]]:
    """What the answer is, in words, and the formats that can hold it (the default first)."""
    if result.graph is not None:
        return "a graph (the answer of a CONSTRUCT or DESCRIBE)", GRAPH_RESULT_FORMATS
    if result.boolean is not None:
        return "a yes or no (the answer of an ASK)", ASK_FORMATS
    return "rows (the answer of a SELECT)", RESULT_FORMATS


def arranged(
    result: QueryResult, sort: str | None = None, descending: bool = False, limit: int | None = None
) -> QueryResult:
    """The rows sorted by the column ``sort`` (numbers as numbers, empty cells last) and cut
    to the first ``limit``; only rows can be sorted or cut.

    >>> from rdflib import Literal
    >>> rows = QueryResult(("n",), ((Literal("18"),), (Literal("2"),), (None,), (Literal("3"),)))
    >>> [str(r[0]) for r in arranged(rows, "n", limit=3).rows]
    ['2', '3', '18']
    >>> [str(r[0]) for r in arranged(rows, "n", descending=True).rows]
    ['18', '3', '2', 'None']
    """
    if sort is None and limit is None:
        return result
    if result.graph is not None or result.boolean is not None:
        kind, _ = _kind(result)
        raise InputError(f"--sort and --limit apply to rows; this query answers {kind}")
    rows = list(result.rows)
    if sort is not None:
        if sort not in result.columns:
            raise InputError(
                f"no column '{sort}' to sort by; choose one of: {', '.join(result.columns)}"
            )
        at = result.columns.index(sort)
        present = [row for row in rows if row[at] is not None]
        present.sort(key=lambda row: _sort_key(row[at]), reverse=descending)
        rows = present + [row for row in rows if row[at] is None]
    if limit is not None:
        if limit < 0:
            raise InputError("--limit must be at least 0")
        rows = rows[:limit]
    return QueryResult(result.columns, tuple(rows))


def _sort_key(cell: Node | None) -> tuple[int, float, str]:
    """Numbers (typed or written as digits: task numbers) before text, each in order."""
    text = _plain(cell)
    try:
        return (0, float(text), text)
    except ValueError:
        return (1, 0.0, text)


def result_workbook(result: QueryResult, title: str) -> bytes:
    """Rows as an Excel workbook of one sheet: the header frozen and bold, every cell a
    string (text that starts like a formula is neutralised, as in the registers)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .workbook import unique_sheet_name

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = unique_sheet_name(title or "results", set())
    sheet.append(list(result.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in result.rows:
        sheet.append([neutralise(_NOT_XML.sub("\ufffd", _plain(cell))) for cell in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(node: Node | None) -> str:
    return "" if node is None else str(node)


def _csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV results: the values as they are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([_plain(cell) for cell in row] for row in result.rows)
    return buffer.getvalue()


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
        table.add_row(*(terminal_safe(_plain(cell)) for cell in row))
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
        return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False) + "\n"
    bindings = [
        {
            name: _term(cell)
            for name, cell in zip(result.columns, row, strict=True)
            if cell is not None
        }
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


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


def _xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format.

    >>> from rdflib import Literal
    >>> print(_xml(QueryResult(("x",), ((Literal("a\\x1bb"),),))).splitlines()[4])
    <result><binding name="x"><literal>a�b</literal></binding></result>
    """
    head = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
    if result.boolean is not None:
        return head + f"<head/><boolean>{str(result.boolean).lower()}</boolean>\n</sparql>\n"
    parts = [head, "<head>"]
    parts += [f'<variable name="{_xml_text(c)}"/>' for c in result.columns]
    parts.append("</head>\n<results>\n")
    for row in result.rows:
        parts.append("<result>")
        for column, cell in zip(result.columns, row, strict=True):
            if cell is not None:
                parts.append(f'<binding name="{_xml_text(column)}">{_xml_term(cell)}</binding>')
        parts.append("</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts)


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{_xml_text(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{_xml_text(str(term))}</bnode>"
    attribute = ""
    if isinstance(term, Literal) and term.language:
        attribute = f' xml:lang="{_xml_text(term.language)}"'
    elif isinstance(term, Literal) and term.datatype:
        attribute = f' datatype="{_xml_text(str(term.datatype))}"'
    return f"<literal{attribute}>{_xml_text(str(term))}</literal>"


def _xml_text(text: str) -> str:
    """Text as XML character data or an attribute value: escaped, and what XML cannot hold
    replaced by U+FFFD."""
    return xml_escape(_NOT_XML.sub("\ufffd", text), {'"': "&quot;"})
