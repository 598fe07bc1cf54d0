"""Tables read off the model: the target register and the office load register.

Every row names its plan and issuer: a corpus holds several bureaus' offices of one name
(综合科), and each is an office of its own (the model keys offices by IRI, minted from issuer
and name). Values are in Chinese as people read them (``graph.display``); the machine values
stay in the graph.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .display import amount_text, comparator_text
from .model import OfficeView, PlanView, Role, StatementView, TargetView, TaskView

__all__ = [
    "OfficeRow",
    "OfficeTotal",
    "TargetRow",
    "issuer_names",
    "office_register",
    "office_totals",
    "plan_order",
    "sentence_around",
    "target_register",
]

_SENTENCE_ENDS = "。!?;\n"
_ROLE_COLUMNS = {Role.LEAD: "lead", Role.SUPPORTING: "supporting", Role.UNSPECIFIED: "unspecified"}


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One target with the task and offices it belongs to and the sentence that states it."""

    plan: str
    plan_key: str
    issuer: str
    task: str
    task_title: str
    offices: tuple[str, ...]
    leads: tuple[str, ...]
    metric: str
    comparator: str  # in Chinese with its sign: 不少于(≥)
    amount: str  # the number with its unit as people write it: 15亿元, 2–3个
    level: Decimal | None  # the number itself, for sorting
    unit: str
    deadline: str  # the words it is read from (for an implied one: its task's or plan's)
    due: str  # the day, YYYY-MM-DD
    deadline_implied: bool
    cue: str
    quote: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OfficeRow:
    """How much one office or placeholder answers for in one plan."""

    plan: str
    plan_key: str
    office: str
    office_key: str  # its IRI: two offices of one name under two issuers stay two
    kind: str
    issuer: str
    lead: int
    supporting: int
    unspecified: int
    targets: int
    tasks: tuple[str, ...]

    @property
    def total(self) -> int:
        """Tasks the office answers for in any role."""
        return self.lead + self.supporting + self.unspecified


def target_register(plans: Sequence[PlanView]) -> list[TargetRow]:
    """Every target of every task (and of each plan's goals), in plan and text order."""
    rows = []
    for plan in plans:
        for task in plan.tasks:
            offices = tuple(p.office.name for p in task.parties)
            leads = tuple(sorted({p.office.name for p in task.parties if p.role is Role.LEAD}))
            for target in task.targets:
                rows.append(_row(plan, task, offices, leads, target, task.statements))
        for target in plan.targets:
            rows.append(_row(plan, None, (), (), target, plan.goals))
    order = {plan.key: i for i, plan in enumerate(plan_order(plans))}
    rows.sort(key=lambda r: (order[r.plan_key], r.start))
    return rows


def _row(  # noqa: PLR0917 - one row's six sources
    plan: PlanView,
    task: TaskView | None,
    offices: tuple[str, ...],
    leads: tuple[str, ...],
    target: TargetView,
    statements: Sequence[StatementView],
) -> TargetRow:
    statement = next((s for s in statements if s.iri == target.statement), None)
    bounds = (statement.span.start, statement.span.end) if statement is not None else (0, 0)
    span = target.span
    return TargetRow(
        plan=plan.title,
        plan_key=plan.key,
        issuer=plan.issuer.name,
        task="" if task is None else task.number,
        task_title="(全文目标)" if task is None else task.title,
        offices=offices,
        leads=leads,
        metric=target.metric,
        comparator=comparator_text(target.comparator, target.change_bound),
        amount=amount_text(target),
        level=target.level,
        unit=target.unit or "",
        deadline=target.deadline.words if target.deadline is not None else "",
        due=target.deadline.day.isoformat() if target.deadline is not None else "",
        deadline_implied=target.deadline is not None and target.deadline.implied,
        cue=target.cue,
        quote=span.quote,
        sentence=sentence_around(plan.document.text, span.start, span.end, bounds),
        start=span.start,
        end=span.end,
    )


