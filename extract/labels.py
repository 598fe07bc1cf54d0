"""Field labels (问题描述:, 牵头单位:, 【工作措施】) and the labelled parts of a bracket.

A label is a word of ``extract/data/fields.toml`` at the start of a line or of a bracket's
part, followed by a colon (either width: ``：`` is folded to ``:``) or set in 【】. In a
bracket, parts are separated by ``;`` and ``,`` outside nested brackets; a part that opens
with a label starts a field and the parts after it without a label continue it::

    (牵头单位:市能源局,配合单位:市委统战部、市退役军人事务局,各区、县级市)
     └ lead: 市能源局  └ supporting: 市委统战部、市退役军人事务局,各区、县级市

A part under a label the dictionary does not know (适用范围: where, not who) is left out with
the parts that continue it; the bracket's other fields stand.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from .brackets import split_outside_brackets
from .lexicon import field_labels
from .records import Field, FieldKind, Span

# What may stand before a label that opens a further field on the same line.
_BEFORE_INLINE_LABEL = " \t;,。"
_INLINE_LABEL_AFTER = re.compile(f"[{_BEFORE_INLINE_LABEL}]")
# A label the dictionary does not know: a short word and a colon opening a bracket's part.
_UNKNOWN_LABEL = re.compile(r"[ \t]*[\u4e00-\u9fff]{2,8}[ \t]*:")


@cache
def field_pattern() -> re.Pattern[str]:
    """A known label at the start of a line: ``label:`` (stray spaces allowed) or ``【label】``.

    The label is the group ``plain`` or ``bracketed``; the match ends where the content starts.
    """
    labels = sorted(field_labels(), key=len, reverse=True)
    spaced = "|".join(r"[ \t]*".join(re.escape(c) for c in label) for label in labels)
    return re.compile(
        rf"[ \t]*(?:【(?P<bracketed>{spaced})】[ \t]*:?|(?P<plain>{spaced})[ \t]*:)[ \t]*"
    )


def label_kind(label: str) -> FieldKind:
    """What a label as written says (stray spaces ignored): 牵 头单位 → lead."""
    return field_labels()[re.sub(r"[ \t]", "", label)]


def fields_of_line(text: str, field: Field) -> list[Field]:
    """A field whose content holds further labels of units or deadlines after a space or a
    separator, split into one field per label: ``牵头单位:区水利局 责任单位:各街道``.

    >>> t = "牵头单位:区水利局 责任单位:各街道;完成时限:6月底"
    >>> first = Field(FieldKind.LEAD, Span.of(t, 0, 4), Span.of(t, 5, len(t)))
    >>> [(f.label.text, f.content.text) for f in fields_of_line(t, first)]
    [('牵头单位', '区水利局'), ('责任单位', '各街道'), ('完成时限', '6月底')]
    """
    content, pattern = field.content, field_pattern()
    # (label, kind, where its content starts) of each field on the line, the first one given
    starts: list[tuple[Span, FieldKind, int]] = [(field.label, field.kind, content.start)]
    # A label may start only after a space or a separator: those found in C, not every
    # position tried.
    for before in _INLINE_LABEL_AFTER.finditer(text, content.start, content.end - 1):
        at = before.end()
        if text[at].isspace():
            continue
        match = pattern.match(text, at, content.end)
        if match is None or not match["plain"]:
            continue
        label = Span.of(text, match.start("plain"), match.end("plain"))
        kind = label_kind(label.text)
        if kind.names_units or kind is FieldKind.TIMEFRAME:
            starts.append((label, kind, match.end()))
    if len(starts) == 1:
        return [field]
    fields = []
    for (label, kind, start), (next_label, _, _) in pairwise(starts):
        end = next_label.start
        while end > start and text[end - 1] in _BEFORE_INLINE_LABEL:
            end -= 1
        if end > start:
            fields.append(Field(kind, label, Span.of(text, start, end)))
    label, kind, start = starts[-1]
    if content.end > start:
        fields.append(Field(kind, label, Span.of(text, start, content.end)))
    return fields


def labelled_parts(text: str, start: int, end: int) -> list[Field]:
    """The fields of a labelled bracket's content ``text[start:end]``; none unless a part
    opens with a label of responsible units and no part before the first label goes
    unlabelled.

    >>> t = "负责部门:市审计局、市统计局;适用范围:全市"
    >>> [(f.kind.value, f.content.text) for f in labelled_parts(t, 0, len(t))]
    [('responsible', '市审计局、市统计局')]
    """
    pattern = field_pattern()
    fields: list[Field] = []
    label: Span | None = None  # of the field the parts continue; None after an unknown one
    content_start = content_end = start
    started = False
    for part_start, part_end in split_outside_brackets(text, start, end, lambda i: text[i] in ";,"):
        if not text[part_start:part_end].strip():
            continue
        match = pattern.match(text, part_start, part_end)
        if (match is not None and match["plain"]) or _UNKNOWN_LABEL.match(
            text, part_start, part_end
        ):
            _close(text, fields, label, content_start, content_end)
            started = True
            if match is not None and match["plain"]:
                label = Span.of(text, match.start("plain"), match.end("plain"))
                content_start, content_end = match.end(), part_end
            else:
                label = None
            continue
        if not started:
            return []
        content_end = part_end
    _close(text, fields, label, content_start, content_end)
    return fields if any(f.kind.names_units for f in fields) else []


def _close(text: str, fields: list[Field], label: Span | None, start: int, end: int) -> None:
    if label is None:
        return
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n。.":
        end -= 1
    if start < end:
        fields += fields_of_line(
            text, Field(label_kind(label.text), label, Span.of(text, start, end))
        )
