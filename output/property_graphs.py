"""Plans as property graphs: GraphML and GEXF for Gephi (and anything networkx reads), and the
CSV pair of a Neo4j bulk import (``nodes.csv`` with ``:ID`` and ``:LABEL``,
``relationships.csv`` with ``:START_ID``, ``:END_ID`` and ``:TYPE``), which other Cypher
databases load too. The graph is ``graph.property_graph``'s: one shape for every format."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import networkx as nx

from graph.model import PlanView
from graph.property_graph import property_graph

__all__ = ["CSV_FILES", "PROPERTY_GRAPH_EXPORTS", "csv_pair", "gexf", "graphml"]

PROPERTY_GRAPH_EXPORTS = {
    "graphml": "GraphML (Gephi, yEd, networkx)",
    "gexf": "GEXF (Gephi)",
    "csv": "a Neo4j bulk-import pair: nodes.csv and relationships.csv in a directory",
}
CSV_FILES = ("nodes.csv", "relationships.csv")


def graphml(plans: Sequence[PlanView]) -> bytes:
    """The plans' property graph as GraphML (UTF-8)."""
    buffer = io.BytesIO()
    nx.write_graphml(property_graph(plans), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf(plans: Sequence[PlanView]) -> bytes:
    """The plans' property graph as GEXF 1.2 (UTF-8)."""
    buffer = io.BytesIO()
    nx.write_gexf(property_graph(plans), buffer, encoding="utf-8")
    return buffer.getvalue()


def csv_pair(plans: Sequence[PlanView]) -> dict[str, str]:
    """``nodes.csv`` and ``relationships.csv`` of the plans' property graph, Neo4j's header
    conventions (``name:int`` for integer properties); no spreadsheet guard: the cells are
    data for a database, and ``-5`` stays ``-5``."""
    graph = property_graph(plans)
    nodes = [(node, data) for node, data in graph.nodes(data=True)]
    properties = sorted({key for _, data in nodes for key in data} - {"kind"})
    integers = {k for k in properties if any(isinstance(d.get(k), int) for _, d in nodes)}
    header = ["id:ID", ":LABEL", *(f"{k}:int" if k in integers else k for k in properties)]
    node_rows = [
        [node, data["kind"], *(data.get(k, "") for k in properties)] for node, data in nodes
    ]
    edge_rows = [
        [start, end, data["relation"], data.get("position", "")]
        for start, end, data in graph.edges(data=True)
    ]
    return {
        "nodes.csv": _csv(header, node_rows),
        "relationships.csv": _csv([":START_ID", ":END_ID", ":TYPE", "position:int"], edge_rows),
    }


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
