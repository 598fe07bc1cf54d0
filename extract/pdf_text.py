"""The text of a PDF with a text layer, in reading order, tables as tables (pdfplumber).

On each page, the tables pdfplumber detects are written one line per row with tab-separated
cells (a cell merged from the row above as the ditto mark 〃), and the text outside them line
by line; both are put in order of their position on the page. A PDF without a text layer (a
scan) is refused: it needs OCR first.

A few bytes of PDF can draw millions of characters or lines (a compressed content stream, a
form drawn again and again), and pdfplumber keeps an object of some 2 KB for each: pages are
counted (``Limits.max_pdf_pages``) and what each page draws is counted as it is drawn, the
page refused the moment it passes ``Limits.max_pdf_page_objects``, before its layout exists.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from policykg.config import Limits
from policykg.errors import InputError

_DITTO = "〃"


class _TooMuch(Exception):
    """A page draws more than the limit allows (raised from inside pdfminer)."""


def pdf_text(data: bytes, origin: str, limits: Limits | None = None) -> str:
    """The text of every page of a PDF, tables included."""
    import pdfplumber

    limits = limits or Limits()
    # pdfminer logs every font it cannot map at WARNING; the text is what matters here.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.max_pdf_pages:
                found = f"it has {len(pdf.pages):,} pages"
                raise InputError(f"{origin}: {limits.refusal('max_pdf_pages', found)}")
            pages = []
            for page in pdf.pages:
                _lay_out(page, limits.max_pdf_page_objects)
                pages.append(_page_lines(page))
                page.close()
    except _TooMuch as exc:
        found = f"page {exc.args[0]} draws too many characters and lines"
        raise InputError(f"{origin}: {limits.refusal('max_pdf_page_objects', found)}") from None
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files; all mean the same
        if isinstance(exc.__cause__, _TooMuch) or isinstance(exc.__context__, _TooMuch):
            found = "a page draws too many characters and lines"
            raise InputError(f"{origin}: {limits.refusal('max_pdf_page_objects', found)}") from None
        raise InputError(f"{origin}: not a readable PDF ({exc}); save it again as PDF") from exc
    text = "\n".join(line for page in pages for line in page)
    if not text.strip():
        raise InputError(
            f"{origin}: the PDF has no text layer (a scan?); run OCR on it, or give the "
            "document as text, .docx or .html"
        )
    return text


def _lay_out(page: Any, most: int) -> None:
    """Lay out ``page`` as pdfplumber would (``Page.layout``), counting the characters it
    draws and the path segments it makes: past ``most``, ``_TooMuch`` stops it before more
    is made (or parsed: a path's segments are counted as the content stream names them)."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class Counting(PDFPageAggregatorWithMarkedContent):
        drawn = 0

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self.count()
            return super().render_char(*args, **kwargs)

        def count(self) -> None:
            self.drawn += 1
            if self.drawn > most:
                raise _TooMuch(page.page_number)

    class Interpreter(PDFPageInterpreter):
        """Counts a path's segments as the content stream names them (pdfminer reads each
        operator's arguments from the signature of its method: they are spelt out)."""

        def do_m(self, x: Any, y: Any) -> None:
            device.count()
            super().do_m(x, y)

        def do_l(self, x: Any, y: Any) -> None:
            device.count()
            super().do_l(x, y)

        def do_c(self, x1: Any, y1: Any, x2: Any, y2: Any, x3: Any, y3: Any) -> None:  # noqa: PLR0917
            device.count()
            super().do_c(x1, y1, x2, y2, x3, y3)

        def do_v(self, x2: Any, y2: Any, x3: Any, y3: Any) -> None:
            device.count()
            super().do_v(x2, y2, x3, y3)

        def do_y(self, x1: Any, y1: Any, x3: Any, y3: Any) -> None:
            device.count()
            super().do_y(x1, y1, x3, y3)

        def do_re(self, x: Any, y: Any, w: Any, h: Any) -> None:
            device.count()
            super().do_re(x, y, w, h)

    device = Counting(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    Interpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


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
