"""The text of a PDF with a text layer, in reading order, tables as tables (pdfplumber).

On each page, the tables pdfplumber detects are written one line per row with tab-separated
cells (a cell merged from the row above as the ditto mark 〃), and the text outside them line
by line; both are put in order of their position on the page. A PDF without a text layer (a
scan) is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from policykg.errors import InputError

_DITTO = "〃"


def pdf_text(data: bytes, origin: str) -> str:
    """The text of every page of a PDF, tables included."""
    import pdfplumber

    # pdfminer logs every font it cannot map at WARNING; the text is what matters here.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds on damaged files; all mean the same
        raise InputError(f"{origin}: not a readable PDF ({exc}); save it again as PDF") from exc
    text = "\n".join(line for page in pages for line in page)
    if not text.strip():
        raise InputError(
            f"{origin}: the PDF has no text layer (a scan?); run OCR on it, or give the "
            "document as text, .docx or .html"
        )
    return text


def _page_lines(page: Any) -> list[str]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside(obj: dict[str, Any]) -> bool:
        return not any(
            x0 <= obj.get("x0", 0)
            and obj.get("x1", 0) <= x1
            and top <= obj.get("top", 0)
            and obj.get("bottom", 0) <= bottom
            for x0, top, x1, bottom in boxes
        )

    text_page = page.filter(outside) if boxes else page
    blocks: list[tuple[float, list[str]]] = [
        (line["top"], [line["text"]]) for line in text_page.extract_text_lines()
    ]
    blocks += [(table.bbox[1], _table_rows(table.extract())) for table in tables]
    blocks.sort(key=lambda block: block[0])
    return [line for _, lines in blocks for line in lines if line.strip()]


def _table_rows(rows: list[list[str | None]]) -> list[str]:
    """Rows as tab-separated lines; a cell pdfplumber leaves empty under a merged cell is 〃,
    but a row whose first cell spans the whole table (a section heading) keeps its others
    empty."""
    lines = []
    for index, row in enumerate(rows):
        across = row[:1] != [None] and all(cell is None for cell in row[1:])
        cells = []
        for cell in row:
            if cell is None:
                # The header is row 0; from the second data row on, a gap is a merged cell.
                cells.append(_DITTO if index > 1 and not across else "")
            else:
                cells.append(" ".join(cell.split()))
        lines.append("\t".join(cells))
    return lines
