"""``policykg export``: the plans in a format other tools load, written atomically.

RDF (``output.rdf_exports``), property graphs (``output.property_graphs``) and the Excel
workbook (``output.workbook``) are all drawn from the model, whatever the plans were read
from (a graph file, a build's directory, a store)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph.model import PlanView
from policykg.errors import InputError

from .atomic import write_together
from .property_graphs import PROPERTY_GRAPH_EXPORTS, csv_pair, gexf, graphml
from .rdf_exports import RDF_EXPORTS, rdf_export
from .workbook import workbook

__all__ = ["EXPORT_FORMATS", "export_data", "write_export"]

EXPORT_FORMATS = {
    **RDF_EXPORTS,
    **PROPERTY_GRAPH_EXPORTS,
    "xlsx": "an Excel workbook: 任务分工表, 责任清单 per office, 目标清单",
}
_BINARY = {"xlsx", "csv"}  # never written to a terminal: --out is needed


def export_data(plans: Sequence[PlanView], export_format: str) -> str | bytes | dict[str, str]:
    """The plans in ``export_format``: text, bytes, or files by name (the CSV pair)."""
    if export_format in RDF_EXPORTS:
        return rdf_export(plans, export_format)
    if export_format == "graphml":
        return graphml(plans)
    if export_format == "gexf":
        return gexf(plans)
    if export_format == "csv":
        return csv_pair(plans)
    if export_format == "xlsx":
        return workbook(plans)
    raise InputError(
        f"unknown format '{export_format}'; choose one of: {', '.join(EXPORT_FORMATS)}"
    )


def write_export(
    plans: Sequence[PlanView], export_format: str, out: Path | None
) -> str | bytes | tuple[Path, ...]:
    """Write the export to ``out`` (a file; a directory for the CSV pair) and give the paths
    written; with no ``out``, give the data itself (text formats only)."""
    if export_format not in EXPORT_FORMATS:
        export_data(plans, export_format)  # the error that lists the formats
    if out is None and export_format in _BINARY:
        what = "a directory for the CSV pair" if export_format == "csv" else "the .xlsx file"
        raise InputError(f"--format {export_format} needs --out: {what} to write")
    data = export_data(plans, export_format)
    if out is None:
        return data if isinstance(data, (str, bytes)) else "".join(data.values())
    if isinstance(data, dict):
        return tuple(write_together(out, dict(data)).values())
    return tuple(write_together(out.parent, {out.name: data}).values())
