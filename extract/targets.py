"""Find the quantitative targets a task commits to, clause by clause.

For every number in a clause of 目标任务, 预期成果 or 工作措施 it reads the measure word after it
(``30所``), cue words after it (``以上``, ``左右``) and before it (``达到``, ``不低于``,
``下降``), what is measured (the words before a level, or the object a count is of), a written
deadline (``2024年6月底前``) and baseline (``较前三年平均``). Numbers that only name things are
skipped: inside “…” or 《…》, dates, ordinals (第一), numbers run into letters or '+' (5G, 2+X),
and names quoted elsewhere in the document (三个课堂). A clause that promises 全覆盖 gives a
full-coverage target whose 100 % is implied. Cue words count only on jieba word boundaries
(the 达 of 达标率 is no cue). All word lists are data: ``extract/data/quantities.toml``.

This module reads a task's fields clause by clause, a condition (…的,可申请…) skipped, and keeps
each printed number once; ``target_clauses.py`` reads one clause, ``quantity_reading.py`` one
number.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from .lexicon import QuantityRules, quantity_rules
from .quantity_reading import QuantityReader
from .records import Field, FieldKind, Span, Target
from .segmentation import Segmenter, Words
from .target_clauses import ClauseReader

TARGET_FIELDS = (FieldKind.OBJECTIVE, FieldKind.OUTCOME, FieldKind.MEASURE, FieldKind.BODY)
_CLAUSE_END = re.compile("[,;。!?:\n]")


def find_targets(
    text: str,
    fields: Iterable[Field],
    segmenter: Segmenter,
    names: Sequence[Span] = (),
    known_names: frozenset[str] = frozenset(),
) -> list[Target]:
    """The targets stated in the target-bearing ``fields`` of a task.

    ``names`` are spans (quotes and titles) whose numbers are names, not targets;
    ``known_names`` are quoted names of the whole document (an unquoted 三个课堂 is one too).
    """
    rules = quantity_rules()
    read: list[tuple[Field, Target]] = []
    for field in fields:
        if field.kind not in TARGET_FIELDS:
            continue
        words = segmenter.words(field.content.text, field.content.start)
        boundaries = frozenset(words.starts), frozenset(words.ends)
        inside_words = _InsideWords(words, segmenter)
        quantities = QuantityReader(
            text, rules, inside_words=inside_words, names=names, known_names=known_names
        )
        reader = ClauseReader(text, field.kind, rules, boundaries=boundaries, quantities=quantities)
        for start, end in _clauses(text, field.content):
            if _states_a_condition(text, start, end, field.content.end, rules):
                continue
            sentence = text.rfind("。", field.content.start, start) + 1 or field.content.start
            found = reader.read(start, end, max(sentence, field.content.start))
            read.extend((field, target) for target in found)
    return _once_each(read)


class _InsideWords:
    """The positions strictly inside a dictionary word of a field (the 人 of 121人才), found
    when asked: only the few positions after a measure word ever are, and a set of every
    word's inner positions cost more than the rest of the field's reading."""

    def __init__(self, words: Words, segmenter: Segmenter) -> None:
        self.words, self.segmenter = words, segmenter

    def __contains__(self, position: object) -> bool:
        if not isinstance(position, int):
            return False
        words = self.words
        index = bisect_right(words.starts, position) - 1
        if index < 0:
            return False
        word = words.words[index]
        return (
            words.starts[index] < position < words.ends[index]
            and len(word) > 1
            and self.segmenter.in_dictionary(word)
        )


def _once_each(read: list[tuple[Field, Target]]) -> list[Target]:
    """Each printed number once: where fields overlap (a paragraph and the labelled bracket
    inside it), the innermost field's reading of a number is kept, in the order read."""
    kept: dict[tuple[bool, int], int] = {}
    for index, (field, target) in enumerate(read):
        where = _printed_at(target)
        other = kept.get(where)
        if other is None or len(field.content.text) < len(read[other][0].content.text):
            kept[where] = index
    chosen = set(kept.values())
    return [target for index, (_, target) in enumerate(read) if index in chosen]


def _printed_at(target: Target) -> tuple[bool, int]:
    """Where a target's number is printed; an implied one (全覆盖) is where its words end."""
    if target.value_text is not None:
        return True, target.value_text.start
    return False, target.span.end


def _states_a_condition(
    text: str, start: int, end: int, content_end: int, rules: QuantityRules
) -> bool:
    """Whether the clause ``[start, end)`` is a condition: it ends in 的 and, after its comma,
    the next clause says what may then be done (…签订1年以上劳动合同的,可申请…)."""
    if (
        end >= content_end
        or text[end] != ","
        or not text.endswith(rules.condition_ends, start, end)
    ):
        return False
    following = end + 1
    while following < content_end and text[following].isspace():
        following += 1
    return text.startswith(rules.consequences, following)


def _clauses(text: str, content: Span) -> Iterable[tuple[int, int]]:
    start = content.start
    for match in _CLAUSE_END.finditer(text, content.start, content.end):
        if match.start() > start:
            yield start, match.start()
        start = match.start() + 1
    if content.end > start:
        yield start, content.end