def office_register(plans: Sequence[PlanView]) -> list[OfficeRow]:
    """Every office and placeholder of every plan with its tasks there by role and the
    targets of those tasks: plans in order (issuer, year, title), offices by load in each."""
    issuers = issuer_names(plans)
    rows: list[OfficeRow] = []
    for plan in plan_order(plans):
        roles: dict[str, Counter[str]] = defaultdict(Counter)
        tasks: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
        targets: Counter[str] = Counter()
        offices: dict[str, OfficeView] = {}
        for task in plan.tasks:
            for party in task.parties:
                office = offices.setdefault(party.office.iri, party.office)
                roles[office.iri][_ROLE_COLUMNS[party.role]] += 1
                if task.iri not in tasks[office.iri]:
                    targets[office.iri] += len(task.targets)
                    tasks[office.iri][task.iri] = (task.span.start, task.number)
        ranked = [
            OfficeRow(
                plan=plan.title,
                plan_key=plan.key,
                office=office.name,
                office_key=iri,
                kind="placeholder" if office.is_placeholder else "office",
                issuer=_issuer_of(office, plan, issuers),
                lead=roles[iri]["lead"],
                supporting=roles[iri]["supporting"],
                unspecified=roles[iri]["unspecified"],
                targets=targets[iri],
                tasks=tuple(number for _, number in sorted(tasks[iri].values())),
            )
            for iri, office in offices.items()
        ]
        rows += sorted(ranked, key=lambda r: (-r.total, -r.targets, r.office, r.office_key))
    return rows


@dataclass(frozen=True, slots=True)
class OfficeTotal:
    """One office's load across the plans of a corpus: its tasks in each plan (by key)."""

    office: str
    office_key: str
    kind: str
    issuer: str
    tasks: dict[str, int]
    targets: int

    @property
    def total(self) -> int:
        """Tasks in every plan together."""
        return sum(self.tasks.values())


def office_totals(register: Sequence[OfficeRow]) -> list[OfficeTotal]:
    """The office register summed over plans, one row per office (by IRI, never by name),
    ranked by load."""
    tasks: dict[str, dict[str, int]] = defaultdict(dict)
    targets: Counter[str] = Counter()
    first: dict[str, OfficeRow] = {}
    for row in register:
        first.setdefault(row.office_key, row)
        tasks[row.office_key][row.plan_key] = row.total
        targets[row.office_key] += row.targets
    totals = [
        OfficeTotal(row.office, key, row.kind, row.issuer, tasks[key], targets[key])
        for key, row in first.items()
    ]
    totals.sort(key=lambda t: (-t.total, -t.targets, t.office, t.issuer, t.office_key))
    return totals


def _issuer_of(office: OfficeView, plan: PlanView, issuers: dict[str, str]) -> str:
    """Whose office it is: a unit's organisation, the plan's issuer for a placeholder (its
    各相关处室), none for a national body (it is an organisation of its own)."""
    if office.issuer is not None:
        return issuers.get(office.issuer, "")
    return plan.issuer.name if office.is_placeholder else ""


def issuer_names(plans: Sequence[PlanView]) -> dict[str, str]:
    """The name of each plan's issuer by its IRI."""
    return {plan.issuer.iri: plan.issuer.name for plan in plans}


def plan_order(plans: Sequence[PlanView]) -> list[PlanView]:
    """Plans in the order people look for them: issuer, year, title."""
    return sorted(plans, key=lambda p: (p.issuer.name, p.document.year or 0, p.title, p.key))


def sentence_around(text: str, start: int, end: int, bounds: tuple[int, int]) -> str:
    """The sentence around ``[start, end)`` of ``text``, within the statement's bounds.

    >>> sentence_around("一是建设。二是新增学位1.2万个。三是", 11, 15, (0, 19))
    '二是新增学位1.2万个。'
    """
    low, high = bounds if bounds[1] > bounds[0] else (0, len(text))
    begin = max((text.rfind(c, low, start) for c in _SENTENCE_ENDS), default=-1)
    begin = max(begin + 1, low)
    stops = [i for i in (text.find(c, end, high) for c in _SENTENCE_ENDS) if i != -1]
    finish = min(stops) + 1 if stops else high
    return text[begin:finish].strip()
