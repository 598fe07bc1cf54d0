"""Plans as one Excel workbook an office can use as it is (openpyxl).

- **任务分工表**, one sheet per plan in the offices' own layout: the plan's title, then
  序号 | 任务 | 牵头单位 | 配合单位 | 目标指标 | 完成时限 | 原文 (a 责任单位 column after 任务 when
  the plan names units without saying who leads), a row merged across for each section; its
  完成时限 is what the plan states (a deadline implied by the plan's period is left out, so the
  sheet built again implies it as the plan did);
- **责任清单**, one sheet per office: its tasks, its role in each, the other units, their
  targets and deadlines (as stated, and the day: 截止日期, YYYY-MM-DD, implied ones too);
- **目标清单**: the target register (every target with its numbers, its deadline's words, day
  and whether it is implied, and its sentence).

Header rows are frozen, columns as wide as their Chinese text (to a cap, long cells wrapped),
and no cell is ever a formula: text that starts with ``= + - @`` is neutralised (the house
neutraliser's apostrophe, and stored as a string). Read back (``extract.xlsx_text``), the
任务分工表 sheets are the plan again; the 责任清单 and 目标清单 sheets are views of it and are not
read.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from graph.model import DeadlineView, OfficeView, PlanView, Role, SectionView, TaskView
from graph.registers import sentence_around, target_register

from .spreadsheets import neutralise

__all__ = ["DIVISION_SHEET", "OFFICE_SHEET", "TARGET_SHEET", "unique_sheet_name", "workbook"]

DIVISION_SHEET = "任务分工表"
OFFICE_SHEET = "责任清单"
TARGET_SHEET = "目标清单"
ROLE_WORDS = {Role.LEAD: "牵头", Role.SUPPORTING: "配合", Role.UNSPECIFIED: "责任"}
_WIDEST = 60  # characters of width a column grows to; longer text wraps
_NARROWEST = 6
_TITLE = Font(bold=True, size=14)
_HEADER = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAPPED = Alignment(wrap_text=True, vertical="top")
_SHEET_NAME_LIMIT = 31  # Excel's
_CLOSING = "。!?;,. "  # what closes a sentence that is also a title
_NUMBER_REACH = 12  # characters before a section's title where its printed number stands
_NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


@dataclass(frozen=True, slots=True)
class _Sheet:
    """What a sheet shows: its title line, header and rows (a row of one cell, ``section``,
    is merged across the table)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sections: frozenset[int] = frozenset()  # indexes of rows that are section headings


def workbook(plans: Sequence[PlanView]) -> bytes:
    """The 任务分工表 of each plan, a 责任清单 per office and the 目标清单, as .xlsx bytes."""
    book = Workbook()
    book.remove(book.active)
    names: set[str] = set()
    for number, plan in enumerate(plans, start=1):
        name = DIVISION_SHEET if len(plans) == 1 else f"{DIVISION_SHEET}{number}"
        _write(book, unique_sheet_name(name, names), _division_sheet(plan))
    for office, entries in _offices(plans):
        _write(
            book,
            unique_sheet_name(f"{OFFICE_SHEET}-{office.name}", names),
            _office_sheet(office, entries, len(plans) > 1),
        )
    _write(book, unique_sheet_name(TARGET_SHEET, names), _target_sheet(plans))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _division_sheet(plan: PlanView) -> _Sheet:
    unstated = any(p.role is Role.UNSPECIFIED for t in plan.tasks for p in t.links)
    header = ("序号", "任务", *(("责任单位",) if unstated else ()), "牵头单位", "配合单位",
              "目标指标", "完成时限", "原文")  # fmt: skip
    rows: list[tuple[str, ...]] = []
    sections: set[int] = set()
    shown: set[str] = set()
    for task in plan.tasks:
        for section in _sections_above(plan, task):
            heading = _heading(plan, section)
            if section.iri not in shown and heading is not None:
                sections.add(len(rows))
                rows.append((heading,))
            shown.add(section.iri)
        units = _units_by_role(task)
        rows.append(
            (
                task.number,
                task.title,
                *((units[Role.UNSPECIFIED],) if unstated else ()),
                units[Role.LEAD],
                units[Role.SUPPORTING],
                _target_sentences(plan, task),
                task.deadline.stated_words if task.deadline is not None else "",
                _task_text(task),
            )
        )
    return _Sheet(plan.title, header, tuple(rows), frozenset(sections))


