"""Unnumbered measures: paragraphs under a heading that each close with their own units.

::

    (三)强化监管执法
    严格执行排放标准,开展专项检查。(市林业局牵头,市人防办参与)      ← a task
    加快淘汰老旧车辆,完善激励政策。(市交通运输局负责)                  ← a task

Each such paragraph is one task, titled by its first sentence; the numbered heading above them
is their section (shared/gold/GUIDELINES.md). It takes two paragraphs or more that close so,
under a heading line that names no units itself: one closing paragraph is the heading's own
text, as in (一)健全制度框架。 / 把握好…(水利部负责).
"""

from __future__ import annotations

from collections.abc import Sequence

from .brackets import Bracket

_AFTER_BRACKET = " \t。.;,"  # what may follow the closing bracket at the paragraph's end


def paragraph_measures(
    text: str, start: int, end: int, brackets: Sequence[Bracket]
) -> list[tuple[int, int]]:
    """The paragraphs after the heading line in ``text[start:end]`` that close with one of
    ``brackets`` (of units), when there are two or more and the heading line has none.

    >>> t = "加强监管\\n开展检查。(甲局负责)\\n淘汰车辆。(乙局负责)"
    >>> from extract.brackets import outer_brackets
    >>> [t[s:e] for s, e in paragraph_measures(t, 0, len(t), list(outer_brackets(t, 0, len(t))))]
    ['开展检查。(甲局负责)', '淘汰车辆。(乙局负责)']
    """
    heading_end = text.find("\n", start, end)
    if heading_end == -1 or any(b.inner.start < heading_end for b in brackets):
        return []
    # Where a paragraph's text ends when a bracket closes it: after the closing mark, or at
    # the end of a bracket the text never closes.
    closers = {b.inner.end + 1 if b.closed else b.inner.end for b in brackets}
    paragraphs = []
    line_start = heading_end + 1
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        line_end = end if line_end == -1 else line_end
        closing = line_end
        while closing > line_start and text[closing - 1] in _AFTER_BRACKET:
            closing -= 1
        if closing in closers:
            paragraphs.append((line_start, line_end))
        line_start = line_end + 1
    return paragraphs if len(paragraphs) >= 2 else []
