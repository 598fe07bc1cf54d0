"""Records → triples: resolve a document into its model and write the model into a sink."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Graph

from extract.records import Document
from ontology.iris import IriMinter
from ontology.namespaces import bind_prefixes
from policykg.config import BuildConfig

from .emit import PlanWriter, write_plan
from .model import PlanView
from .resolve import TaskResolver, resolve_plan
from .triples import TripleSink, as_sink

if TYPE_CHECKING:
    from extract.details import Details

__all__ = ["add_document", "build_graph"]


def build_graph(documents: Iterable[Document], config: BuildConfig) -> Graph:
    """One rdflib graph holding every document (details extracted)."""
    graph = bind_prefixes(Graph())
    for document in documents:
        add_document(graph, document, config)
    return graph


def add_document(
    graph: Graph | TripleSink,
    document: Document,
    config: BuildConfig,
    details: Details | None = None,
) -> PlanView:
    """Write one document's triples into ``graph`` (an rdflib graph or a sink) and return its
    model.

    With ``details`` the tasks' targets and mentions are read from it task by task as they
    are written (``document`` is then the parsed structure), each forgotten once written: a
    long plan in bounded memory, and the model returned holds no tasks.
    """
    sink, mint = as_sink(graph), IriMinter(config.base)
    if details is None:
        plan = resolve_plan(document, config)
        write_plan(sink, plan, mint)
        return plan
    resolver = TaskResolver(document, config)
    header = resolver.header()
    writer = PlanWriter(sink, header, mint)
    writer.header()
    for task in resolver.detailed_tasks(details):
        writer.task(task)
    plan = resolver.plan((), details.plan_targets())
    writer.goals(plan)
    return plan