def _sections_above(plan: PlanView, task: TaskView) -> list[SectionView]:
    """The sections a task sits in, outermost first."""
    chain = []
    section = plan.section(task.section)
    while section is not None:
        chain.append(section)
        section = plan.section(section.parent)
    return chain[::-1]


def _heading(plan: PlanView, section: SectionView) -> str | None:
    """A section's heading as the plan prints its number: 一、总体要求, (二)深化改革, a
    title alone where no number is printed (a table's category). A part printed only as the
    number before its first section's (the 二 of 二(一)产业提升…) has no row of its own: each
    of its sections' headings starts with it, as printed, so it reads back as the same part.
    """
    if _untitled(section):
        return None
    parent = plan.section(section.parent)
    part = parent.number if parent is not None and _untitled(parent) else ""
    text = plan.document.text
    before = text[max(text.rfind("\n", 0, section.span.start) + 1,
                      section.span.start - _NUMBER_REACH) : section.span.start]  # fmt: skip
    number = re.escape(section.number)
    printed = re.search(rf"(\(\s*{number}\s*\)|{number}\s*(?P<mark>[、.])?)\s*$", before)
    if printed is None:
        return part + section.title
    if printed[0].startswith("("):
        return f"{part}({section.number}){section.title}"
    return f"{part}{section.number}{printed['mark'] or '、'}{section.title}"


def _untitled(section: SectionView) -> bool:
    return section.title == section.number


def _units_by_role(task: TaskView) -> dict[Role, str]:
    parties: dict[Role, list[OfficeView]] = {role: [] for role in Role}
    for party in task.links:
        parties[party.role].append(party.office)
    return {role: _unit_list(offices) for role, offices in parties.items()}


def _unit_list(offices: list[OfficeView]) -> str:
    """Names separated by 、, but a name after a placeholder by a comma (各镇街,区卫健局):
    after 、 it would read as more levels of the placeholder (各区、县级市 is one)."""
    written = ""
    for index, office in enumerate(offices):
        if index:
            written += "," if offices[index - 1].is_placeholder else "、"
        written += office.name
    return written


def _target_sentences(plan: PlanView, task: TaskView) -> str:
    """The sentences that state the task's targets, each once, in text order; a sentence
    that is the task's title (农村自来水普及率达到99%) is left to the 任务 cell, or the
    target would be read back twice."""
    bounds = {s.iri: (s.span.start, s.span.end) for s in task.statements}
    sentences = (
        sentence_around(
            plan.document.text, t.span.start, t.span.end, bounds.get(t.statement, (0, 0))
        )
        for t in task.targets
    )
    return "\n".join(s for s in dict.fromkeys(sentences) if s.rstrip(_CLOSING) not in task.title)


def _task_text(task: TaskView) -> str:
    """What the plan says of the task: each field with its label as printed."""
    lines = (f"{s.label}:{s.text}" if s.label and not s.text.startswith(s.label) else s.text
             for s in task.statements)  # fmt: skip
    return "\n".join(dict.fromkeys(lines))


def _offices(
    plans: Sequence[PlanView],
) -> list[tuple[OfficeView, list[tuple[PlanView, TaskView, Role]]]]:
    """Every office (not placeholders) with its tasks and its role in each, busiest first."""
    found: dict[str, tuple[OfficeView, list[tuple[PlanView, TaskView, Role]]]] = {}
    for plan in plans:
        for task in plan.tasks:
            for party in task.links:
                if not party.office.is_placeholder:
                    entry = found.setdefault(party.office.iri, (party.office, []))
                    entry[1].append((plan, task, party.role))
    return sorted(found.values(), key=lambda e: (-len(e[1]), e[0].name))


