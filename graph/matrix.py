"""Load matrices: how many tasks each office answers for in each section (of one plan) or in
each plan (of a corpus). Offices are rows by IRI, never by name: two bureaus' offices of one
name are two rows, each named with its issuer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .model import OfficeView, PlanView
from .registers import issuer_names, plan_order

__all__ = ["LoadMatrix", "MatrixColumn", "MatrixRow", "load_matrix", "plan_matrix"]


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    """A column: a section (its number as printed and its title) or a plan (its issuer and
    year, and its title)."""

    number: str
    title: str


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """An office as a row: its IRI, its name and whose office it is."""

    key: str
    name: str
    issuer: str


@dataclass(frozen=True, slots=True)
class LoadMatrix:
    """Tasks per office (rows) and column, offices in order of total load."""

    sections: tuple[MatrixColumn, ...]
    offices: tuple[MatrixRow, ...]
    counts: dict[tuple[str, str], int]

    def count(self, office: str, column: str) -> int:
        """Tasks of the office with IRI ``office`` in the column with key ``column`` (its
        index)."""
        return self.counts.get((office, column), 0)

    @property
    def issuers(self) -> int:
        """How many issuers the rows belong to (a corpus names each row's issuer)."""
        return len({row.issuer for row in self.offices})


def load_matrix(plans: Sequence[PlanView]) -> LoadMatrix:
    """Count the tasks of every office (not placeholders) in every top-level section."""
    columns: dict[str, tuple[tuple[str, int], MatrixColumn]] = {}
    cells: list[tuple[OfficeView, str]] = []
    for plan in plans:
        for task in plan.tasks:
            section = plan.top_section(task)
            if section is None:
                continue
            columns[section.iri] = (
                (plan.key, section.ordinal),
                MatrixColumn(section.number, section.title),
            )
            cells += [(office, section.iri) for office in task.offices]
    ordered = sorted(columns.items(), key=lambda item: (item[1][0], item[0]))
    return _matrix(plans, [(iri, column) for iri, (_, column) in ordered], cells)


def plan_matrix(plans: Sequence[PlanView]) -> LoadMatrix:
    """Count the tasks of every office (not placeholders) in every plan: a corpus's overview."""
    columns = [
        (
            plan.iri,
            MatrixColumn(f"{plan.issuer.name} {plan.document.year or ''}".strip(), plan.title),
        )
        for plan in plan_order(plans)
    ]
    cells = [(office, plan.iri) for plan in plans for task in plan.tasks for office in task.offices]
    return _matrix(plans, columns, cells)


def _matrix(
    plans: Sequence[PlanView],
    columns: list[tuple[str, MatrixColumn]],
    cells: list[tuple[OfficeView, str]],
) -> LoadMatrix:
    issuers = issuer_names(plans)
    index = {iri: str(i) for i, (iri, _) in enumerate(columns)}
    counts: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    rows: dict[str, MatrixRow] = {}
    for office, column in cells:
        rows.setdefault(
            office.iri, MatrixRow(office.iri, office.name, issuers.get(office.issuer or "", ""))
        )
        counts[(office.iri, index[column])] += 1
        totals[office.iri] += 1
    ranked = sorted(rows.values(), key=lambda r: (-totals[r.key], r.name, r.issuer, r.key))
    return LoadMatrix(tuple(column for _, column in columns), tuple(ranked), dict(counts))
