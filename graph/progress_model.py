"""A progress report laid over a plan's model (``graph.model``): per task, the status it
reports and the values it gives against the task's targets, each with its span."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ontology.concepts import ProgressStatus

from .model import DocumentView, SpanView

__all__ = ["ProgressReportView", "ProgressStatementView", "ReportedValueView"]


@dataclass(frozen=True, slots=True)
class ReportedValueView:
    """A quantity a progress statement reports for one of its task's targets (已新增学位8000个
    against 12,000): the number, its unit, its share of the target's goal (0.6667; None for a
    ceiling such as 低于5%) and the words."""

    iri: str
    target: str  # the target's IRI
    value: Decimal
    unit: str | None
    share: Decimal | None
    span: SpanView


@dataclass(frozen=True, slots=True)
class ProgressStatementView:
    """What a report says of one task: its status and the words that state it, the row or
    paragraph (``span``, in the report's text), the number and title it names the task by,
    and its reported values. ``task`` is None for a row matched to no task of the plan."""

    iri: str
    task: str | None
    number: str
    title: str
    status: ProgressStatus
    status_words: str
    span: SpanView
    values: tuple[ReportedValueView, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgressReportView:
    """A progress report laid over a plan: its text, title, the period it covers and its
    statements in the report's order."""

    iri: str
    key: str
    plan: str  # the plan's IRI
    title: str
    document: DocumentView
    title_span: SpanView | None
    period_start: date | None
    period_end: date | None
    period_words: str
    statements: tuple[ProgressStatementView, ...] = ()

    @property
    def unmatched(self) -> tuple[ProgressStatementView, ...]:
        """The statements matched to no task of the plan."""
        return tuple(s for s in self.statements if s.task is None)
