"""The lines that close a document after its last task: a signature and a date
(国务院办公厅 / 2018年12月30日 / (此件公开发布)) and website boilerplate."""

from __future__ import annotations

import re

from .lexicon import boilerplate_markers

_DATE_LINE = re.compile(r"\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*")
_SIGNATURE_LENGTH = 25


def closing_lines(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """The signature and date that close a document (国务院办公厅 / 2018年12月30日)."""
    closing: set[int] = set()
    index = len(lines) - 1
    markers = boilerplate_markers()
    while index > 0:
        line = text[lines[index][0] : lines[index][1]]
        after_date = index + 1 < len(lines) and _DATE_LINE.fullmatch(
            text[lines[index + 1][0] : lines[index + 1][1]]
        )
        if (
            _DATE_LINE.fullmatch(line)
            or any(m in line for m in markers)
            or (after_date and index + 1 in closing and _is_signature(line))
        ):
            closing.add(index)
        else:
            break
        index -= 1
    return closing


def _is_signature(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= _SIGNATURE_LENGTH and not any(c in stripped for c in "。,;:")
