"""Progress report model → triples: the report, its text and its statements, each pointing at
the plan's task (and target) it speaks of."""

from __future__ import annotations

from ontology.iris import IriMinter
from ontology.namespaces import DCTERMS, PK, RDF, SCHEMA, SKOS, XSD

from .concept_terms import PROGRESS_STATUSES
from .progress_model import ProgressReportView, ProgressStatementView
from .text_writer import TextWriter
from .triples import TripleSink, decimal_lexical

__all__ = ["write_progress"]


def write_progress(sink: TripleSink, report: ProgressReportView, mint: IriMinter) -> None:
    """Every triple of one progress report: the report, its text and its statements, each
    pointing at the plan's task (and target) it speaks of."""
    writer = TextWriter(sink, report.document, mint)
    plain, typed = writer.plain, writer.typed
    pairs: list[object] = [
        RDF.type, PK.ProgressReport,
        DCTERMS.identifier, plain(report.key),
    ]  # fmt: skip
    if report.title:
        pairs += (DCTERMS.title, writer.zh(report.title))
    pairs += (PK.reportsOn, report.plan, PK.sourceText, report.document.text_iri)
    if report.period_start is not None:
        pairs += (PK.periodStart, typed(report.period_start.isoformat(), XSD.date))
    if report.period_end is not None:
        pairs += (PK.periodEnd, typed(report.period_end.isoformat(), XSD.date))
    if report.period_words:
        pairs += (PK.periodText, plain(report.period_words))
    writer.node(report.iri, pairs, report.title_span)
    writer.source_text()
    for statement in report.statements:
        writer.add(report.iri, PK.hasProgressStatement, statement.iri)
        _progress_statement(writer, statement)


def _progress_statement(writer: TextWriter, statement: ProgressStatementView) -> None:
    plain, typed = writer.plain, writer.typed
    pairs: list[object] = [RDF.type, PK.ProgressStatement]
    if statement.task is not None:
        pairs += (PK.aboutTask, statement.task)
    if statement.number:
        pairs += (SKOS.notation, plain(statement.number))
    if statement.title:
        pairs += (DCTERMS.title, writer.zh(statement.title))
    pairs += (PK.progressStatus, PROGRESS_STATUSES[statement.status])
    if statement.status_words:
        pairs += (PK.statusText, plain(statement.status_words))
    writer.node(statement.iri, pairs, statement.span)
    for value in statement.values:
        writer.add(statement.iri, PK.hasReportedValue, value.iri)
        pairs = [
            RDF.type, PK.ReportedValue,
            PK.aboutTarget, value.target,
            SCHEMA.value, typed(decimal_lexical(value.value), XSD.decimal),
        ]  # fmt: skip
        if value.unit is not None:
            pairs += (SCHEMA.unitText, plain(value.unit))
        if value.share is not None:
            pairs += (PK.shareOfGoal, typed(decimal_lexical(value.share), XSD.decimal))
        writer.node(value.iri, pairs, value.span)
