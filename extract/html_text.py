"""The article of a web page as text: the body, not the navigation; tables as tables.

lxml parses the page; page furniture (navigation, headers, footers, sharing widgets: data in
``extract/data/html.toml``) is dropped; the article is the element government sites mark as
content, or else the one whose paragraphs hold most text. Blocks become lines; tables become
one line per row with tab-separated cells, a cell spanning rows written again below as the
ditto mark 〃 and a cell spanning columns followed by empty cells; a line break inside a
cell becomes a space. The page's heading (<h1>, or <title> without the site name) leads the
text when the article does not repeat it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from policykg.errors import InputError

from .lexicon import load_data

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "section",
        "article",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "center",
        "main",
        "td",
        "th",
        "tr",
    }
)
_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|table)\b",
    re.IGNORECASE | re.DOTALL,
)
_DITTO = "〃"


@cache
def _rules() -> dict[str, Any]:
    return load_data("html.toml")


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML page rather than plain text."""
    return bool(_HTML_START.match(text[:2048]))


def html_text(page: str, origin: str) -> str:
    """The article of an HTML page as text."""
    from lxml import etree, html

    try:
        root = html.document_fromstring(page)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{origin}: not a readable HTML page ({exc})") from exc
    title = _page_title(root)
    _drop_furniture(root)
    article = _article(root)
    lines: list[str] = []
    _render(article, lines, [""])
    # A table row keeps its tabs, leading and trailing ones too: they are empty cells.
    text_lines = [" ".join(line.split()) if "\t" not in line else line.strip(" ") for line in lines]
    text_lines = [line for line in text_lines if line.strip()]
    if title and not any(title in line for line in text_lines[:5]):
        text_lines.insert(0, title)
    return "\n".join(text_lines)


def _page_title(root: Any) -> str:
    heading = root.find(".//h1")
    if heading is not None and heading.text_content().strip():
        return " ".join(heading.text_content().split())
    title = root.find(".//title")
    if title is None or not title.text_content().strip():
        return ""
    text = " ".join(title.text_content().split())
    for separator in _rules()["title_separators"]:
        text = text.split(separator)[0]
    return text.strip()


def _drop_furniture(root: Any) -> None:
    rules = _rules()
    for element in list(root.iter(*rules["drop_tags"])):
        element.drop_tree()
    words = tuple(rules["furniture"])
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        marks = f"{element.get('id', '')} {element.get('class', '')}".lower()
        if (
            marks.strip()
            and any(word in marks for word in words)
            and element.getparent() is not None
        ) and not _holds_article_hint(marks):
            element.drop_tree()


def _holds_article_hint(marks: str) -> bool:
    return any(hint in marks for hint in _rules()["content_hints"])


def _article(root: Any) -> Any:
    """The element marked as content, else the one whose own paragraphs hold most text."""
    hints = _rules()["content_hints"]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        marks = f"{element.get('id', '')} {element.get('class', '')}".lower()
        if (
            any(hint == word for hint in hints for word in marks.split())
            and len(element.text_content().strip()) > 50
        ):
            return element
    scores: dict[Any, int] = {}
    for block in root.iter("p", "table", "br", "div"):
        parent = block.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(block.text_content().strip())
    body = root.find("body")
    return max(scores, key=lambda e: scores[e]) if scores else (body if body is not None else root)


def _render(element: Any, lines: list[str], current: list[str]) -> None:
    """Append the element's text to ``lines``: blocks start lines, tables write rows."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table":
        _flush(lines, current)
        lines.extend(_table_rows(element))
        _tail(element, current)
        return
    if tag == "br":
        _flush(lines, current)
        _tail(element, current)
        return
    block = tag in _BLOCKS
    if block:
        _flush(lines, current)
    if element.text:
        current[0] += element.text
    for child in element:
        _render(child, lines, current)
    if block:
        _flush(lines, current)
    _tail(element, current)


def _tail(element: Any, current: list[str]) -> None:
    if element.tail:
        current[0] += element.tail


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(current[0])
    current[0] = ""


def _table_rows(table: Any) -> list[str]:
    """Rows of a table with row and column spans laid out on the grid."""
    grid: list[list[str]] = []
    pending: dict[int, int] = {}  # column → rows still covered by a cell above
    for tr in table.iter("tr"):
        row: list[str] = []
        column = 0
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        index = 0
        while index < len(cells) or pending.get(column, 0) > 0:
            if pending.get(column, 0) > 0:
                row.append(_DITTO)
                pending[column] -= 1
                column += 1
                continue
            cell = cells[index]
            index += 1
            text = _cell_text(cell)
            rows, columns = _span(cell, "rowspan"), _span(cell, "colspan")
            for offset in range(columns):
                row.append(text if offset == 0 else "")
                if rows > 1:
                    pending[column + offset] = rows - 1
            column += columns
        if any(c and c != _DITTO for c in row):
            grid.append(row)
    return ["\t".join(row) for row in grid]


def _cell_text(cell: Any) -> str:
    """A cell's text on one line; a line break (<br>, a paragraph) in it becomes a space,
    so that offices listed one per line stay apart."""
    pieces: list[str] = [cell.text or ""]

    def walk(element: Any) -> None:
        for child in element:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                pieces.append(child.tail or "")
                continue
            breaks = child.tag == "br" or child.tag in _BLOCKS
            pieces.append(" " if breaks else "")
            pieces.append(child.text or "")
            walk(child)
            pieces.append(" " if breaks else "")
            pieces.append(child.tail or "")

    walk(cell)
    return " ".join("".join(pieces).split())


def _span(cell: Any, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute, "1")), 1000))
    except ValueError:
        return 1
