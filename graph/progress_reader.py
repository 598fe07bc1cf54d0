"""RDF → model for progress reports: the reports of a graph file or a store read back into
``ProgressReportView``s, the inverse of ``graph.progress_writer``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from rdflib import Graph

from ontology.namespaces import DCTERMS, PK, SCHEMA, SKOS

from .concept_terms import PROGRESS_STATUSES
from .model import (
    ProgressStatus,
    reading_order,
)
from .progress_model import ProgressReportView, ProgressStatementView, ReportedValueView
from .text_reader import TextReader
from .triple_index import Triples, date_of, decimal_of
from .triples import TextTriple, triples_as_text

__all__ = ["progress_of_graph", "progress_of_triples"]

_STATUSES = {str(iri): status for status, iri in PROGRESS_STATUSES.items()}


def progress_of_graph(graph: Graph) -> tuple[ProgressReportView, ...]:
    """Every progress report of an rdflib graph, in the order of their plans and periods."""
    return progress_of_triples(triples_as_text(graph))


def progress_of_triples(triples: Iterable[TextTriple]) -> tuple[ProgressReportView, ...]:
    """Every progress report of a graph given as text triples
    (``graph.progress_writer.write_progress`` wrote them), in the order of their plans and
    periods."""
    reader = _ProgressReader(Triples(triples))
    reports = [reader.report(iri) for iri in reader.g.typed(str(PK.ProgressReport))]
    return tuple(sorted(reports, key=lambda r: (r.plan, r.period_end or date.min, r.iri)))


class _ProgressReader(TextReader):
    def report(self, iri: str) -> ProgressReportView:
        """One progress report with its statements, in the report's order."""
        g = self.g
        statements = [self._statement(n) for n in g.all(iri, str(PK.hasProgressStatement))]
        return ProgressReportView(
            iri=iri,
            key=g.one(iri, str(DCTERMS.identifier)) or "",
            plan=g.one(iri, str(PK.reportsOn)) or "",
            title=g.one(iri, str(DCTERMS.title)) or "",
            document=self.document(g.one(iri, str(PK.sourceText)) or ""),
            title_span=self.span_or_none(iri),
            period_start=date_of(g.one(iri, str(PK.periodStart))),
            period_end=date_of(g.one(iri, str(PK.periodEnd))),
            period_words=g.one(iri, str(PK.periodText)) or "",
            statements=tuple(sorted(statements, key=reading_order)),
        )

    def _statement(self, iri: str) -> ProgressStatementView:
        g = self.g
        values = [self._reported_value(n) for n in g.all(iri, str(PK.hasReportedValue))]
        status = g.one(iri, str(PK.progressStatus)) or ""
        return ProgressStatementView(
            iri=iri,
            task=g.one(iri, str(PK.aboutTask)),
            number=g.one(iri, str(SKOS.notation)) or "",
            title=g.one(iri, str(DCTERMS.title)) or "",
            status=_STATUSES.get(status, ProgressStatus.UNKNOWN),
            status_words=g.one(iri, str(PK.statusText)) or "",
            span=self.span(iri),
            values=tuple(sorted(values, key=reading_order)),
        )

    def _reported_value(self, iri: str) -> ReportedValueView:
        g = self.g
        return ReportedValueView(
            iri=iri,
            target=g.one(iri, str(PK.aboutTarget)) or "",
            value=decimal_of(g.one(iri, str(SCHEMA.value))) or Decimal(0),
            unit=g.one(iri, str(SCHEMA.unitText)),
            share=decimal_of(g.one(iri, str(PK.shareOfGoal))),
            span=self.span(iri),
        )