def _office_sheet(
    office: OfficeView, entries: list[tuple[PlanView, TaskView, Role]], several_plans: bool
) -> _Sheet:
    header = (*(("计划",) if several_plans else ()), "序号", "任务", "本单位", "其他单位",
              "目标指标", "完成时限", "截止日期")  # fmt: skip
    rows = []
    for plan, task, role in entries:
        others = "、".join(
            f"{p.office.name}({ROLE_WORDS[p.role]})"
            if p.role is not Role.UNSPECIFIED
            else p.office.name
            for p in task.links
            if p.office.iri != office.iri
        )
        rows.append(
            (
                *((plan.title,) if several_plans else ()),
                task.number,
                task.title,
                ROLE_WORDS[role],
                others,
                _target_sentences(plan, task),
                *_deadline_cells(task.deadline),
            )
        )
    return _Sheet(f"{office.name} 责任清单", header, tuple(rows))


def _deadline_cells(deadline: DeadlineView | None) -> tuple[str, str]:
    """A task's 完成时限 as stated (none when implied by the plan's period) and its day."""
    if deadline is None:
        return "", ""
    return deadline.stated_words, deadline.day.isoformat()


def _target_sheet(plans: Sequence[PlanView]) -> _Sheet:
    # The register's values as the pages show them (不少于(≥), 15亿元): graph.display.
    header = ("计划", "发文机关", "任务", "任务名称", "责任单位", "牵头单位", "指标", "比较",
              "目标值", "单位", "完成时限", "截止日期", "时限隐含", "原文", "所在句")  # fmt: skip
    rows = tuple(
        (r.plan, r.issuer, r.task, r.task_title, "、".join(r.offices), "、".join(r.leads),
         r.metric, r.comparator, r.amount, r.unit, r.deadline, r.due,
         "是" if r.deadline_implied else "", r.quote, r.sentence)
        for r in target_register(plans)
    )  # fmt: skip
    return _Sheet("目标清单", header, rows)


def _write(book: Workbook, name: str, sheet: _Sheet) -> None:
    """One sheet: the title on row 1, the header on row 2 (both frozen), then the rows."""
    ws: Worksheet = book.create_sheet(name)
    columns = len(sheet.header)
    _put(ws, 1, 1, sheet.title).font = _TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    for column, label in enumerate(sheet.header, start=1):
        cell = _put(ws, 2, column, label)
        cell.font, cell.fill = _HEADER, _HEADER_FILL
    for index, row in enumerate(sheet.rows):
        number = index + 3
        for column, value in enumerate(row, start=1):
            _put(ws, number, column, value).alignment = _WRAPPED
        if index in sheet.sections:
            ws.cell(number, 1).font, ws.cell(number, 1).fill = _HEADER, _SECTION_FILL
            ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=columns)
    ws.freeze_panes = "A3"
    for column in range(1, columns + 1):
        cells = [sheet.header[column - 1]] + [
            row[column - 1] for i, row in enumerate(sheet.rows)
            if i not in sheet.sections and len(row) >= column
        ]  # fmt: skip
        ws.column_dimensions[get_column_letter(column)].width = _width(cells)


def _put(ws: Worksheet, row: int, column: int, value: str) -> Cell:
    """A cell holding ``value`` as text, never as a formula."""
    cell = ws.cell(row, column)
    cell.value = neutralise(value)
    cell.data_type = "s"
    return cell


def _width(cells: list[str]) -> float:
    """A column width (in Excel's character units) that fits the widest line, Chinese
    characters counting two; capped, as longer cells wrap."""
    widest = max((_display_width(line) for text in cells for line in text.splitlines()), default=0)
    return float(min(max(widest + 2, _NARROWEST), _WIDEST))


def _display_width(text: str) -> int:
    """
    >>> _display_width("市气象局"), _display_width("2024年")
    (8, 6)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def unique_sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\) not taken yet."""
    base = name.translate(_NOT_IN_SHEET_NAMES)[:_SHEET_NAME_LIMIT]
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"({number})"
        candidate = base[: _SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate
