"""The concepts a plan is read into, shared by every stage: the role a unit plays, how a
target's number binds, what a mention names. Their members are the words of the gold
annotation rules (docs/annotation.md); the graph writes each as a term of the vocabulary."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Comparator", "MentionKind", "ProgressStatus", "Role"]


class Role(StrEnum):
    """The part a unit plays in a task, as far as the text states it."""

    LEAD = "lead"
    SUPPORTING = "supporting"
    UNSPECIFIED = "unspecified"


class Comparator(StrEnum):
    """How a target's number binds: the names follow the annotation rules (docs/annotation.md)."""

    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"
    EQUAL = "equal"
    APPROX = "approx"
    RANGE = "range"
    INCREASE_BY = "increase_by"
    DECREASE_BY = "decrease_by"
    FULL_COVERAGE = "full_coverage"

    @property
    def is_change(self) -> bool:
        """Whether the number is the size of a change rather than a level."""
        return self in (Comparator.INCREASE_BY, Comparator.DECREASE_BY)


class MentionKind(StrEnum):
    """What a mention names."""

    PROGRAMME = "programme"
    POLICY_DOCUMENT = "policy_document"
    ORGANIZATION = "organization"
    PLACE = "place"


class ProgressStatus(StrEnum):
    """Where a task stands as a progress report (进展情况) says: the values are the words of
    ``extract/data/progress.toml``."""

    COMPLETED = "completed"
    ON_SCHEDULE = "on_schedule"
    BEHIND = "behind"
    NOT_STARTED = "not_started"
    UNKNOWN = "unknown"
