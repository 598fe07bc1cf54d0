"""The model's kinds (roles, comparators, statuses…) and the ontology terms the graph names them
by: one table each, read by the writer (``graph.emit``) and the reader (``graph.readback``)."""

from __future__ import annotations

from ontology.namespaces import PK, SCHEMA

from .model import Comparator, MentionKind, ProgressStatus, Role, StatementKind

__all__ = [
    "COMPARATORS",
    "MENTION_SHORTCUTS",
    "PLACE_TYPES",
    "PROGRESS_STATUSES",
    "ROLES",
    "ROLE_SHORTCUTS",
    "STATEMENT_TERMS",
]

# A statement kind → the task's predicate to it and its class.
STATEMENT_TERMS: dict[StatementKind, tuple[str, str]] = {
    StatementKind.PROBLEM: (PK.problem, PK.ProblemStatement),
    StatementKind.OBJECTIVE: (PK.objective, PK.ObjectiveStatement),
    StatementKind.OUTCOME: (PK.outcome, PK.OutcomeStatement),
    StatementKind.MEASURE: (PK.measure, PK.MeasureStatement),
    StatementKind.TIMEFRAME: (PK.timeframe, PK.TimeframeStatement),
    StatementKind.BODY: (PK.body, PK.BodyStatement),
}
ROLES: dict[Role, str] = {
    Role.LEAD: PK.LeadRole,
    Role.SUPPORTING: PK.SupportingRole,
    Role.UNSPECIFIED: PK.UnspecifiedRole,
}
# The shortcut from a task to an office, where the text states the office's role.
ROLE_SHORTCUTS: dict[Role, str] = {Role.LEAD: PK.leadParty, Role.SUPPORTING: PK.supportingParty}
COMPARATORS: dict[Comparator, str] = {
    Comparator.AT_LEAST: PK.AtLeast,
    Comparator.MORE_THAN: PK.MoreThan,
    Comparator.AT_MOST: PK.AtMost,
    Comparator.LESS_THAN: PK.LessThan,
    Comparator.EQUAL: PK.Equal,
    Comparator.APPROX: PK.Approximately,
    Comparator.RANGE: PK.Range,
    Comparator.INCREASE_BY: PK.IncreaseBy,
    Comparator.DECREASE_BY: PK.DecreaseBy,
    Comparator.FULL_COVERAGE: PK.FullCoverage,
}
MENTION_SHORTCUTS: dict[MentionKind, str] = {
    MentionKind.PROGRAMME: PK.involvesProgramme,
    MentionKind.POLICY_DOCUMENT: PK.involvesPolicyDocument,
    MentionKind.ORGANIZATION: PK.mentionsOrganization,
    MentionKind.PLACE: PK.mentionsPlace,
}
PLACE_TYPES = {"country": SCHEMA.Country, "region": SCHEMA.Place}
PROGRESS_STATUSES: dict[ProgressStatus, str] = {
    ProgressStatus.COMPLETED: PK.Completed,
    ProgressStatus.ON_SCHEDULE: PK.OnSchedule,
    ProgressStatus.BEHIND: PK.Behind,
    ProgressStatus.NOT_STARTED: PK.NotStarted,
    ProgressStatus.UNKNOWN: PK.StatusUnknown,
}
