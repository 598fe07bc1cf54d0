"""CSV as spreadsheets read it safely: formula-looking cells neutralised, written atomically."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection).

    >>> neutralise("=HYPERLINK(1)"), neutralise("-5"), neutralise("政策法规处")
    ("'=HYPERLINK(1)", "'-5", '政策法规处')
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The rows as CSV text with a header, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise("" if cell is None else str(cell)) for cell in row])
    return buffer.getvalue()


def spreadsheet_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV for spreadsheets: with a byte-order mark, so they read the Chinese as UTF-8."""
    return "\ufeff" + csv_text(header, rows)
