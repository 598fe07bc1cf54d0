"""Frozen records handed from extraction to the graph stage.

Every record carries the span it was read from. Offsets are code points into the normalised
document text, end exclusive, and ``text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ontology.concepts import Comparator, MentionKind, Role

__all__ = [
    "Comparator",
    "Cue",
    "Document",
    "DocumentAction",
    "DocumentInfo",
    "Field",
    "FieldKind",
    "Mention",
    "MentionKind",
    "PlanPeriod",
    "Role",
    "Section",
    "Span",
    "Target",
    "Task",
    "UnitRef",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A slice ``[start, end)`` of the document text and the text it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of ``text[start:end]``.

        >>> Span.of("一、总体要求", 2, 6)
        Span(start=2, end=6, text='总体要求')
        """
        return cls(start, end, text[start:end])


class FieldKind(StrEnum):
    """What a labelled field of a task says; the labels themselves live in data/fields.toml."""

    PROBLEM = "problem"
    OBJECTIVE = "objective"
    OUTCOME = "outcome"
    MEASURE = "measure"
    RESPONSIBLE = "responsible"
    LEAD = "lead"
    SUPPORTING = "supporting"
    TIMEFRAME = "timeframe"
    BODY = "body"  # the text of a task that has no labelled fields (a numbered paragraph)
    BRACKET = "bracket"  # a responsibility bracket closing a measure: (X、Y负责)

    @property
    def names_units(self) -> bool:
        """Whether the field's content is a list of responsible units."""
        return self in (
            FieldKind.RESPONSIBLE,
            FieldKind.LEAD,
            FieldKind.SUPPORTING,
            FieldKind.BRACKET,
        )


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled field of a task: the label as written and its content."""

    kind: FieldKind
    label: Span
    content: Span


@dataclass(frozen=True, slots=True)
class UnitRef:
    """One item of a task's list of responsible units.

    ``name`` is the canonical name (an alias in brackets removed), ``surface`` the item as
    written. ``generic`` marks a placeholder such as 各相关处室 that names no particular unit.
    ``national`` is the full name of a national body the dictionary knows it as (人社部 →
    人力资源和社会保障部): such a unit is that body, not an office of the issuer.
    """

    name: str
    surface: Span
    alias: str | None
    generic: bool
    role: Role
    position: int
    national: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """A quantitative commitment: a number, its unit, how it binds and what it measures.

    ``value`` is the number (the low end of a range, whose high end is ``upper``);
    ``implied`` marks a number the text does not print (全覆盖 → 100 %). ``cue`` keeps the
    cue words as written (达到, 以上, 新增…以上). ``span`` is the clause part that states it.
    """

    span: Span
    field: FieldKind
    value_text: Span | None
    value: Decimal
    upper: Decimal | None
    unit: str | None
    comparator: Comparator
    change_bound: Comparator | None
    cue: str
    metric: Span | None
    deadline: Span | None = None
    deadline_date: date | None = None
    baseline: Span | None = None
    implied: bool = False


class Cue(StrEnum):
    """How a mention was found."""

    QUOTATION_MARKS = "quotation_marks"
    BOOK_TITLE_MARKS = "book_title_marks"
    GAZETTEER = "gazetteer"
    SUFFIX_RULE = "suffix_rule"


@dataclass(frozen=True, slots=True)
class DocumentAction:
    """What a task plans to do with a policy document: the verb and its kind (Adopt …)."""

    verb: Span
    kind: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A named thing in a task's text: a programme, policy document, organisation or place.

    ``span`` covers the name without its marks; ``field`` is the field it stands in (None for
    the task's heading). ``key`` identifies the thing across documents (an adcode for a
    Chinese place, else None: the name decides). ``kind_detail`` is a document type or a
    place level.
    """

    kind: MentionKind
    name: str
    span: Span
    field: FieldKind | None
    cue: Cue
    key: str | None = None
    kind_detail: str | None = None
    action: DocumentAction | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A heading that groups tasks (一、…, or (一) under it).

    ``key`` is its path of ordinals (``2``, ``2.1``), unique in the document; ``parent`` the
    key of the section it sits in, if any.
    """

    key: str
    number: str
    ordinal: int
    title: Span
    heading: Span
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """One numbered commitment with its fields and responsible units.

    ``key`` identifies the task within its document (its number, or the ordinals of its path
    where numbering restarts in each section); ``path`` is its full number as printed
    (二(一)3); ``section`` is the key of the section it sits in, if any.
    """

    key: str
    number: str
    ordinal: int
    title: Span
    span: Span
    section: str | None
    path: str
    fields: tuple[Field, ...]
    units: tuple[UnitRef, ...]
    targets: tuple[Target, ...] = ()
    mentions: tuple[Mention, ...] = ()
    deadline: Span | None = None
    deadline_date: date | None = None

    def field(self, kind: FieldKind) -> Field | None:
        """The first field of the given kind, if the task has one."""
        return next((f for f in self.fields if f.kind is kind), None)


@dataclass(frozen=True, slots=True)
class PlanPeriod:
    """The years a plan covers, ``first`` to ``last``, and the words of its title that say so
    (2024年 of an annual 工作要点, 2019-2020年 of a 实施方案)."""

    first: int
    last: int
    span: Span

    @property
    def end(self) -> date:
        """The last day of the period: what a plan's commitments are due by unless they say."""
        return date(self.last, 12, 31)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the text says about itself: title, issuer, year and announced counts.

    ``title`` is the title as a reader would write it (a two-line heading joined, or one
    composed from a lede such as 温州市水利局印发2025年工作要点); ``title_span`` is where the
    text states it.
    """

    title: str | None = None
    title_span: Span | None = None
    issuer: str | None = None
    year: int | None = None
    declared_sections: int | None = None
    declared_tasks: int | None = None
    doc_number: str | None = None  # 文号: 国办发〔2018〕129号
    issued: date | None = None  # the signature date (成文日期) printed on a line of its own
    period: PlanPeriod | None = None  # the years the title names


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed work plan: its normalised text and the structure found in it."""

    text: str
    info: DocumentInfo
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    trailing: Span | None = None
    goals: tuple[Field, ...] = ()  # text that states targets of the plan as a whole
    notes: tuple[str, ...] = ()  # what a reader should know: "line 7: field 工作措施 is empty"
    targets: tuple[Target, ...] = ()  # the targets stated in the goals
