"""What a document may hold, checked before a reader opens it (``policykg.config.Limits``).

The readers of .docx, web pages and PDFs build what a file describes, and a tiny file can
describe a great deal: a 37 KB .docx whose one cell spans 300 million columns, a 2 MB .docx
that unzips to 4 GB, a page nested 300 levels deep (lxml drops what is deeper without a
word). Each check here reads the file the cheap way — the zip's directory, a streaming parse
that keeps nothing — and refuses it with the limit's name and how to raise it, before
python-docx or the HTML reader builds anything. (PDF pages are counted as they are drawn, in
``pdf_text``.)
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO

from policykg.config import Limits
from policykg.errors import InputError

__all__ = ["check_docx", "check_html", "check_xlsx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HTML_SPAN_CAP = 1000  # the HTML reader reads a row or column span up to this


def check_docx(data: bytes, origin: str, limits: Limits) -> None:
    """Refuse a .docx that unzips past ``max_unzipped_bytes`` or whose tables hold more than
    ``max_table_cells`` cells, spans counted."""
    with _archive(data, origin, limits, ".docx", "Word") as archive:
        try:
            part = archive.open("word/document.xml")
        except KeyError:
            return  # python-docx says what is missing
        with part:
            cells = _docx_cells(part, limits.max_table_cells)
    if cells > limits.max_table_cells:
        found = "its tables hold too many cells (spans counted)"
        raise InputError(f"{origin}: {limits.refusal('max_table_cells', found)}")


def check_xlsx(data: bytes, origin: str, limits: Limits) -> None:
    """Refuse an .xlsx that unzips past ``max_unzipped_bytes`` or whose sheets hold more than
    ``max_table_cells`` cells, merged ranges counted by the cells they cover (the reader
    visits each: a range A1:XFD1048576 is 17 billion)."""
    from lxml import etree

    cells = 0
    with _archive(data, origin, limits, ".xlsx", "Excel") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in sheets:
            with archive.open(name) as part:
                try:
                    for _, element in etree.iterparse(part, events=("end",), huge_tree=True):
                        tag = element.tag if isinstance(element.tag, str) else ""
                        if tag.endswith("}c"):
                            cells += 1
                        elif tag.endswith("}mergeCell"):
                            cells += _range_cells(element.get("ref") or "")
                        element.clear()
                        if cells > limits.max_table_cells:
                            found = "its sheets hold too many cells (merged ranges counted)"
                            raise InputError(
                                f"{origin}: {limits.refusal('max_table_cells', found)}"
                            )
                except etree.XMLSyntaxError:
                    continue  # the workbook reader says what is wrong with it


def _range_cells(ref: str) -> int:
    """How many cells a range such as ``A1:C4`` covers.

    >>> _range_cells("A1:C4"), _range_cells("A1:XFD1048576"), _range_cells("B2")
    (12, 17179869184, 1)
    """
    corners = re.findall(r"([A-Z]+)(\d+)", ref.upper())
    if len(corners) != 2:
        return 1

    def column(letters: str) -> int:
        number = 0
        for letter in letters:
            number = number * 26 + ord(letter) - ord("A") + 1
        return number

    (c1, r1), (c2, r2) = corners
    return (abs(column(c2) - column(c1)) + 1) * (abs(int(r2) - int(r1)) + 1)


@contextlib.contextmanager
def _archive(
    data: bytes, origin: str, limits: Limits, kind: str, program: str
) -> Iterator[zipfile.ZipFile]:
    """The zip archive of an Office file, refused when it unzips past the limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(
            f"{origin}: not a readable {kind} ({exc}); save it again from {program}"
        ) from exc
    with archive:
        unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > limits.max_unzipped_bytes:
            found = f"it unzips to {unzipped:,} bytes"
            raise InputError(f"{origin}: {limits.refusal('max_unzipped_bytes', found)}")
        yield archive


def _docx_cells(part: IO[bytes], cap: int) -> int:
    """The cells of every table in document.xml, a cell spanning n grid columns n times
    (counted until past ``cap``)."""
    from lxml import etree

    cells = 0
    try:
        for _, element in etree.iterparse(part, events=("end",), tag=f"{_W}tc", huge_tree=True):
            span = element.find(f"{_W}tcPr/{_W}gridSpan")
            cells += max(1, _number(span.get(f"{_W}val") if span is not None else None))
            element.clear()
            if cells > cap:
                break
    except etree.XMLSyntaxError:
        return cells  # python-docx says what is wrong with it
    return cells


def check_html(page: str, origin: str, limits: Limits) -> None:
    """Refuse a web page nested deeper than ``max_html_depth`` or whose tables hold more than
    ``max_table_cells`` cells, spans counted as the HTML reader lays them out."""
    depth, cells = 0, 0
    for deepest, spans in _html_elements(page):
        depth = max(depth, deepest)
        cells += spans
        if depth > limits.max_html_depth:
            found = "its elements nest too deeply"
            raise InputError(
                f"{origin}: {limits.refusal('max_html_depth', found)} (the HTML parser reads "
                "at most 255 levels)"
            )
        if cells > limits.max_table_cells:
            found = "its tables hold too many cells (spans counted)"
            raise InputError(f"{origin}: {limits.refusal('max_table_cells', found)}")


def _html_elements(page: str) -> Iterator[tuple[int, int]]:
    """(depth, cells) for each element a streaming parse of ``page`` opens: how deep it is,
    and how many grid cells it takes when it is a table cell."""
    from lxml import etree

    depth = 0
    parse = etree.iterparse(
        io.BytesIO(page.encode("utf-8")),
        events=("start", "end"),
        html=True,
        huge_tree=True,
        recover=True,
        encoding="utf-8",
    )
    try:
        for event, element in parse:
            if event == "end":
                depth -= 1
                element.clear()
                continue
            depth += 1
            tag = element.tag if isinstance(element.tag, str) else ""
            spans = 0
            if tag.lower() in ("td", "th"):
                rows = min(_number(element.get("rowspan")), _HTML_SPAN_CAP)
                spans = max(1, rows) * max(1, min(_number(element.get("colspan")), _HTML_SPAN_CAP))
            yield depth, spans
    except etree.XMLSyntaxError:
        return  # the HTML reader says what is wrong with it


def _number(text: str | None) -> int:
    """A span attribute as a number (1 when it is not one).

    >>> _number("300000000"), _number("abc"), _number(None)
    (300000000, 1, 1)
    """
    try:
        return int(str(text).strip())
    except ValueError:
        return 1
