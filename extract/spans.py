"""Spans cut from the text by its punctuation: a heading's title, a stretch without its
surrounding whitespace."""

from __future__ import annotations

from .records import Span

_TITLE_STOP = "。:"
_TITLE_END = "。:;,.、 "


def title_span(text: str, start: int, end: int) -> Span:
    """A heading's title: its line up to the first 。 or :, without trailing punctuation.

    >>> title_span("推进集团化办学。新建10个", 0, 13).text
    '推进集团化办学'
    """
    stops = [i for i in (text.find(c, start, end) for c in _TITLE_STOP) if i != -1]
    if stops:
        end = min(stops)
    while end > start + 1 and text[end - 1] in _TITLE_END:
        end -= 1
    return Span.of(text, start, end)


def stripped(text: str, start: int, end: int) -> Span | None:
    """The span of ``text[start:end]`` without whitespace at either end; None if empty."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end) if start < end else None


def heading_title(text: str, start: int, end: int) -> Span:
    """The title of a heading or cell: its first sentence, or all of it where that is empty
    (a cell that opens with :).

    >>> heading_title(":见附件", 0, 4).text
    ':见附件'
    """
    title = title_span(text, start, end)
    if title.text.strip():
        return title
    return stripped(text, start, end) or title
