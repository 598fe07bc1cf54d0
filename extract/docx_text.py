"""The text of a .docx file: paragraphs with their list numbering, tables row by row.

Word keeps automatic numbering (一、 (一) 1.) out of the paragraph text, in the numbering
part; it is put back here, so that headings number the way they print. Tables become one line
per row, cells separated by tabs; a cell merged down from the row above is written as the
ditto mark 〃 and a cell spanning several columns once, followed by empty cells, so every row
keeps the header's columns.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass

from policykg.errors import InputError

from .numerals import circled, written_in_chinese

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DITTO = "〃"


@dataclass(frozen=True, slots=True)
class _Level:
    number_format: str
    text: str
    start: int


def is_docx(data: bytes) -> bool:
    """Whether ``data`` is a Word document (a ZIP holding word/document.xml)."""
    return data.startswith(b"PK\x03\x04") and b"word/document.xml" in data


def docx_text(data: bytes, origin: str) -> str:
    """Paragraphs and tables of a .docx, in document order, as text."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile, KeyError and lxml errors alike
        raise InputError(
            f"{origin}: not a readable .docx ({exc}); save it again from Word"
        ) from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if text:
                lines.append(numbering.label(block) + text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return "\n".join(lines)


def _table_lines(table: object) -> list[str]:
    from docx.table import _Cell

    lines = []
    for tr in table._tbl.tr_lst:  # type: ignore[attr-defined]
        cells: list[str] = []
        for tc in tr.tc_lst:
            merged_from_above = tc.vMerge == "continue"
            text = _DITTO if merged_from_above else " ".join(_Cell(tc, table).text.split())  # type: ignore[arg-type]
            cells.append(text)
            cells.extend([""] * (tc.grid_span - 1))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


class _Numbering:
    """Labels of Word's automatic numbering, counted as the paragraphs go by."""

    def __init__(self, document: object) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, dict[int, int]] = defaultdict(dict)
        self.styles = document.styles  # type: ignore[attr-defined]
        try:
            part = document.part.numbering_part  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract = {
            node.get(f"{_W}abstractNumId"): {
                int(level.get(f"{_W}ilvl")): _Level(
                    number_format=_attribute(level, "numFmt") or "decimal",
                    text=_attribute(level, "lvlText") or "",
                    start=int(_attribute(level, "start") or 1),
                )
                for level in node.iter(f"{_W}lvl")
            }
            for node in root.iter(f"{_W}abstractNum")
        }
        for num in root.iter(f"{_W}num"):
            reference = num.find(f"{_W}abstractNumId")
            if reference is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(reference.get(f"{_W}val"), {})

    def label(self, paragraph: object) -> str:
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, level = found
        levels = self.levels.get(num_id, {})
        if level not in levels:
            return ""
        counters = self.counters[num_id]
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        return re.sub(
            r"%(\d)",
            lambda m: _formatted(
                counters.get(int(m.group(1)) - 1, 1),
                levels.get(int(m.group(1)) - 1, levels[level]).number_format,
            ),
            levels[level].text,
        )

    def _num_pr(self, paragraph: object) -> tuple[str, int] | None:
        p_pr = paragraph._p.pPr  # type: ignore[attr-defined]
        num_pr = p_pr.numPr if p_pr is not None else None
        style = paragraph.style  # type: ignore[attr-defined]
        while num_pr is None and style is not None:
            style_pr = style.element.pPr
            num_pr = style_pr.numPr if style_pr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None:
            return None
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(level)


def _attribute(level: object, tag: str) -> str | None:
    node = level.find(f"{_W}{tag}")  # type: ignore[attr-defined]
    return None if node is None else node.get(f"{_W}val")


def _formatted(value: int, number_format: str) -> str:
    """A counter as Word prints it in the given format.

    >>> _formatted(12, "chineseCounting"), _formatted(3, "decimalEnclosedCircle")
    ('十二', '③')
    """
    if number_format.startswith(("chinese", "ideograph", "taiwanese")):
        return written_in_chinese(value)
    if number_format.startswith("decimalEnclosed") and (enclosed := circled(value)) is not None:
        return enclosed
    if number_format == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if number_format == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    return str(value)
