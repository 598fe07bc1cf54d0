"""A progress report laid over its plan: each entry (row or paragraph) matched to the task it
reports on, its reported quantities tied to that task's targets, as a ``ProgressReportView``.

Matching is one to one and never drops an entry: by number first, then by words. An entry
that prints a task's number is that task's unless its title is unlike the task's (a report
that numbers its rows afresh, 1, 2, 3 for the plan's tasks 1, 8, 26); otherwise an entry and
a task are scored by the words of the entry's title against the task's title and of the whole
entry against the task's text (TF-IDF cosine, ``similarity.tfidf_vectors``), and the pairs of
greatest total score at least ``threshold`` are kept (the Hungarian algorithm). An entry
matched to none stays, with no task.

A reported value belongs to a target of the task with the same unit and a metric that shares
words with it (the longest run of characters in common, two at least): 已新增学位800个
reports on 新增学位1200个 (66.67 %), not on 新增托位300个.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher

from extract.normalization import NORMALIZATION_NOTE
from extract.numerals import number_value
from extract.progress_entries import ProgressDocument, ProgressEntry
from extract.records import Span, Target
from ontology.iris import IriMinter, digest
from policykg.errors import InputError

from .model import (
    Comparator,
    DocumentView,
    PlanView,
    SpanView,
    TargetView,
    TaskView,
)
from .node_identity import text_sha256
from .progress_model import ProgressReportView, ProgressStatementView, ReportedValueView
from .similarity import cosine, tfidf_vectors, word_counts
from .triples import decimal_lexical

__all__ = ["DEFAULT_MATCH_THRESHOLD", "report_key", "resolve_progress"]

DEFAULT_MATCH_THRESHOLD = 0.3
_TITLE_WEIGHT = 0.6  # the entry's title against the task's, beside the whole entry's words
_TITLE_AGREES = 0.2  # a title at least this like the task's of the number printed: that task
_SHARE_PLACES = Decimal("0.0001")
_LEAST_COMMON_METRIC = 2  # characters a reported metric shares with its target's
# Targets whose goal is a level reached or a change made: a share of it says how far along.
_LEVELS = {
    Comparator.AT_LEAST,
    Comparator.MORE_THAN,
    Comparator.EQUAL,
    Comparator.APPROX,
    Comparator.RANGE,
    Comparator.FULL_COVERAGE,
    Comparator.INCREASE_BY,
}

Tokenize = Callable[[str], Iterable[str]]


def report_key(text: str) -> str:
    """The key of a report in IRIs: a digest of its normalised text (the same report read
    twice, from any file, is one report)."""
    return digest(text_sha256(text), 12)


def resolve_progress(
    report: ProgressDocument,
    plan: PlanView,
    mint: IriMinter,
    tokenize: Tokenize,
    threshold: float = DEFAULT_MATCH_THRESHOLD,
) -> ProgressReportView:
    """The report over ``plan``: its statements in the report's order, each with its task
    (or none) and its values tied to that task's targets."""
    key = report_key(report.text)
    iri = mint.progress_report(plan.key, key)
    sha = text_sha256(report.text)
    tasks = _matches(report.entries, plan.tasks, tokenize, threshold)
    period = report.period
    return ProgressReportView(
        iri=iri,
        key=key,
        plan=plan.iri,
        title=report.title.text if report.title is not None else "",
        document=DocumentView(mint.source_text(sha), sha, report.text, NORMALIZATION_NOTE),
        title_span=_span(report.title) if report.title is not None else None,
        period_start=period.start if period is not None else None,
        period_end=period.end if period is not None else None,
        period_words=period.span.text if period is not None else "",
        statements=tuple(
            _statement(mint, iri, entry, task)
            for entry, task in zip(report.entries, tasks, strict=True)
        ),
    )


