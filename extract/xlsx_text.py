"""The text of an Excel workbook (.xlsx): each sheet's rows as the table lines the .docx
reader gives, so the same table reader reads both.

Cells are separated by tabs, one line per row (blank rows dropped). A cell merged down from
the row above is written as the ditto mark 〃, one merged across several columns once and
followed by empty cells, so every row keeps the header's columns and a section row merged
across the table is a line of one cell. Sheets that are views of the plan (an office's
责任清单, a register of targets: ``extract/data/workbooks.toml``) and hidden sheets are not
read. A cell's apostrophe that kept text such as ``=…`` from being a formula is dropped.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from functools import cache

from policykg.errors import InputError

from .lexicon import load_data

__all__ = ["is_xlsx", "xlsx_text"]

_DITTO = "〃"
_FORMULA_START = ("=", "+", "-", "@")


def is_xlsx(data: bytes) -> bool:
    """Whether ``data`` is an Excel workbook (a ZIP holding xl/workbook.xml).

    >>> is_xlsx(b"PK\\x03\\x04 ... xl/workbook.xml ..."), is_xlsx(b"PK\\x03\\x04 word/document.xml")
    (True, False)
    """
    return data.startswith(b"PK\x03\x04") and b"xl/workbook.xml" in data


@cache
def view_sheet_words() -> tuple[str, ...]:
    """Names that open the sheets of a workbook that are views of the plan, not the plan."""
    return tuple(load_data("workbooks.toml")["sheets"]["views"])


def xlsx_text(data: bytes, origin: str) -> str:
    """The sheets of an .xlsx that hold the plan, in order, as lines of tab-separated cells."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(
            f"{origin}: not a readable .xlsx ({exc}); save it again from Excel"
        ) from exc
    lines: list[str] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or sheet.title.startswith(view_sheet_words()):
            continue
        lines.extend(_sheet_lines(sheet))
    return "\n".join(lines)


def _sheet_lines(sheet: object) -> list[str]:
    # Where a merged range covers a cell: ditto below its first row, empty right of its
    # first column (as .docx merges come out).
    covered: dict[tuple[int, int], str] = {}
    for merged in sheet.merged_cells.ranges:  # type: ignore[attr-defined]
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    below_first = row > merged.min_row and column == merged.min_col
                    covered[row, column] = _DITTO if below_first else ""
    lines = []
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        cells = [covered.get((c.row, c.column), _text(c.value)) for c in row]
        # Empty cells past the row's last are no part of the table; a merged range's are,
        # so a section row merged across the table keeps its columns (as in a .docx).
        while cells and not cells[-1] and (row[len(cells) - 1].row, len(cells)) not in covered:
            cells.pop()
        if any(cell and cell != _DITTO for cell in cells):
            lines.append("\t".join(cells))
    return lines


def _text(value: object) -> str:
    """A cell's value as the text it shows, on one line.

    >>> _text("'=SUM(A1)"), _text(12.0), _text(" 市气象局\\n 市档案局 "), _text(None)
    ('=SUM(A1)', '12', '市气象局 市档案局', '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, date) else str(value)
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        text = text[1:]
    return " ".join(text.split())
