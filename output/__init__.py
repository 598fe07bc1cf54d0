"""Everything that leaves the process: Turtle and N-Triples files, other syntaxes, the map, the
report and registers, comparisons, SPARQL results, the server and pushes to other stores."""

from __future__ import annotations

from policykg.lazy_exports import lazy_exports

# The public API: each name and the module that defines it, imported when first used (the
# command line starts without loading what a command does not need).
_EXPORTS = {
    "progress_csv": "output.progress_csv",
    "NTriplesFile": "output.streams",
    "PushTarget": "output.push",
    "TurtleFile": "output.streams",
    "accuracy_table": "output.scores",
    "diff_html": "output.diff_formats",
    "diff_json": "output.diff_formats",
    "diff_table": "output.diff_formats",
    "export_data": "output.exports",
    "format_result": "output.results",
    "format_scores": "output.scores",
    "make_server": "output.server",
    "ownership_csv": "output.registers_csv",
    "push_graphs": "output.push",
    "render_map": "output.map",
    "render_report": "output.report_page",
    "serialize_graph": "output.serialize",
    "targets_csv": "output.registers_csv",
    "workbook": "output.workbook",
    "write_export": "output.exports",
    "write_graph_and_views": "output.publish",
    "write_together": "output.atomic",
}
__all__ = [
    "NTriplesFile",
    "PushTarget",
    "TurtleFile",
    "accuracy_table",
    "diff_html",
    "diff_json",
    "diff_table",
    "export_data",
    "format_result",
    "format_scores",
    "make_server",
    "ownership_csv",
    "progress_csv",
    "push_graphs",
    "render_map",
    "render_report",
    "serialize_graph",
    "targets_csv",
    "workbook",
    "write_export",
    "write_graph_and_views",
    "write_together",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
