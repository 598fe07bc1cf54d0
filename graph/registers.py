"""Tables read off the model: the target register and the office load register."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .display import number_text
from .model import OfficeView, PlanView, Role, StatementView, TargetView, TaskView
from .network import comparator_name

__all__ = ["OfficeRow", "TargetRow", "office_register", "sentence_around", "target_register"]

_SENTENCE_ENDS = "。!?;\n"
_ROLE_COLUMNS = {Role.LEAD: "lead", Role.SUPPORTING: "supporting", Role.UNSPECIFIED: "unspecified"}


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One target with the task and offices it belongs to and the sentence that states it."""

    plan: str
    task: str
    task_title: str
    offices: tuple[str, ...]
    leads: tuple[str, ...]
    metric: str
    comparator: str
    value: str
    minimum: str
    maximum: str
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
    """How much one office or placeholder answers for."""

    office: str
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
    rows.sort(key=lambda r: (r.plan, r.start))
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
        task="" if task is None else task.number,
        task_title="(全文目标)" if task is None else task.title,
        offices=offices,
        leads=leads,
        metric=target.metric,
        comparator=comparator_name(target),
        value=number_text(target.value),
        minimum=number_text(target.minimum),
        maximum=number_text(target.maximum),
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
    """Every office and placeholder with its tasks by role and the targets of those tasks."""
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    tasks: dict[str, dict[str, tuple[tuple[str, int], str]]] = defaultdict(dict)
    targets: Counter[str] = Counter()
    offices: dict[str, OfficeView] = {}
    issuers = {plan.issuer.iri: plan.issuer.name for plan in plans}
    for plan in plans:
        for task in plan.tasks:
            for party in task.parties:
                office = offices.setdefault(party.office.iri, party.office)
                roles[office.iri][_ROLE_COLUMNS[party.role]] += 1
                if task.iri not in tasks[office.iri]:
                    targets[office.iri] += len(task.targets)
                    tasks[office.iri][task.iri] = ((plan.key, task.span.start), task.number)
    rows = [
        OfficeRow(
            office=office.name,
            kind="placeholder" if office.is_placeholder else "office",
            issuer=issuers.get(office.issuer or "", office.issuer or ""),
            lead=roles[iri]["lead"],
            supporting=roles[iri]["supporting"],
            unspecified=roles[iri]["unspecified"],
            targets=targets[iri],
            tasks=tuple(number for _, number in sorted(tasks[iri].values())),
        )
        for iri, office in offices.items()
    ]
    rows.sort(key=lambda r: (-r.total, -r.targets, r.office))
    return rows


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
