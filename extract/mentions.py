"""Named programmes (“…”) and policy documents (《…》) in a task, with planned actions.

A programme is whatever a task quotes: an initiative, a campaign, a platform, a slogan
(“双减”, “城市大脑2.0”); a policy document is whatever it puts in 《…》, typed by its title's
ending (…实施方案, …意见) and, where a verb governs it (出台, 制定, 修订 …), with that planned
action — also for a list such as 制定《A》《B》 or 制定《A》和《B》. Names keep inner marks and
spaces as written; the marks around them are not part of the span.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .lexicon import DocumentRules, document_rules
from .quotes import Mark, Quoted, quoted_between
from .records import Cue, DocumentAction, Field, FieldKind, Mention, MentionKind, Span

_LIST_GLUE = " 、和及与,"


def mention_regions(title: Span, fields: Iterable[Field]) -> list[tuple[Span, FieldKind | None]]:
    """Where a task names things: its heading and its fields, not its unit lists; each
    stretch of text once (a paragraph task's title is the first sentence of its body).

    >>> body = Field(FieldKind.BODY, Span(0, 0, ""), Span(0, 12, "推进“双减”。全面落实。"))
    >>> [kind for _, kind in mention_regions(Span(0, 6, "推进“双减”"), [body])]
    [<FieldKind.BODY: 'body'>]
    """
    regions: list[tuple[Span, FieldKind | None]] = [
        (f.content, f.kind) for f in fields if not f.kind.names_units
    ]
    inside = any(r.start <= title.start and title.end <= r.end for r, _ in regions)
    return _without_nested(regions if inside else [(title, None), *regions])


def _without_nested(
    regions: list[tuple[Span, FieldKind | None]],
) -> list[tuple[Span, FieldKind | None]]:
    """The regions with the fields inside them cut out: a labelled bracket inside a paragraph
    ((预期成果:打造“…”品牌)) is read once, as the field it is.

    >>> body, inner = Span(0, 14, "建设“甲”。(目标:“乙”)"), Span(10, 13, "“乙”")
    >>> pieces = _without_nested([(body, FieldKind.BODY), (inner, FieldKind.OUTCOME)])
    >>> [(r.text, k.value) for r, k in pieces if k is not None]
    [('建设“甲”。(目标:', 'body'), (')', 'body'), ('“乙”', 'outcome')]
    """
    pieces: list[tuple[Span, FieldKind | None]] = []
    ordered = sorted(regions, key=lambda r: r[0].start)
    for region, kind in regions:
        start = region.start
        for inner, _ in ordered:
            if inner == region or not (region.start <= inner.start and inner.end <= region.end):
                continue
            if inner.start > start:
                pieces.append((_part(region, start, inner.start), kind))
            start = max(start, inner.end)
        if start < region.end:
            pieces.append((_part(region, start, region.end), kind))
    return pieces


def _part(region: Span, start: int, end: int) -> Span:
    return Span(start, end, region.text[start - region.start : end - region.start])


def named_mentions(text: str, title: Span, fields: Iterable[Field]) -> list[Mention]:
    """Programmes and policy documents in a task's heading and fields (not its unit lists)."""
    rules = document_rules()
    mentions: list[Mention] = []
    for region, kind in mention_regions(title, fields):
        quoted = quoted_between(text, region.start, region.end)
        for item in quoted:
            if item.mark is Mark.QUOTATION:
                mentions.append(
                    Mention(
                        MentionKind.PROGRAMME,
                        item.inner.text,
                        item.inner,
                        kind,
                        Cue.QUOTATION_MARKS,
                    )
                )
            else:
                mentions.append(
                    Mention(
                        MentionKind.POLICY_DOCUMENT,
                        item.inner.text,
                        item.inner,
                        kind,
                        Cue.BOOK_TITLE_MARKS,
                        kind_detail=document_type(item.inner.text, rules),
                        action=_action(text, item, quoted, region.start, rules),
                    )
                )
    return mentions


def document_type(title: str, rules: DocumentRules | None = None) -> str | None:
    """The type of a document from its title's ending.

    >>> document_type("温州市学前教育管理办法"), document_type("杭州市终身学习条例")
    ('Measures', 'Regulation')
    """
    rules = rules or document_rules()
    endings = sorted(rules.types, key=len, reverse=True)
    return next((rules.types[e] for e in endings if title.endswith(e)), None)


def _action(
    text: str, item: Quoted, quoted: Sequence[Quoted], floor: int, rules: DocumentRules
) -> DocumentAction | None:
    """The verb right before a title, or before the first title of a list it belongs to."""
    start = item.outer.start
    titles = {q.outer.end: q for q in quoted if q.mark is Mark.TITLE}
    while True:
        position = start
        while position > floor and text[position - 1] in _LIST_GLUE:
            position -= 1
        previous = titles.get(position)
        if previous is None or previous is item:
            break
        start = previous.outer.start
    for verb in sorted(rules.actions, key=len, reverse=True):
        if text.endswith(verb, floor, start):
            return DocumentAction(Span.of(text, start - len(verb), start), rules.actions[verb])
    return None