def _statement(
    mint: IriMinter, report: str, entry: ProgressEntry, task: TaskView | None
) -> ProgressStatementView:
    iri = mint.progress_statement(report, entry.span.start, entry.span.end)
    words = entry.status_words
    return ProgressStatementView(
        iri=iri,
        task=task.iri if task is not None else None,
        number=entry.number or "",
        title=entry.title.text if entry.title is not None else "",
        status=entry.status,
        status_words=words.text if words is not None else "",
        span=_span(entry.text),
        values=tuple(_values(mint, iri, entry.values, task)) if task is not None else (),
    )


def _matches(
    entries: Sequence[ProgressEntry],
    tasks: Sequence[TaskView],
    tokenize: Tokenize,
    threshold: float,
) -> list[TaskView | None]:
    """The task of each entry (None for an entry of no task), one to one."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not entries or not tasks:
        return [None] * len(entries)

    titles = tfidf_vectors(
        [word_counts(e.title.text if e.title else "", tokenize) for e in entries],
        [word_counts(t.title, tokenize) for t in tasks],
    )
    texts = tfidf_vectors(
        [word_counts(e.span.text, tokenize) for e in entries],
        [word_counts(f"{t.title}{t.text}", tokenize) for t in tasks],
    )
    score = np.zeros((len(entries), len(tasks)))
    numbers = [_value(t.number) for t in tasks]
    for i, entry in enumerate(entries):
        number = _value(entry.number)
        for j in range(len(tasks)):
            title = cosine(titles[0][i], titles[1][j]) if entry.title is not None else None
            text = cosine(texts[0][i], texts[1][j])
            alike = text if title is None else _TITLE_WEIGHT * title + (1 - _TITLE_WEIGHT) * text
            # The number printed decides, unless the entry's title says another task.
            agrees = number is not None and number == numbers[j]
            if agrees and (title is None or title >= _TITLE_AGREES):
                alike += 1
            score[i, j] = alike
    matched: list[TaskView | None] = [None] * len(entries)
    for i, j in zip(*linear_sum_assignment(score, maximize=True), strict=True):
        if score[i, j] >= threshold:
            matched[int(i)] = tasks[int(j)]
    return matched


def _value(number: str | None) -> int | None:
    """The value of a printed number (12, 十二), or None."""
    if not number:
        return None
    try:
        return number_value(number.strip("()"))
    except InputError:
        return None


def _values(
    mint: IriMinter, statement: str, reported: Iterable[Target], task: TaskView
) -> Iterable[ReportedValueView]:
    taken: set[str] = set()
    for value in reported:
        target = _target_of(value, task.targets, taken)
        if target is None:
            continue
        taken.add(target.iri)
        anchor = value.value_text or value.span
        yield ReportedValueView(
            iri=mint.reported_value(statement, anchor.start, anchor.end),
            target=target.iri,
            value=_exact(value.value),
            unit=value.unit,
            share=_share(value.value, target),
            span=_span(value.span),
        )


def _target_of(value: Target, targets: Sequence[TargetView], taken: set[str]) -> TargetView | None:
    """The target a reported value speaks of: the same unit, the metric most alike."""
    metric = value.metric.text if value.metric is not None else ""
    best, best_common = None, _LEAST_COMMON_METRIC - 1
    for target in targets:
        if target.iri in taken or (target.unit or "") != (value.unit or ""):
            continue
        common = _common_run(metric, target.metric)
        if common > best_common:
            best, best_common = target, common
    return best


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters ``a`` and ``b`` share.

    >>> _common_run("已新增普通学位", "普通学位"), _common_run("托育托位", "普通学位")
    (4, 1)
    """
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def _share(value: Decimal, target: TargetView) -> Decimal | None:
    """How far the value goes towards the target's goal (8000 of 12000 → 0.6667)."""
    goal = target.minimum if target.comparator is Comparator.RANGE else target.level
    if target.comparator not in _LEVELS or not goal:
        return None
    return _exact((value / goal).quantize(_SHARE_PLACES, rounding=ROUND_HALF_UP))


def _exact(number: Decimal) -> Decimal:
    """A number as the graph keeps it: canonical, so a model read back from RDF is equal."""
    return Decimal(decimal_lexical(number))


def _span(span: Span) -> SpanView:
    return SpanView(span.start, span.end, span.text)
