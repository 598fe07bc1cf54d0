"""Records → model → triples, and back: the read model every page reads, the one writer of the
graph's shape, stores, SPARQL, SHACL validation, networkx views, registers and comparisons."""

from __future__ import annotations

from policykg.exports import lazy_exports

# The public API: each name and the module that defines it, imported when first used (the
# command line starts without loading what a command does not need).
_EXPORTS = {
    "Census": "graph.census",
    "GraphCounts": "graph.census",
    "MapView": "graph.network",
    "MentionView": "graph.model",
    "OfficeView": "graph.model",
    "PartyView": "graph.model",
    "PlanDiff": "graph.comparison",
    "PlanStore": "graph.store",
    "PlanView": "graph.model",
    "QueryResult": "graph.query",
    "SectionView": "graph.model",
    "SpanView": "graph.model",
    "TargetView": "graph.model",
    "TaskView": "graph.model",
    "add_document": "graph.build",
    "build_graph": "graph.build",
    "compare_plans": "graph.comparison",
    "document_key": "graph.resolve",
    "load_graph": "graph.query",
    "named_queries": "graph.named",
    "office_register": "graph.registers",
    "ownership_network": "graph.network",
    "plans_of_graph": "graph.readback",
    "plans_of_triples": "graph.readback",
    "resolve_plan": "graph.resolve",
    "run_query": "graph.query",
    "target_register": "graph.registers",
    "validate": "graph.validation",
    "write_plan": "graph.emit",
}
__all__ = [
    "Census",
    "GraphCounts",
    "MapView",
    "MentionView",
    "OfficeView",
    "PartyView",
    "PlanDiff",
    "PlanStore",
    "PlanView",
    "QueryResult",
    "SectionView",
    "SpanView",
    "TargetView",
    "TaskView",
    "add_document",
    "build_graph",
    "compare_plans",
    "document_key",
    "load_graph",
    "named_queries",
    "office_register",
    "ownership_network",
    "plans_of_graph",
    "plans_of_triples",
    "resolve_plan",
    "run_query",
    "target_register",
    "validate",
    "write_plan",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
