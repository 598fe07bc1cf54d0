"""The office × section matrix: how many tasks each office answers for in each section."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .model import PlanView

__all__ = ["LoadMatrix", "SectionColumn", "load_matrix"]


@dataclass(frozen=True, slots=True)
class SectionColumn:
    """A section as a column of the matrix: its number as printed and its title."""

    number: str
    title: str


@dataclass(frozen=True, slots=True)
class LoadMatrix:
    """Tasks per office (rows) and section (columns), offices in order of total load."""

    sections: tuple[SectionColumn, ...]
    offices: tuple[str, ...]
    counts: dict[tuple[str, str], int]

    def count(self, office: str, section: str) -> int:
        """Tasks of ``office`` in the section with key ``section`` (its column's index)."""
        return self.counts.get((office, section), 0)


def load_matrix(plans: Sequence[PlanView]) -> LoadMatrix:
    """Count the tasks of every office (not placeholders) in every top-level section."""
    columns: dict[str, tuple[tuple[str, int], SectionColumn]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for plan in plans:
        for task in plan.tasks:
            section = plan.top_section(task)
            if section is None:
                continue
            columns[section.iri] = (
                (plan.key, section.ordinal),
                SectionColumn(section.number, section.title),
            )
            for office in task.offices:
                counts[(office.name, section.iri)] += 1
                totals[office.name] += 1
    ordered = sorted(columns.items(), key=lambda item: (item[1][0], item[0]))
    index = {iri: str(i) for i, (iri, _) in enumerate(ordered)}
    renamed = {(office, index[iri]): n for (office, iri), n in counts.items()}
    offices = tuple(sorted(totals, key=lambda o: (-totals[o], o)))
    return LoadMatrix(tuple(column for _, (_, column) in ordered), offices, renamed)
